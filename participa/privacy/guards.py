"""Before anything else, a signed-in person whose consent is missing or outdated reads the
current privacy notice and agrees to it."""
from __future__ import annotations

from flask import redirect, request, url_for
from flask_login import current_user

from participa.auth.guards import ENROLMENT_ENDPOINTS
from participa.privacy import bp
from participa.auth import signed_in
from participa.privacy.notice import ASK, needs_consent

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
    # The latest consent was read with the user (participa.auth.signed_in): no query here.
    facts = signed_in.facts_for(current_user)
    if needs_consent(current_user, facts.consent_version if facts else ASK):
        return redirect(url_for("privacy.consent", next=request.full_path
                                if request.method == "GET" else None))
    return None
