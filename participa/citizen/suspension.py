"""Telling a suspended person: a mail when the suspension starts, and a banner on every page
while signed in, with the reason and the end date in words."""
from __future__ import annotations

from datetime import datetime
from functools import cache

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from participa.extensions import db
from participa.institution_names import institution_label
from participa.mail import external_url, send_mail
from participa.models import Ban, User
from participa.timeutil import utcnow


@cache
def _active_bans_statement():
    """Built once: asked on every signed-in page."""
    return (select(Ban).where(Ban.user_id == bindparam("user_id"), Ban.until > bindparam("now"))
            .options(selectinload(Ban.institution)).order_by(Ban.until.desc()))


def active_bans(user: User, now: datetime | None = None) -> list[Ban]:
    """The person's suspensions still running, the one ending last first."""
    return list(db.session.scalars(_active_bans_statement(),
                                   {"user_id": user.id, "now": now or utcnow()}))


def tell(ban: Ban) -> None:
    """Queue the mail that tells the person of their suspension (essential: it concerns
    their rights on the platform, so it is sent whatever their mail preferences)."""
    user = db.session.get(User, ban.user_id)
    if user is None or not user.is_active_account or user.deleted_at is not None:
        return
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Your participation in the spaces of %(of_institution)s is suspended",
                    of_institution=institution_label(ban.institution, "of", short=True))
        body = render_template("citizen/suspension_mail.txt", user=user, ban=ban,
                               link=external_url("citizen.home"))
    send_mail(user.email, subject, body)
