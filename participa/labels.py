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


from participa.models import Decision, Phase, Stance  # noqa: E402

PHASE_LABELS = {
    Phase.DRAFT: _l("Draft"),
    Phase.OPEN: _l("Open for comments"),
    Phase.CLOSED: _l("Closed"),
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
