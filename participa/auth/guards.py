"""Request-wide account rules: who is signed in, and role holders' two-factor requirement."""
from __future__ import annotations

from flask import flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participa import authz
from participa.auth import bp, sessions, two_factor
from participa.extensions import db
from participa.models import User

# What a role holder without two-factor authentication may still reach.
ENROLMENT_ENDPOINTS = {
    "auth.two_factor", "auth.logout", "main.set_language", "static",
}

_ENDED = {
    "idle": _l("Your session ended after a period without activity. Please sign in again."),
    "expired": _l("Your session has expired. Please sign in again."),
}


def load_signed_in_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user, only while their server-side session is alive."""
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        user = None
    reason = sessions.validate(user, session.get(sessions.SESSION_KEY)) if user else "missing"
    if reason is not None:
        db.session.commit()
        for key in ("_user_id", "_fresh", "_id", sessions.SESSION_KEY):
            session.pop(key, None)
        if reason in _ENDED:
            flash(_ENDED[reason], "info")
        return None
    if g.pop("session_touched", False):
        # The "last seen" time; nothing else is pending this early. Only then: a commit
        # expires the user, whom the request would read again.
        db.session.commit()
    return user


@bp.before_app_request
def require_two_factor_enrolment():
    """Role holders who have not turned on two-factor authentication may only enrol."""
    if not current_user.is_authenticated or request.endpoint in ENROLMENT_ENDPOINTS:
        return None
    if authz.must_use_two_factor(current_user) and not two_factor.is_enabled(current_user):
        flash(_l("Your role requires two-step verification. Set it up to continue."), "info")
        return redirect(url_for("auth.two_factor"))
    return None
