"""Before anything else, a signed-in person whose consent is missing or outdated reads the
current privacy notice and agrees to it."""
from __future__ import annotations

from flask import redirect, request, url_for
from flask_login import current_user

from participa.auth.guards import ENROLMENT_ENDPOINTS
from participa.privacy import bp
from participa.privacy.notice import needs_consent

# Reachable without having agreed: the notice itself, the policy, signing out, leaving.
OPEN_ENDPOINTS = ENROLMENT_ENDPOINTS | {
    "privacy.consent", "privacy.policy", "privacy.delete_account", "privacy.my_data",
    "privacy.my_data_json",
}


@bp.before_app_request
def require_current_consent():
    if (not current_user.is_authenticated or request.endpoint in OPEN_ENDPOINTS
            or request.endpoint is None):
        return None
    if needs_consent(current_user):
        return redirect(url_for("privacy.consent", next=request.full_path
                                if request.method == "GET" else None))
    return None
