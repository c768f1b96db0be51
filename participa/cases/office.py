"""Institution pages: the work queue, one case's handling, categories and deadlines.

Every view loads the institution, asks authz, and loads cases scoped to that institution, so
an id from another institution is simply not found.
"""
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from participa import authz, kept_content
from participa.cases import (attachments, bp, categories, confirmations, holiday_calendar,
                            information, notify, office_choices, priority, queries,
                            queue_content, queue_figures, replies, service)
from participa.cases.businessdays import local_date
from participa.cases.priority_forms import PriorityMarkForm
from participa.cases.forms import (AnswerForm, ApiClientForm, AssignForm, BulkAssignForm,
                                   CategoriseForm, CategoryForm,
                                   HolidayForm, NoteForm, QueueFilterForm, RejectForm,
                                   RequestInformationForm, SettingsForm,
                                   StatisticsForm, TransferForm, UseTemplateForm)
from participa.domain import DomainError
from participa.extensions import db
from participa.models import Case, CaseState, Institution
from participa.numbers import page_arg, parse_int
from participa.privacy.access import log_case_opened
from participa.timeutil import utcnow
from participa.web import attempt, institution_or_404


def _handled_institution(acronym: str) -> Institution:
    institution = institution_or_404(acronym)
    authz.require(authz.can_handle_cases(current_user, institution))
    return institution


def _case_or_404(institution: Institution, case_id: int) -> Case:
    # The page names the case's category and assignee: read with the case, not after it.
    case = db.session.scalar(select(Case).where(Case.id == case_id,
                                                Case.institution_id == institution.id)
                             .options(joinedload(Case.category), joinedload(Case.assignee)))
    if case is None:
        abort(404)
    return case


@bp.route("/institucion/")
@login_required
def offices():
    handled = authz.institutions_acting_for(current_user)
    authz.require(bool(handled))
    if len(handled) == 1:
        return redirect(url_for("cases.queue", acronym=handled[0].acronym))
    return render_template("cases/offices.html", institutions=handled)


def _filters_from(form: QueueFilterForm) -> queries.QueueFilters:
    state = None
    if form.estado.data in {s.value for s in CaseState}:
        state = CaseState(form.estado.data)
    category = None if form.categoria.errors else parse_int(form.categoria.data)
    return queries.QueueFilters(
        state=state, category_id=category,
        assignee="" if form.asignado.errors else (form.asignado.data or ""),
        overdue=bool(form.vencidos.data), priority_only=bool(form.prioritarios.data),
        due_before=form.vence_antes.data if not form.vence_antes.errors else None)


@bp.route("/institucion/<acronym>")
@login_required
def queue(acronym: str):
    institution = _handled_institution(acronym)
    today = local_date(utcnow())
    can_manage = authz.can_manage_case_categories(current_user, institution)
    shared_key = queue_content.key(institution, current_user, today, can_manage)
    kept = kept_content.get(shared_key) if shared_key else None
    if kept is not None:
        return render_template("cases/queue.html", institution=institution,
                               kept_content=kept_content.with_token(kept))
    handlers = service.case_handlers(institution)
    cats = categories.all_categories(institution)
    filter_form = QueueFilterForm(request.args)
    filter_form.categoria.choices = [SelectChoice("", _("All categories"))] + [
        SelectChoice(str(c.id), c.name) for c in cats]
    filter_form.asignado.choices = [
        SelectChoice("", _("Anyone")), SelectChoice("me", _("Me")),
        SelectChoice("none", _("Nobody"))] + [SelectChoice(str(u.id), u.name) for u in handlers]
    filter_form.validate()
    page = page_arg()
    pagination, counts = queue_figures.page_and_counts(
        institution, _filters_from(filter_form), current_user, today, page)
    bulk_form = BulkAssignForm()
    bulk_form.assignee.choices = [SelectChoice(u.id, u.name) for u in handlers]
    return render_template("cases/queue.html", institution=institution, today=today,
                           pagination=pagination, filter_form=filter_form, bulk_form=bulk_form,
                           counts=counts, can_manage=can_manage,
                           keep_content=kept_content.keeper(shared_key))


@bp.route("/institucion/<acronym>/asignar", methods=["POST"])
@login_required
def bulk_assign(acronym: str):
    institution = _handled_institution(acronym)
    form = BulkAssignForm()
    if form.validate_on_submit():
        def assign():
            assignee = service.handler_of(institution, form.assignee.data)
            return assignee, service.bulk_assign(current_user, institution,
                                                 form.case_ids.data or [], assignee)
        attempt(assign, success=lambda done: ngettext(
            "%(num)d case assigned to %(name)s.", "%(num)d cases assigned to %(name)s.",
            done[1], name=done[0].name))
    else:
        flash(_("The form expired. Please send it again."), "error")
    return redirect(url_for("cases.queue", acronym=institution.acronym))


