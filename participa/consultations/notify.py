"""Telling people what happened: an in-app notice, and a mail unless they stopped
consultation mail (participa.mail_preferences: a signed link that works without signing in).
"""
from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import insert, select

from participa import mail_preferences
from participa.extensions import db
from participa.mail import external_url
from participa.mail_preferences import MailKind
from participa.models import Notification, NotificationKind, User
from participa.tasks.after_commit import enqueue_after_commit
from participa.timeutil import utcnow

def unsubscribe_token(user_id: int) -> str:
    return mail_preferences.token_for(user_id, MailKind.CONSULTATIONS)


def user_for_unsubscribe_token(token: str) -> User | None:
    found = mail_preferences.read_token(token)
    return found[0] if found is not None else None


def unsubscribe(user: User) -> None:
    mail_preferences.set_wanted(user, MailKind.CONSULTATIONS, False)


def subject_for(kind: NotificationKind, consultation) -> str:
    if kind == NotificationKind.OFFICIAL_REPLY:
        return _("An official answered your comment on “%(title)s”", title=consultation.title)
    return _("The outcome of “%(title)s” has been published", title=consultation.title)


def notify(user_ids, kind: NotificationKind, consultation, comment=None) -> None:
    """Add a notice for each person and mail those who did not unsubscribe. Beyond
    MAIL_FAN_OUT_ABOVE people (the followers of a national consultation) the mails are
    written by the worker once this transaction commits, so the request returns at once."""
    user_ids = sorted(set(user_ids))
    if not user_ids:
        return
    now = utcnow()
    db.session.execute(insert(Notification), [
        {"user_id": uid, "kind": kind, "consultation_id": consultation.id,
         "comment_id": getattr(comment, "id", None), "created_at": now}
        for uid in user_ids])
    if len(user_ids) > current_app.config["MAIL_FAN_OUT_ABOVE"]:
        enqueue_after_commit("notify_followers", user_ids, kind.value, consultation.id,
                             getattr(comment, "id", None))
        return
    mail_followers(user_ids, kind, consultation, comment)


def mail_followers(user_ids, kind: NotificationKind, consultation, comment=None) -> None:
    """Queue the mail of a notice for those of `user_ids` who did not unsubscribe."""
    recipients = db.session.scalars(
        select(User).where(
            User.id.in_(user_ids), User.is_active_account.is_(True),
            User.id.not_in(mail_preferences.users_not_wanting(user_ids,
                                                              MailKind.CONSULTATIONS)))).all()
    link = external_url("consultations.show", consultation_id=consultation.id)
    if comment is not None:
        link += f"#comentario-{comment.root_id or comment.id}"
    for user in recipients:
        with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            body = render_template(
                "consultations/notification_mail.txt", user=user, kind=kind,
                consultation=consultation, link=link)
            mail_preferences.send_kind_mail(user, MailKind.CONSULTATIONS,
                                            subject_for(kind, consultation), body,
                                            checked=True)
