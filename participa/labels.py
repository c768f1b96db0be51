"""Translated names of the values people see (roles, states), in one place."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from participa.models import GlobalRole, InstitutionRole

ROLE_LABELS = {
    InstitutionRole.MODERATOR: _l("Moderator"),
    InstitutionRole.OFFICIAL: _l("Official"),
    InstitutionRole.INSTITUTION_ADMIN: _l("Institution administrator"),
    GlobalRole.RECTOR_ANALYST: _l("Rector ministry analyst"),
    GlobalRole.PLATFORM_ADMIN: _l("Platform administrator"),
}


def role_label(role) -> str:
    return ROLE_LABELS.get(role, str(role))


SECURITY_EVENT_LABELS = {
    "account.registered": _l("Account created"),
    "account.signed_in": _l("Signed in"),
    "account.sign_in_failed": _l("Failed sign-in (wrong password)"),
    "account.two_factor_failed": _l("Failed sign-in (wrong verification code)"),
    "account.reauthentication_failed":
        _l("Wrong password or code when changing a security setting"),
    "account.locked": _l("Account locked for a while after repeated failures"),
    "account.password_changed": _l("Password changed"),
    "account.email_change_requested": _l("Email address change requested"),
    "account.email_changed": _l("Email address changed"),
    "account.two_factor_enabled": _l("Two-step verification turned on"),
    "account.two_factor_disabled": _l("Two-step verification turned off"),
    "account.recovery_code_used": _l("Recovery code used"),
    "account.recovery_codes_renewed": _l("New recovery codes created"),
    "account.sessions_ended": _l("Signed out on other devices"),
}


def security_event_label(action: str) -> str:
    return SECURITY_EVENT_LABELS.get(action, action)
# --- Proposals -------------------------------------------------------------------------------
from participa.models import (  # noqa: E402
    AnswerOutcome,
    ModerationState,
    ProposalState,
    ProposalTopic,
)

PROPOSAL_STATE_LABELS = {
    ProposalState.OPEN: _l("Collecting supports"),
    ProposalState.AWAITING_ANSWER: _l("Awaiting answer"),
    ProposalState.ANSWERED: _l("Answered"),
    ProposalState.ARCHIVED: _l("Archived"),
    ProposalState.WITHDRAWN: _l("Withdrawn by its author"),
}
MODERATION_LABELS = {
    ModerationState.PENDING: _l("Pending publication"),
    ModerationState.PUBLISHED: _l("Published"),
    ModerationState.HIDDEN: _l("Hidden by moderation"),
}
TOPIC_LABELS = {
    ProposalTopic.HEALTH: _l("Health"),
    ProposalTopic.EDUCATION: _l("Education"),
    ProposalTopic.ENVIRONMENT: _l("Environment and water"),
    ProposalTopic.TRANSPORT: _l("Transport and public works"),
    ProposalTopic.EMPLOYMENT: _l("Work and employment"),
    ProposalTopic.ECONOMY: _l("Economy and taxes"),
    ProposalTopic.TECHNOLOGY: _l("Technology and connectivity"),
    ProposalTopic.SOCIAL_INCLUSION: _l("Social inclusion"),
    ProposalTopic.AGRICULTURE: _l("Agriculture"),
    ProposalTopic.SECURITY: _l("Security"),
    ProposalTopic.CULTURE: _l("Culture and sport"),
    ProposalTopic.OTHER: _l("Other"),
}
ANSWER_OUTCOME_LABELS = {
    AnswerOutcome.ACCEPTED: _l("Accepted"),
    AnswerOutcome.REJECTED: _l("Rejected, with reasons"),
    AnswerOutcome.UNDER_STUDY: _l("Under study"),
    AnswerOutcome.ALREADY_PLANNED: _l("Already planned"),
}

# --- Consultations ---------------------------------------------------------------------
from participa.models import Decision, Phase, Stance  # noqa: E402

PHASE_LABELS = {
    Phase.DRAFT: _l("Draft"),
    Phase.INFORMATION: _l("Announced: comments not open yet"),
    Phase.OPEN: _l("Open for comments"),
    Phase.CLOSED: _l("Closed: under evaluation"),
    Phase.OUTCOME: _l("Outcome published"),
}
STANCE_LABELS = {
    Stance.FOR: _l("For"),
    Stance.AGAINST: _l("Against"),
    Stance.NEUTRAL: _l("Neutral"),
}
DECISION_LABELS = {
    Decision.INCORPORATED: _l("Incorporated"),
    Decision.PARTLY: _l("Partly incorporated"),
    Decision.NOT_INCORPORATED: _l("Not incorporated"),
}

# --- Contacto Ciudadano ---------------------------------------------------------------
from participa.models import CaseState, CaseType, EventKind, RefusalGround  # noqa: E402

CASE_TYPE_LABELS = {
    CaseType.INFORMATION_REQUEST: _l("Request for information"),
    CaseType.COMPLAINT: _l("Complaint"),
    CaseType.SUGGESTION: _l("Suggestion"),
    CaseType.REPORT: _l("Report of a problem"),
    CaseType.CONGRATULATION: _l("Congratulation"),
    CaseType.DATA_ACCESS: _l("Personal data: access"),
    CaseType.DATA_RECTIFICATION: _l("Personal data: rectification and updating"),
    CaseType.DATA_DELETION: _l("Personal data: deletion"),
    CaseType.DATA_OBJECTION: _l("Personal data: objection"),
    CaseType.DATA_PORTABILITY: _l("Personal data: portability"),
    CaseType.DATA_AUTOMATED_DECISION: _l("Personal data: not to be subject to an automated "
                                         "decision"),
}
REFUSAL_GROUND_LABELS = {
    RefusalGround.RESERVED: _l("Information classified as reserved"),
    RefusalGround.CONFIDENTIAL: _l("Confidential personal data"),
}
CASE_STATE_LABELS = {
    CaseState.RECEIVED: _l("Received"),
    CaseState.ASSIGNED: _l("Assigned"),
    CaseState.IN_PROGRESS: _l("In progress"),
    CaseState.ANSWERED: lazy_pgettext("case", "Answered"),
    CaseState.RESOLVED: _l("Resolved"),
    CaseState.CLOSED: lazy_pgettext("case", "Closed"),
    CaseState.REJECTED: _l("Rejected as out of scope"),
}
CASE_EVENT_LABELS = {
    EventKind.FILED: _l("Case filed"),
    EventKind.ASSIGNED: _l("Assigned to an official"),
    EventKind.CATEGORISED: _l("Category changed"),
    EventKind.STARTED: _l("Work started"),
    EventKind.NOTE: _l("Internal note"),
    EventKind.ANSWERED: lazy_pgettext("case", "Answered"),
    EventKind.REOPENED: _l("Reopened by the citizen"),
    EventKind.RESOLVED: _l("Resolution confirmed by the citizen"),
    EventKind.CLOSED: lazy_pgettext("case", "Closed"),
    EventKind.REJECTED: _l("Rejected as out of scope"),
    EventKind.TRANSFERRED: _l("Transferred to another institution"),
    EventKind.ESCALATED: _l("Escalated: the deadline passed"),
    EventKind.EXTENDED: _l("Term extended"),
    EventKind.IMPORTED: _l("Imported from the previous system"),
    EventKind.INFORMATION_REQUESTED: _l("More information requested from the citizen"),
    EventKind.INFORMATION_PROVIDED: _l("Information provided by the citizen"),
}

# --- Moderation ------------------------------------------------------------------------
from participa.models import FlagReason, ReviewState  # noqa: E402

FLAG_REASON_LABELS = {
    FlagReason.SPAM: _l("Spam or advertising"),
    FlagReason.OFFENSIVE: _l("Offensive or abusive"),
    FlagReason.OFF_TOPIC: _l("Off-topic"),
    FlagReason.PERSONAL_DATA: _l("Exposes personal data"),
    FlagReason.OTHER: _l("Other reason"),
}
REVIEW_STATE_LABELS = {
    ReviewState.PENDING: _l("Waiting for approval"),
    ReviewState.FLAGGED: _l("Flagged"),
    ReviewState.APPEALED: _l("Appealed by its author"),
}


# The audit log's actions (the stored code stays stable: filters and the CSV use it); a code
# without a label is shown as it is.
ACTION_LABELS = {
    **SECURITY_EVENT_LABELS,
    "account.cedula_added": _l("Cédula declared on an account"),
    "identity.verified": _l("Identity verified"),
    "identity.revoked": _l("Identity verification revoked"),
    "census.imported": _l("Census file imported"),
    "account.deleted": _l("Account deleted"),
    "account.email_confirmed": _l("Email address confirmed"),
    "account.profile_changed": _l("Profile changed"),
    "api_client.issued": _l("API key issued"),
    "api_client.revoked": _l("API key revoked"),
    "case.answered": _l("Case answered"),
    "case.assisted_filed": _l("Case filed for a person (assisted)"),
    "case.call_recorded": _l("Call to an assisted person recorded"),
    "case.claimed": _l("Case filed for a person claimed by their account"),
    "case.assigned": _l("Case assigned"),
    "case.categorised": _l("Case category changed"),
    "case.closed": _l("Case closed"),
    "case.rejected": _l("Case rejected as out of scope"),
    "case.started": _l("Work on a case started"),
    "case.transferred": _l("Case transferred"),
    "case.priority_marked": _l("Case marked for priority attention"),
    "case.priority_removed": _l("Priority attention removed from a case"),
    "cases.priority_term_set": _l("Priority term for cases set"),
    "case_category.created": _l("Case category created"),
    "case_category.updated": _l("Case category changed"),
    "case_settings.updated": _l("Case settings changed"),
    "cases.imported": _l("Historical cases imported"),
    "cedula.claimed": _l("Cédula claimed from another account"),
    "infocentro.created": _l("Infocentro created"),
    "infocentro.staff_added": _l("Person added to an Infocentro's staff"),
    "infocentro.staff_removed": _l("Person removed from an Infocentro's staff"),
    "cedula.claim_refused": _l("Cédula claim refused"),
    "cedula.moved": _l("Cédula moved to the account that claimed it"),
    "consultation.comment_answered": _l("Comment marked as answered"),
    "consultation.comment_outcome": _l("Outcome of a comment recorded"),
    "consultation.created": _l("Consultation created"),
    "consultation.document_added": _l("Document added to a consultation"),
    "consultation.official_comment": _l("Official comment posted"),
    "consultation.official_reply": _l("Official reply posted"),
    "consultation.outcome_published": _l("Consultation outcome published"),
    "consultation.section_outcome": _l("Outcome of a section recorded"),
    "consultation.updated": _l("Consultation changed"),
    "data_request.answered": _l("Open data request answered"),
    "global_role.set": _l("Platform role changed"),
    "holiday.added": _l("Holiday added"),
    "holiday.removed": _l("Holiday removed"),
    "institution.created": _l("Institution created"),
    "institution.imported": _l("Institutions imported"),
    "institution.updated": _l("Institution changed"),
    "membership.added": _l("Institution role given"),
    "membership.removed": _l("Institution role taken away"),
    "moderation.appeal_rejected": _l("Appeal rejected"),
    "moderation.appealed": _l("Moderation decision appealed"),
    "moderation.approved": _l("Content approved"),
    "moderation.auto_hidden": _l("Content hidden by flags"),
    "moderation.banned": _l("Author suspended"),
    "moderation.comment_premoderation": _l("Comment pre-moderation changed"),
    "moderation.flags_dismissed": _l("Flags dismissed"),
    "moderation.hidden": _l("Content hidden by a moderator"),
    "moderation.restored": _l("Content restored"),
    "moderation.settings_updated": _l("Moderation settings changed"),
    "norm_fact.added": _l("Norm recorded"),
    "norm_fact.removed": _l("Norm removed"),
    "privacy.cases_anonymised": _l("Cases anonymised"),
    "privacy.consent_given": _l("Consent given"),
    "proposal.answered": _l("Proposal answered"),
    "mail.resent": _l("Mail queued again"),
    "proposal.published": _l("Proposal published"),
    "proposal_settings.updated": _l("Proposal settings changed"),
    "proposals.swept": _l("Proposal deadlines checked"),
    "question.added": _l("Question added"),
    "question.removed": _l("Question removed"),
    "question.updated": _l("Question changed"),
    "reuse.reviewed": _l("Open data reuse reviewed"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


# What an entry is about (the model's name, as stored in `target_type`).
TARGET_LABELS = {
    "ApiClient": _l("API client"),
    "Ban": _l("Suspension"),
    "Case": _l("Case"),
    "CaseCategory": _l("Case category"),
    "Comment": _l("Comment"),
    "Consultation": _l("Consultation"),
    "DataRequest": _l("Open data request"),
    "Document": _l("Document"),
    "Institution": _l("Institution"),
    "Membership": _l("Institution role"),
    "ModerationItem": _l("Moderation item"),
    "OutboxMail": _l("Mail"),
    "NormFact": _l("Norm"),
    "Proposal": _l("Proposal"),
    "Question": _l("Question"),
    "Reuse": _l("Open data reuse"),
    "Section": _l("Section"),
    "User": _l("Account"),
}


def target_label(target_type: str) -> str:
    return str(TARGET_LABELS.get(target_type, target_type))


from participa.models import PriorityConsent, PriorityGroup  # noqa: E402

# Priority attention (participa.cases.priority): the groups of the Constitution, art. 35.
PRIORITY_GROUP_LABELS = {
    PriorityGroup.OLDER_ADULT: _l("Older adult (65 or over)"),
    PriorityGroup.DISABILITY: _l("Person with a disability"),
    PriorityGroup.PREGNANCY: _l("Pregnant woman"),
    PriorityGroup.CHILD_OR_ADOLESCENT: _l("Child or adolescent"),
    PriorityGroup.DEPRIVED_OF_LIBERTY: _l("Person deprived of liberty"),
    PriorityGroup.CATASTROPHIC_ILLNESS: _l("Person with a catastrophic or highly complex "
                                           "illness"),
    PriorityGroup.VIOLENCE_VICTIM: _l("Victim of domestic or sexual violence"),
    PriorityGroup.CHILD_MISTREATMENT: _l("Victim of child mistreatment"),
    PriorityGroup.DISASTER_VICTIM: _l("Victim of a natural or man-made disaster"),
    PriorityGroup.OTHER: _l("Other situation of vulnerability"),
}

PRIORITY_CONSENT_LABELS = {
    PriorityConsent.ONLINE_FORM: _l("On the online filing form"),
    PriorityConsent.IN_PERSON: _l("In person"),
    PriorityConsent.PHONE: _l("By phone"),
    PriorityConsent.WRITTEN: _l("In writing"),
}