def _action_forms(institution: Institution, case: Case) -> dict:
    """The action panel's forms, each select showing the case's current value (a form sent
    back keeps what was sent)."""
    choices = office_choices.for_institution(institution)
    forms = {"assign": AssignForm(prefix="assign", data={"assignee": case.assignee_id}),
             "categorise": CategoriseForm(prefix="categorise",
                                          data={"category": case.category_id}),
             "note": NoteForm(prefix="note"), "answer": AnswerForm(prefix="answer"),
             "reject": RejectForm(prefix="reject"), "transfer": TransferForm(prefix="transfer"),
             "request_info": RequestInformationForm(prefix="info"),
             "priority": PriorityMarkForm(prefix="priority")}
    assignees = [SelectChoice(user_id, name) for user_id, name in choices.handlers]
    if case.assignee_id is None:
        assignees.insert(0, SelectChoice(0, _("Nobody yet: choose an official")))
    forms["assign"].assignee.choices = assignees
    categories_ = [SelectChoice(category_id, name) for category_id, name in choices.categories]
    if case.category_id is None:
        categories_.insert(0, SelectChoice(0, _("No category yet: choose one")))
    elif case.category_id not in {choice.value for choice in categories_}:
        # An inactive category stays visible on the cases filed under it.
        categories_.insert(0, SelectChoice(case.category_id, case.category.name))
    forms["categorise"].category.choices = categories_
    forms["transfer"].institution.choices = [SelectChoice(0, _("Choose an institution"))] + [
        SelectChoice(institution_id, f"{acronym} — {name}")
        for institution_id, acronym, name in choices.institutions]
    return forms


def _template_form(institution, chosen: int | None = None) -> UseTemplateForm | None:
    """The "use a reply template" chooser, or None when the institution has none."""
    templates = office_choices.for_institution(institution).templates
    if not templates:
        return None
    form = UseTemplateForm(formdata=None, data={"plantilla": chosen})
    form.plantilla.choices = [SelectChoice(template_id, title)
                              for template_id, title in templates]
    return form


def render_manage(institution, case, forms=None, status=200, open_action=None,
                   template_form=None):
    forms = forms or _action_forms(institution, case)
    return render_template(
        "cases/manage.html", institution=institution, case=case, forms=forms,
        template_form=template_form or _template_form(institution),
        question=information.pending_question(case),
        term_suspended=information.suspends_term(case),
        citizen_term_days=information.CITIZEN_TERM_DAYS,
        can_manage_templates=authz.can_manage_reply_templates(current_user, institution),
        events=queries.history(case, internal=True), today=local_date(utcnow()),
        reopen_until=service.reopen_deadline(case), open_action=open_action,
        priority_group_labels=priority.GROUP_LABELS,
        priority_consent_labels=priority.CONSENT_LABELS, priority_marks=priority.marks_of(case),
        can_close_now=(case.state == CaseState.ANSWERED
                       and utcnow() >= service.reopen_deadline(case))), status


@bp.route("/institucion/<acronym>/<int:case_id>")
@login_required
def manage(acronym: str, case_id: int):
    institution = _handled_institution(acronym)
    case = _case_or_404(institution, case_id)
    page = _manage_page(institution, case)
    # The citizen sees who opened their case. Logged once the page is built: the commit
    # expires every object loaded, and building the page after it read them all again
    # (the case, its institution, the official's memberships: 3 more queries per view).
    log_case_opened(current_user, case)
    db.session.commit()
    return page


def _manage_page(institution: Institution, case: Case):
    chosen = UseTemplateForm(request.args)
    if "plantilla" not in request.args:
        return render_manage(institution, case)
    # "Use this template" (a plain GET, so it works without JavaScript): the answer form
    # comes back filled with the template's text, for the official to complete and send.
    chosen.plantilla.choices = []
    chosen.validate()
    forms = _action_forms(institution, case)
    try:
        template = replies.template_of(institution, chosen.plantilla.data)
    except DomainError as error:
        flash(error.message, "error")
        return render_manage(institution, case, forms, 404)
    forms["answer"].answer.data = template.answer
    forms["answer"].reasons.data = template.reasons
    return render_manage(institution, case, forms, open_action="answer",
                          template_form=_template_form(institution, template.id))


@bp.route("/institucion/<acronym>/<int:case_id>/adjuntos/<int:attachment_id>")
@login_required
def office_attachment(acronym: str, case_id: int, attachment_id: int):
    institution = _handled_institution(acronym)
    case = _case_or_404(institution, case_id)
    response = attachments.send(case, attachment_id)
    log_case_opened(current_user, case)
    db.session.commit()
    return response


