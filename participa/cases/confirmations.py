"""What an official is told after each action on a case: what was done, to whom, and what
state the case is in now (never a bare "Saved.")."""
from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _

from participa.cases import service
from participa.cases.businessdays import local_date
from participa.institution_names import institution_label
from participa.models import Case, CaseEvent


def recipient(case: Case) -> str:
    """Whom the citizen-facing mails of the case reach, as the official should read it."""
    if case.citizen is not None and case.citizen.deleted_at is None:
        return case.citizen.name
    if case.contact_email:
        return case.contact_email
    return _("the citizen")


def assigned(case: Case, event: CaseEvent) -> str:
    return _("Case %(code)s assigned to %(name)s.", code=case.code, name=case.assignee.name)


def categorised(case: Case, event: CaseEvent) -> str:
    return _("Case %(code)s moved to the category “%(category)s”; its answer is now due by "
             "%(date)s.", code=case.code, category=case.category.name,
             date=format_date(case.due_on))


def started(case: Case, event: CaseEvent) -> str:
    return _("Case %(code)s is in progress, handled by %(name)s.", code=case.code,
             name=case.assignee.name)


def noted(case: Case, event: CaseEvent) -> str:
    return _("Internal note added to case %(code)s; the citizen does not see it.",
             code=case.code)


def answered(case: Case, event: CaseEvent) -> str:
    return _("Answer sent to %(name)s; case %(code)s is answered. The citizen can confirm it "
             "or reopen it until %(date)s.", name=recipient(case), code=case.code,
             date=format_date(local_date(service.reopen_deadline(case))))


def rejected(case: Case, event: CaseEvent) -> str:
    return _("Case %(code)s rejected as out of scope; %(name)s has been sent the reasons.",
             code=case.code, name=recipient(case))


def transferred(case: Case, event: CaseEvent) -> str:
    return _("Case %(code)s transferred to %(to_institution)s with its history; %(name)s has "
             "been told.", code=case.code, to_institution=institution_label(case.institution, "to"),
             name=recipient(case))


def information_requested(case: Case, event: CaseEvent) -> str:
    from participa.cases.information import suspends_term

    asked = _("Question sent to %(name)s, who has until %(date)s to answer (COA, art. 140).",
              name=recipient(case), date=format_date(case.information_due_on))
    if suspends_term(case):
        return asked + " " + _("The term is suspended until the answer: the case is now due "
                               "by %(date)s at the latest (COA, art. 162.1).",
                               date=format_date(case.due_on))
    return asked + " " + _("The term had already ended, so it is not suspended: the case "
                           "stays overdue.")


def closed(case: Case, event: CaseEvent) -> str:
    return _("Case %(code)s is closed.", code=case.code)


def priority_marked(case: Case, event: CaseEvent) -> str:
    return _("Case %(code)s now has priority attention; its answer is due by %(date)s.",
             code=case.code, date=format_date(case.due_on))


def priority_removed(case: Case, event: CaseEvent) -> str:
    return _("Priority attention removed from case %(code)s; its answer is due by %(date)s.",
             code=case.code, date=format_date(case.due_on))
