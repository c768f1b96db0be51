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


# --- Contacto Ciudadano ---------------------------------------------------------------
from participa.models import CaseState, CaseType, EventKind  # noqa: E402

CASE_TYPE_LABELS = {
    CaseType.INFORMATION_REQUEST: _l("Request for information"),
    CaseType.COMPLAINT: _l("Complaint"),
    CaseType.SUGGESTION: _l("Suggestion"),
    CaseType.REPORT: _l("Report of a problem"),
    CaseType.CONGRATULATION: _l("Congratulation"),
}
CASE_STATE_LABELS = {
    CaseState.RECEIVED: _l("Received"),
    CaseState.ASSIGNED: _l("Assigned"),
    CaseState.IN_PROGRESS: _l("In progress"),
    CaseState.ANSWERED: _l("Answered"),
    CaseState.RESOLVED: _l("Resolved"),
    CaseState.CLOSED: _l("Closed"),
    CaseState.REJECTED: _l("Rejected as out of scope"),
}
CASE_EVENT_LABELS = {
    EventKind.FILED: _l("Case filed"),
    EventKind.ASSIGNED: _l("Assigned to an official"),
    EventKind.CATEGORISED: _l("Category changed"),
    EventKind.STARTED: _l("Work started"),
    EventKind.NOTE: _l("Internal note"),
    EventKind.ANSWERED: _l("Answered"),
    EventKind.REOPENED: _l("Reopened by the citizen"),
    EventKind.RESOLVED: _l("Resolution confirmed by the citizen"),
    EventKind.CLOSED: _l("Closed"),
    EventKind.REJECTED: _l("Rejected as out of scope"),
    EventKind.TRANSFERRED: _l("Transferred to another institution"),
    EventKind.ESCALATED: _l("Escalated: the deadline passed"),
    EventKind.IMPORTED: _l("Imported from the previous system"),
}
