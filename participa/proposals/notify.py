"""Mail to a proposal's author, in the author's language, sent after the change is committed."""
from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from participa.labels import ANSWER_OUTCOME_LABELS
from participa import mail_preferences
from participa.mail import external_url
from participa.mail_preferences import MailKind
from participa.models import Proposal


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
