"""Domain models, one module per domain. Importing this package registers every table."""
from participa.models.accounts import GlobalRole, User
from participa.models.audit import AuditEntry
from participa.models.institutions import Institution, InstitutionRole, Membership
from participa.models.security import RecoveryCode, TwoFactorCredential, UserSession

__all__ = [
    "AuditEntry",
    "GlobalRole",
    "Institution",
    "InstitutionRole",
    "Membership",
    "RecoveryCode",
    "TwoFactorCredential",
    "User",
    "UserSession",
]
