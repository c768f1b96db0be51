"""The observatory page and the requests for open data: load, ask authz, call the service,
commit, render."""
from __future__ import annotations

import hashlib

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale, gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from participa import authz
from participa.cases.businessdays import local_date
from participa.dashboard import versions
from participa.domain import DomainError, NotFound
from participa.extensions import db
from participa.figures_cache import cache_minutes, remember
from participa.models import DataRequestState, Institution
from participa.numbers import page_arg
from participa.observatory import bp, indicators
from participa.observatory import requests as service
from participa.observatory.chart import chart_for
from participa.observatory.forms import ActionForm, AnswerForm, RequestForm
from participa.timeutil import utcnow
from participa.web import attempt, show_domain_error


def today():
    return local_date(utcnow())


@bp.route("/")
def index():
    version, error = versions.requested(request.args)
    if error:
        flash(error, "error")
        return render_template("observatory/index.html", years=[], indicators=[], charts={},
                               cache_minutes=cache_minutes(), version=None), 400
    year_list, items = indicators.all_indicators(today(), version)
    admin = authz.is_platform_admin(current_user)

    def render_sections() -> str:
        return render_template("observatory/_indicators.html", indicators=items,
                               charts={i.slug: chart_for(i, year_list) for i in items})

    # Named by what they show (the indicators, hashed), the language and whether the reader
    # may record a norm (a platform administrator's link).
    shown = hashlib.sha1(repr((year_list, items)).encode()).hexdigest()[:20]
    sections = remember(f"observatory-html:{shown}:{get_locale()}:{admin}", render_sections)
    return render_template("observatory/index.html", years=year_list, indicators=items,
                           sections=Markup(sections), cache_minutes=cache_minutes(),
                           version=version)


# --- requests for open data -----------------------------------------------------------

def _request_or_404(request_id: int):
    try:
        return service.get(request_id)
    except NotFound:
        abort(404)


def _institution_filter():
    acronym = request.args.get("institucion", "").strip()
    if not acronym:
        return None, None
    found = db.session.scalar(select(Institution).where(Institution.acronym == acronym.upper()))
    return found, acronym


@bp.route("/solicitudes/")
def requests_index():
    institution, asked = _institution_filter()
    if asked and institution is None:
        abort(404)
    raw_state = request.args.get("estado", "")
    try:
        state = DataRequestState(raw_state) if raw_state else None
    except ValueError:
        state = None
    page = page_arg()
    pagination = service.list_requests(institution=institution, state=state, page=page)
    filters = {"institucion": institution.acronym if institution else None,
               "estado": state.value if state else None}
    return render_template(
        "observatory/requests.html", pagination=pagination, filters=filters,
        institution=institution, institutions=service.active_institutions(), today=today(),
        supports=service.support_counts(pagination.items), lateness=service.lateness,
        acting_for=authz.institutions_acting_for(current_user))


@bp.route("/solicitudes/nueva", methods=["GET", "POST"])
@login_required
def request_new():
    form = RequestForm()
    form.institution.choices = [("", _("Choose…"))] + [
        (i.acronym, f"{i.name} ({i.acronym})") for i in service.active_institutions()]
    if request.method == "GET" and request.args.get("institucion"):
        form.institution.data = request.args["institucion"]
    duplicate, status = None, 200
    if form.validate_on_submit():
        try:
            institution = service.active_institution(form.institution.data)
            created = service.ask(current_user, institution, title=form.title.data,
                                  description=form.description.data,
                                  purpose=form.purpose.data,
                                  format_wanted=form.format_wanted.data or "")
        except service.DuplicateRequest as error:
            db.session.rollback()
            duplicate = error.existing
            show_domain_error(form, error)
            status = 409
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
            status = 400
        else:
            db.session.commit()
            flash(_("Your request was sent. %(institution)s owes an answer by %(date)s.",
                    institution=created.institution.acronym,
                    date=format_date(created.due_on)), "success")
            return redirect(url_for("observatory.request_show", request_id=created.id))
    elif form.errors:
        status = 400
    return render_template("observatory/request_form.html", form=form, duplicate=duplicate,
                           action_form=ActionForm()), status


@bp.route("/solicitudes/<int:request_id>")
def request_show(request_id: int):
    return _render_request(_request_or_404(request_id))


def _render_request(data_request, answer_form=None, status: int = 200):
    can_answer = authz.can_act_for(current_user, data_request.institution)
    if can_answer and answer_form is None and data_request.is_pending:
        answer_form = AnswerForm()
    return render_template(
        "observatory/request.html", item=data_request, today=today(),
        supports=service.support_count(data_request), lateness=service.lateness(
            data_request, today()),
        has_supported=service.has_supported(current_user, data_request),
        action_form=ActionForm(), answer_form=answer_form if can_answer else None), status


@bp.route("/solicitudes/<int:request_id>/apoyar", methods=["POST"])
@login_required
def request_support(request_id: int):
    data_request = _request_or_404(request_id)
    form = ActionForm()
    if not form.validate_on_submit():
        flash(_("The form expired. Please send it again."), "error")
    else:
        attempt(lambda: service.support(current_user, data_request),
                success=_("Thank you: your support counts for this request."))
    return redirect(url_for("observatory.request_show", request_id=data_request.id))


@bp.route("/solicitudes/<int:request_id>/responder", methods=["POST"])
@login_required
def request_answer(request_id: int):
    data_request = _request_or_404(request_id)
    authz.require(authz.can_act_for(current_user, data_request.institution))
    form = AnswerForm()
    if form.validate_on_submit():
        done = attempt(lambda: service.answer(
            current_user, data_request, outcome=DataRequestState(form.outcome.data),
            url=form.url.data or "", planned_on=form.planned_on.data,
            reason=form.reason.data or ""), form=form, success=_("The answer is published."))
        if not done:
            return _render_request(data_request, form, done.status_code)
        return redirect(url_for("observatory.request_show", request_id=data_request.id))
    return _render_request(data_request, form, 400)
