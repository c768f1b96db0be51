"""The case page's actions that an information request's own law gives: extend the term once,
refuse with a legal ground. The forms are shown by templates/cases/_legal_actions.html,
included in the official's case page."""
from flask import abort, g, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from participa import authz
from participa.cases import bp, legal, notify, terms
from participa.cases.businessdays import local_date
from participa.cases.legal_forms import ExtendForm, RefuseForm
from participa.cases.office import render_manage
from participa.extensions import db
from participa.models import Case, CaseType, RefusalGround
from participa.timeutil import utcnow
from participa.web import attempt, institution_or_404


def legal_forms(case: Case) -> dict:
    """The forms of the legal actions, with the errors of the last submission if any."""
    forms = getattr(g, "legal_forms", None)
    if forms is None:
        forms = {"extend": ExtendForm(prefix="extend", formdata=None),
                 "refuse": RefuseForm(prefix="refuse", formdata=None)}
    forms["refuse"].classification.choices = [SelectChoice("", _("None"))] + [
        SelectChoice(c.id, f"{c.resolution_number} — {c.topic}")
        for c in legal.classifications_in_force(case.institution, local_date(utcnow()))]
    return forms


@bp.app_context_processor
def _legal_helpers():
    from participa.labels import REFUSAL_GROUND_LABELS

    return {"legal_forms": legal_forms, "legal_term_of": terms.term_of,
            "can_extend_case": legal.can_extend, "refusal_ground_labels": REFUSAL_GROUND_LABELS}


def _case(acronym: str, case_id: int):
    institution = institution_or_404(acronym)
    authz.require(authz.can_handle_cases(current_user, institution))
    case = db.session.scalar(select(Case).where(Case.id == case_id,
                                                Case.institution_id == institution.id))
    if case is None:
        abort(404)
    return institution, case


def _back(institution, case):
    return redirect(url_for("cases.manage", acronym=institution.acronym, case_id=case.id))


def _again(institution, case_id: int, forms: dict, status: int):
    """The case page again, with the action's errors."""
    g.legal_forms = forms
    institution, case = _case(institution.acronym, case_id)
    page, _status = render_manage(institution, case)
    return page, status


@bp.route("/institucion/<acronym>/<int:case_id>/prorrogar", methods=["POST"])
@login_required
def extend(acronym: str, case_id: int):
    institution, case = _case(acronym, case_id)
    form = ExtendForm(prefix="extend")
    if not form.validate_on_submit():
        return _again(institution, case_id, {"extend": form,
                                             "refuse": RefuseForm(prefix="refuse", formdata=None)},
                      400)
    done = attempt(lambda: legal.extend(current_user, case, form.reason.data), form=form,
                   success=_("The term is extended. The requester has been told why."))
    if not done:
        return _again(institution, case_id, {"extend": form,
                                             "refuse": RefuseForm(prefix="refuse", formdata=None)},
                      done.status_code)
    notify.tell_citizen(case, done.value)
    return _back(institution, case)


@bp.route("/institucion/<acronym>/<int:case_id>/negar", methods=["POST"])
@login_required
def refuse(acronym: str, case_id: int):
    institution, case = _case(acronym, case_id)
    form = RefuseForm(prefix="refuse")
    form.classification.choices = []  # any id: the service checks it belongs here
    if case.type != CaseType.INFORMATION_REQUEST:
        abort(404)
    if not form.validate_on_submit():
        return _again(institution, case_id, {"extend": ExtendForm(prefix="extend", formdata=None),
                                             "refuse": form}, 400)
    done = attempt(lambda: legal.refuse(
        current_user, case, RefusalGround(form.ground.data), form.classification.data,
        form.answer.data, form.reasons.data), form=form,
        success=_("The refusal with its legal ground has been sent to the requester."))
    if not done:
        return _again(institution, case_id, {"extend": ExtendForm(prefix="extend", formdata=None),
                                             "refuse": form}, done.status_code)
    notify.tell_citizen(case, done.value)
    return _back(institution, case)
