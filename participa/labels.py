"""Translated names of the values people see (roles, states), in one place."""
from flask_babel import lazy_gettext as _l

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
    "account.locked": _l("Account locked for a while after repeated failures"),
    "account.password_changed": _l("Password changed"),
    "account.email_changed": _l("Email address changed"),
    "account.two_factor_enabled": _l("Two-step verification turned on"),
    "account.two_factor_disabled": _l("Two-step verification turned off"),
    "account.recovery_code_used": _l("Recovery code used"),
    "account.recovery_codes_renewed": _l("New recovery codes created"),
    "account.sessions_ended": _l("Signed out on other devices"),
}


def security_event_label(action: str) -> str:
    return SECURITY_EVENT_LABELS.get(action, action)
