"""Domain models, one module per domain. Importing this package registers every table."""
from participa.models.accounts import GlobalRole, User
from participa.models.audit import AuditEntry
from participa.models.consultations import (
    Comment, Consultation, Decision, Document, MailOptOut, Notification, NotificationKind, Phase,
    Section, Stance, Support,
)
from participa.models.institutions import Institution, InstitutionRole, Membership

__all__ = [
    "AuditEntry",
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
    "GlobalRole",
    "Institution",
    "InstitutionRole",
    "Membership",
    "User",
]