def _transfer_target(form):
    target = db.session.get(Institution, form.institution.data or 0)
    if target is None:
        raise DomainError(_("Choose another active institution."), field="institution")
    return target


ACTIONS = {
    # url word: (form key or None, service call, confirmation of what was done)
    "asignar": ("assign", lambda case, form, inst: service.assign(
        current_user, case, service.handler_of(inst, form.assignee.data)),
        confirmations.assigned),
    "categorizar": ("categorise", lambda case, form, inst: service.categorise(
        current_user, case, form.category.data), confirmations.categorised),
    "iniciar": (None, lambda case, form, inst: service.start(current_user, case),
                confirmations.started),
    "nota": ("note", lambda case, form, inst: service.add_note(
        current_user, case, form.note.data), confirmations.noted),
    "responder": ("answer", lambda case, form, inst: service.answer(
        current_user, case, form.answer.data, form.reasons.data), confirmations.answered),
    "rechazar": ("reject", lambda case, form, inst: service.reject(
        current_user, case, form.reasons.data), confirmations.rejected),
    "trasladar": ("transfer", lambda case, form, inst: service.transfer(
        current_user, case, _transfer_target(form), form.reasons.data),
        confirmations.transferred),
    "cerrar": (None, lambda case, form, inst: service.close(current_user, case),
               confirmations.closed),
    "pedir-informacion": ("request_info", lambda case, form, inst:
                          information.request_information(current_user, case,
                                                          form.question.data),
                          confirmations.information_requested),
    "prioridad": ("priority", lambda case, form, inst: priority.mark(
        current_user, case, form.priority_request()), confirmations.priority_marked),
    "quitar-prioridad": (None, lambda case, form, inst: priority.unmark(current_user, case),
                         confirmations.priority_removed),
}


@bp.route("/institucion/<acronym>/<int:case_id>/<action>", methods=["POST"])
@login_required
def act(acronym: str, case_id: int, action: str):
    if action not in ACTIONS:
        abort(404)
    institution = _handled_institution(acronym)
    case = _case_or_404(institution, case_id)
    form_key, call, confirmation = ACTIONS[action]
    forms = _action_forms(institution, case)
    form = forms[form_key] if form_key else FlaskForm()
    if not form.validate_on_submit():
        if not form_key:
            abort(400)
        return render_manage(institution, case, forms, 400, open_action=form_key)
    done = attempt(lambda: call(case, form, institution), form=form if form_key else None,
                   success=lambda event: confirmation(case, event))
    if not done:
        return render_manage(institution, _case_or_404(institution, case_id), forms,
                              done.status_code, open_action=form_key)
    notify.tell_citizen(case, done.value)
    if action == "trasladar":
        return redirect(url_for("cases.queue", acronym=institution.acronym))
    return redirect(url_for("cases.manage", acronym=institution.acronym, case_id=case.id))


# --- categories, deadlines and filing rules (institution administrators) ----------------

def render_categories(institution, status: int = 200, *, form=None, settings_form=None,
                      priority_term_form=None):
    """The categories page; each form not given is shown empty, or with what is stored."""
    return render_template(
        "cases/categories.html", institution=institution,
        form=form or CategoryForm(prefix="new", formdata=None),
        settings_form=settings_form or SettingsForm(
            prefix="settings", obj=service.settings_for(institution)),
        priority_term_form=priority_term_form,
        categories=categories.all_categories(institution)), status


@bp.route("/institucion/<acronym>/categorias", methods=["GET", "POST"])
@login_required
def category_list(acronym: str):
    institution = institution_or_404(acronym)
    authz.require(authz.can_manage_case_categories(current_user, institution))
    form = CategoryForm(prefix="new")
    status = 200
    if form.validate_on_submit():
        created = attempt(lambda: categories.create_category(
            current_user, institution, name=form.name.data,
            deadline_days=form.deadline_days.data), form=form, success=_("Category created."))
        if created:
            return redirect(url_for("cases.category_list", acronym=institution.acronym))
        status = created.status_code
    elif form.errors:
        status = 400
    return render_categories(institution, status, form=form)


@bp.route("/institucion/<acronym>/ajustes", methods=["POST"])
@login_required
def case_settings(acronym: str):
    institution = institution_or_404(acronym)
    authz.require(authz.can_manage_case_categories(current_user, institution))
    form = SettingsForm(prefix="settings")
    if form.validate_on_submit():
        attempt(lambda: categories.update_settings(
            current_user, institution, allows_anonymous=form.allows_anonymous.data,
            reopen_days=form.reopen_days.data,
            offers_data_rights=form.offers_data_rights.data), success=_("Settings saved."))
        return redirect(url_for("cases.category_list", acronym=institution.acronym))
    return render_categories(institution, 400, settings_form=form)


