"""Mail to a proposal's author, in the author's language, sent after the change is committed."""
from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from participa.extensions import db
from participa.labels import ANSWER_OUTCOME_LABELS
from participa import mail_preferences
from participa.mail import external_url
from participa.mail_preferences import MailKind
from participa.models import Comment, Notification, NotificationKind, Proposal, User


def _send(proposal: Proposal, subject_text, template: str) -> None:
    author = proposal.author
    if author is None:
        return
    with force_locale(author.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        link = external_url("proposals.show", proposal_id=proposal.id)
        subject = subject_text()
        body = render_template(template, proposal=proposal, author=author, link=link,
                               outcome_labels=ANSWER_OUTCOME_LABELS)
    try:
        mail_preferences.send_kind_mail(author, MailKind.PROPOSALS, subject, body)
    except Exception:  # the change is committed and public; a failing relay is only logged
        current_app.logger.exception("Could not mail proposal %s to its author", proposal.id)


def threshold_reached(proposal: Proposal) -> None:
    _send(proposal, lambda: _("Your proposal reached its supports: %(title)s",
                              title=proposal.title),
          "proposals/mail_threshold.txt")


def answered(proposal: Proposal) -> None:
    _send(proposal, lambda: _("The institution answered your proposal: %(title)s",
                              title=proposal.title),
          "proposals/mail_answered.txt")


def comment_subject(kind: NotificationKind, proposal: Proposal) -> str:
    if kind == NotificationKind.OFFICIAL_REPLY:
        return _("An official answered your comment on the proposal “%(title)s”",
                 title=proposal.title)
    return _("New comment on your proposal “%(title)s”", title=proposal.title)


def comment_notice(user_id: int, kind: NotificationKind, comment: Comment) -> None:
    """Tell one person of a comment on a proposal (an official's answer to their comment, or
    a comment on their proposal): an in-app notice, and a mail unless they stopped proposal
    mail. The mail is queued in the outbox with this transaction."""
    proposal = comment.proposal
    db.session.add(Notification(user_id=user_id, kind=kind, comment_id=comment.id))
    user = db.session.get(User, user_id)
    if user is None or not user.is_active_account:
        return
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        link = external_url("proposals.show", proposal_id=proposal.id,
                            _anchor=f"comentario-{comment.root_id or comment.id}")
        body = render_template("proposals/mail_comment.txt", user=user, kind=kind,
                               proposal=proposal, link=link)
        mail_preferences.send_kind_mail(user, MailKind.PROPOSALS,
                                        comment_subject(kind, proposal), body)
