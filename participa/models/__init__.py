"""Domain models, one module per domain. Importing this package registers every table."""
from participa.models.accounts import GlobalRole, User
from participa.models.audit import AuditEntry
from participa.models.cases import (ApiClient, Case, CaseAttachment, CaseCategory, CaseEvent,
                                    CaseSettings, CaseState, CaseType, EventKind, Holiday)
from participa.models.institutions import Institution, InstitutionRole, Membership

__all__ = [
    "ApiClient",
    "AuditEntry",
    "Case",
    "CaseAttachment",
    "CaseCategory",
    "CaseEvent",
    "CaseSettings",
    "CaseState",
    "CaseType",
    "EventKind",
    "Holiday",
    "GlobalRole",
    "Institution",
    "InstitutionRole",
    "Membership",
    "User",
]
