"""Request-wide account rules: who is signed in, and role holders' two-factor requirement."""
from __future__ import annotations

from flask import flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participa import authz
from participa.auth import bp, sessions, signed_in, two_factor
from participa.extensions import db
from participa.i18n import ACCOUNT_SESSION_KEY
from participa.models import User
from participa.timeutil import utcnow

# What a role holder without two-factor authentication may still reach.
ENROLMENT_ENDPOINTS = {
    "auth.two_factor", "auth.logout", "main.set_language", "static",
}

_ENDED = {
    "idle": _l("Your session ended after a period without activity. Please sign in again."),
    "expired": _l("Your session has expired. Please sign in again."),
}


def load_signed_in_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user, only while their server-side session is alive.
    One query reads the user, the session row and what the guards and the header ask
    (participa.auth.signed_in)."""
    token = session.get(sessions.SESSION_KEY)
    now = utcnow()
    try:
        found = signed_in.load(int(user_id), sessions.hash_token(token), now) if token else None
    except (TypeError, ValueError):
        found = None
    reason = "missing" if found is None else sessions.check(found[0], found[1], now)
    if reason is not None:
        db.session.commit()
        for key in ("_user_id", "_fresh", "_id", sessions.SESSION_KEY, ACCOUNT_SESSION_KEY):
            session.pop(key, None)
        if reason in _ENDED:
            flash(_ENDED[reason], "info")
        return None
    user, _row, facts = found
    if g.pop("session_touched", False):
        # The "last seen" time; nothing else is pending this early. What was just read
        # stays loaded: expiring it would read the user, memberships and credential again.
        real_session = db.session()
        expire, real_session.expire_on_commit = real_session.expire_on_commit, False
        try:
            real_session.commit()
        finally:
            real_session.expire_on_commit = expire
    signed_in.remember(facts)
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
