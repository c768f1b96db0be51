"""Telling authors what the moderators decided: an in-app notice (added by the service) and
a mail, in the author's language, sent after the decision is committed."""
from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from participa.extensions import db
from participa import mail_preferences
from participa.mail import external_url
from participa.mail_preferences import MailKind
from participa.models import ModerationNotice, NoticeKind, User


def subject_for(notice: ModerationNotice) -> str:
    if notice.kind == NoticeKind.HIDDEN:
        return _("Your content on Participa has been hidden")
    return _("Your content on Participa has been restored")


def send(notice: ModerationNotice | None) -> None:
    if notice is None:
        return
    user = db.session.get(User, notice.user_id)
    if user is None or not user.is_active_account:
        return
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        body = render_template("moderation/notice_mail.txt", user=user, notice=notice,
                               link=external_url("citizen.notices"))
        mail_preferences.send_kind_mail(user, MailKind.MODERATION, subject_for(notice), body)
