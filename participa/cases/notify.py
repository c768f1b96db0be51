"""Telling people about their cases by mail. Called after the commit: a mail failure is
logged and never undoes or hides a stored change."""
from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from participa.cases import information
from participa.institution_names import institution_label
from participa.labels import CASE_EVENT_LABELS, CASE_STATE_LABELS
from participa import mail_preferences
from participa.mail import external_url, send_mail
from participa.mail_preferences import MailKind
from participa.models import Case, CaseEvent, EventKind

# What the law requires the citizen to receive (the filing receipt, and the answer, the
# refusal or the end of the petition): sent whatever the person's mail preferences.
ESSENTIAL_EVENTS = {EventKind.FILED, EventKind.ANSWERED, EventKind.REJECTED, EventKind.RESOLVED,
                    EventKind.CLOSED, EventKind.TRANSFERRED}


def _send(to: str | None, subject: str, body: str) -> None:
    if not to:
        return
    try:
        send_mail(to, subject, body)
    except Exception:  # the change is stored; the mail can be resent, the request goes on
        current_app.logger.exception("Could not send the case mail to %s", to)


def tell_citizen(case: Case, event: CaseEvent) -> None:
    """Every public change reaches the citizen by mail (and shows on the case page)."""
    if event is None or not event.public:
        return
    link = external_url("cases.show", code=case.code)
    # In the citizen's language, not in that of the official whose action caused the mail.
    locale = (case.citizen.locale if case.citizen is not None else None) or \
        current_app.config["BABEL_DEFAULT_LOCALE"]
    essential = event.kind in ESSENTIAL_EVENTS or case.citizen is None \
        or case.citizen.deleted_at is not None
    with force_locale(locale):
        subject = _("Your case %(code)s: %(subject)s", code=case.code, subject=case.subject)
        body = render_template("cases/mail_citizen.txt", case=case, event=event, link=link,
                               term_suspended=information.suspends_term(case),
                               case_event_labels=CASE_EVENT_LABELS,
                               case_state_labels=CASE_STATE_LABELS, essential=essential)
        if not essential:
            try:
                mail_preferences.send_kind_mail(case.citizen, MailKind.CASES, subject, body)
            except Exception:  # as _send: the change is stored, the request goes on
                current_app.logger.exception("Could not send the case mail of %s", case.code)
            return
    _send(case.notify_address, subject, body)


def tell_escalation(escalation) -> None:
    """The mail of an escalation (participa.cases.escalation) to everyone it tells. The rector
    ministry is told which case is late and where, without the citizen's words."""
    from participa.cases.escalation import Step

    case = escalation.case
    sent: set[str] = set()
    for step in sorted(escalation.told):
        rector = step == Step.RECTOR
        if rector:
            link = external_url("dashboard.institution", acronym=case.institution.acronym)
            subject = _("Overdue case %(code)s at %(in_institution)s", code=case.code,
                        in_institution=institution_label(case.institution, "in", short=True))
        else:
            link = external_url("cases.manage", acronym=case.institution.acronym,
                                case_id=case.id)
            subject = _("Overdue case %(code)s: %(subject)s", code=case.code,
                        subject=case.subject)
        body = render_template("cases/mail_escalation.txt", case=case, link=link,
                               rector=rector, note=escalation.note)
        for address in sorted({user.email for user in escalation.told[step]} - sent):
            sent.add(address)
            _send(address, subject, body)


def tell_handlers(case: Case, event: CaseEvent) -> None:
    """The citizen answered the institution's question: its assignee (or, without one, every
    official of the institution) is told by mail, with the link to the case."""
    from participa.cases.service import case_handlers

    people = [case.assignee] if case.assignee is not None else case_handlers(case.institution)
    link = external_url("cases.manage", acronym=case.institution.acronym, case_id=case.id)
    for person in people:
        with force_locale(person.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            subject = _("Case %(code)s: the citizen answered your question", code=case.code)
            body = render_template("cases/mail_handler.txt", case=case, event=event, link=link)
        _send(person.email, subject, body)