@bp.route("/institucion/<acronym>/categorias/<int:category_id>", methods=["GET", "POST"])
@login_required
def category_edit(acronym: str, category_id: int):
    institution = institution_or_404(acronym)
    authz.require(authz.can_manage_case_categories(current_user, institution))
    try:
        category = categories.get_category(institution, category_id)
    except DomainError:
        abort(404)
    form = CategoryForm(obj=category)
    status = 200
    if form.validate_on_submit():
        saved = attempt(lambda: categories.update_category(
            current_user, category, name=form.name.data, deadline_days=form.deadline_days.data,
            active=form.active.data), form=form, success=_("Category saved."))
        if saved:
            return redirect(url_for("cases.category_list", acronym=institution.acronym))
        status = saved.status_code
    elif form.errors:
        status = 400
    return render_template("cases/category_form.html", institution=institution,
                           category=category, form=form), status


# --- the holiday calendar (platform administrators) -------------------------------------

def _calendar_year() -> int:
    year = request.args.get("year", type=int)
    today = local_date(utcnow())
    return year if year is not None and 2000 <= year <= today.year + 10 else today.year


@bp.route("/feriados", methods=["GET", "POST"])
@login_required
def holidays():
    authz.require(authz.can_manage_holidays(current_user))
    form = HolidayForm()
    year = _calendar_year()
    status = 200
    if form.validate_on_submit():
        added = attempt(lambda: categories.add_holiday(current_user, form.day.data,
                                                       form.name.data),
                        form=form, success=_("Holiday added."))
        if added:
            return redirect(url_for("cases.holidays", year=form.day.data.year))
        status = added.status_code
    elif form.errors:
        status = 400
    language = "es" if str(get_locale()).startswith("es") else "en_US"
    effective, removed = holiday_calendar.year_calendar(year, language)
    return render_template("cases/holidays.html", form=form, year=year, holidays=effective,
                           removed=removed), status


@bp.route("/feriados/<day>/quitar", methods=["POST"])
@login_required
def remove_holiday(day: str):
    authz.require(authz.can_manage_holidays(current_user))
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        removed_day = date.fromisoformat(day)
        categories.remove_holiday(current_user, removed_day)
    except (ValueError, DomainError):
        abort(404)
    db.session.commit()
    flash(_("Holiday removed."), "success")
    return redirect(url_for("cases.holidays", year=removed_day.year))


# --- Open311 API keys (platform administrators) -----------------------------------------

@bp.route("/api-claves", methods=["GET", "POST"])
@login_required
def api_keys():
    from participa.open311 import keys

    authz.require(authz.can_manage_api_keys(current_user))
    form = ApiClientForm()
    new_key = None
    if form.validate_on_submit():
        _client, new_key = keys.issue_key(current_user, form.name.data)
        db.session.commit()
        form = ApiClientForm(formdata=None)
    return render_template("cases/api_keys.html", form=form, new_key=new_key,
                           clients=keys.all_clients()), 400 if form.errors else 200


@bp.route("/api-claves/<int:client_id>/revocar", methods=["POST"])
@login_required
def revoke_api_key(client_id: int):
    from participa.open311 import keys

    authz.require(authz.can_manage_api_keys(current_user))
    if not FlaskForm().validate_on_submit():
        abort(400)
    revoked = attempt(lambda: keys.revoke_key(current_user, client_id), success=_(
        "The key is revoked: requests with it are refused from now on."))
    if not revoked and revoked.status_code == 404:
        abort(404)
    return redirect(url_for("cases.api_keys"))


# --- anonymised figures for the rector ministry ------------------------------------------

@bp.route("/estadisticas")
@login_required
def statistics():
    from datetime import timedelta

    from participa.cases import stats
    from participa.dashboard.statistics import Period

    authz.require(authz.can_view_statistics(current_user))
    today = local_date(utcnow())
    form = StatisticsForm(request.args)
    form.validate()
    first = form.desde.data if not form.desde.errors and form.desde.data else \
        today - timedelta(days=365)
    last = form.hasta.data if not form.hasta.errors and form.hasta.data else today
    report, rows = stats.institution_figures(Period(first, last), today)
    from markupsafe import Markup

    from participa.cases import priority_stats
    table = Markup(stats.table_html(report, rows, lambda: render_template(
        "cases/_statistics_table.html", rows=rows)))
    return render_template("cases/statistics.html", form=form, report=report, table=table,
                           first=first, last=last,
                           priority_rows=priority_stats.figures(Period(first, last), today))
