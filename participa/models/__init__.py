"""Domain models, one module per domain. Importing this package registers every table."""
from participa.models.accounts import GlobalRole, User
from participa.models.audit import AuditEntry
from participa.models.ballots import Ballot, BallotChoice, Question, QuestionOption
from participa.models.cedula_conflicts import CedulaConflict
from participa.models.consultations import (
    Comment, Consultation, Decision, Document, MailOptOut, Notification, NotificationKind, Phase,
    Section, Stance, Support,
)
from participa.models.cases import (ApiClient, Case, CaseAttachment, CaseCategory, CaseEvent,
                                    CaseReplyTemplate,
                                    CaseSettings, CaseState, CaseType, EventKind, Holiday,
                                    HolidayKind, RefusalGround)
from participa.models.cases import CasePriorityMark, PriorityConsent, PriorityGroup
from participa.models.transparency import LotaipReportSubmission, ReservedClassification
from participa.models.institutions import Institution, InstitutionRole, Membership
from participa.models.moderation import (
    Ban, ContentKind, Flag, FlagReason, ModerationItem, ModerationNotice, ModerationSettings,
    NoticeKind, ReviewState,
)
from participa.models.observatory import (
    DataRequest, DataRequestAnswer, DataRequestState, DataRequestSupport, NormFact, NormKind, Reuse,
    ReuseKind, ReviewStatus,
)
from participa.models.published import PublishedFigures
from participa.models.search import SearchDocument
from participa.models.digest import (CommentDigest, CommentGroup, CommentGroupMember,
                                     SharedOutcome, SharedOutcomeMember)
from participa.models.outbox import OutboxMail, OutboxStatus
from participa.models.privacy import AccessKind, AccessLogEntry, Consent, ConsentPurpose
from participa.models.security import RecoveryCode, TwoFactorCredential, UserSession
from participa.models.verifications import (CensusEntry, Level, RegistryRequest, RegistryState,
                                            Verification, VerificationMethod)
from participa.models.proposals import (
    AnswerOutcome,
    ModerationState,
    Proposal,
    ProposalAnswer,
    ProposalSettings,
    ProposalState,
    ProposalSupport,
    ProposalTopic,
)

__all__ = [
    "CasePriorityMark",
    "PriorityConsent",
    "PriorityGroup",
    "LotaipReportSubmission",
    "RefusalGround",
    "ReservedClassification",
    "PublishedFigures",
    "SearchDocument",
    "CommentDigest",
    "CommentGroup",
    "CommentGroupMember",
    "SharedOutcome",
    "SharedOutcomeMember",
    "CensusEntry",
    "RegistryRequest",
    "RegistryState",
    "Level",
    "Verification",
    "VerificationMethod",
    "OutboxMail",
    "OutboxStatus",
    "DataRequest",
    "DataRequestAnswer",
    "DataRequestState",
    "DataRequestSupport",
    "NormFact",
    "NormKind",
    "Reuse",
    "ReuseKind",
    "ReviewStatus",
    "AccessKind",
    "AccessLogEntry",
    "Consent",
    "ConsentPurpose",
    "AnswerOutcome",
    "AuditEntry",
    "Ballot",
    "BallotChoice",
    "CedulaConflict",
    "Question",
    "QuestionOption",
    "Comment",
    "Consultation",
    "Decision",
    "Document",
    "MailOptOut",
    "Notification",
    "NotificationKind",
    "Phase",
    "Section",
    "Stance",
    "Support",
    "ApiClient",
    "AuditEntry",
    "Case",
    "CaseAttachment",
    "CaseReplyTemplate",
    "CaseCategory",
    "CaseEvent",
    "CaseSettings",
    "CaseState",
    "CaseType",
    "EventKind",
    "Holiday",
    "HolidayKind",
    "GlobalRole",
    "Institution",
    "InstitutionRole",
    "Membership",
    "RecoveryCode",
    "TwoFactorCredential",
    "ModerationState",
    "Proposal",
    "ProposalAnswer",
    "ProposalSettings",
    "ProposalState",
    "ProposalSupport",
    "ProposalTopic",
    "User",
    "UserSession",
    "Ban",
    "ContentKind",
    "Flag",
    "FlagReason",
    "ModerationItem",
    "ModerationNotice",
    "ModerationSettings",
    "NoticeKind",
    "ReviewState",
]
