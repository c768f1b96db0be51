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
