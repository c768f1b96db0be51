"""The institution administrators' priority term (participa.cases.priority), and the open
data file of priority figures (participa.cases.priority_stats)."""
from datetime import timedelta

from flask import redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participa import authz, csv_export, exports
from participa.cases import bp, priority, priority_stats
from participa.cases.businessdays import local_date
from participa.cases.forms import StatisticsForm
from participa.cases.office import render_categories
from participa.cases.priority_forms import PriorityTermForm
from participa.dashboard.statistics import Period
from participa.labels import PRIORITY_GROUP_LABELS
from participa.timeutil import utcnow
from participa.web import attempt, institution_or_404


@bp.app_template_global()
def priority_term_form_for(institution) -> PriorityTermForm:
    """The form of the categories page, showing the term in force."""
    return PriorityTermForm(prefix="priority", formdata=None,
                            data={"priority_days": priority.priority_days(institution)})


@bp.route("/institucion/<acronym>/plazo-prioritario", methods=["POST"])
@login_required
def priority_term(acronym: str):
    institution = institution_or_404(acronym)
    authz.require(authz.can_manage_case_categories(current_user, institution))
    form = PriorityTermForm(prefix="priority")
    if form.validate_on_submit():
        saved = attempt(lambda: priority.set_priority_days(
            current_user, institution, form.priority_days.data), form=form,
            success=_("Priority term saved."))
        if saved:
            return redirect(url_for("cases.category_list", acronym=institution.acronym))
        status = saved.status_code
    else:
        status = 400
    return render_categories(institution, status, priority_term_form=form)


@bp.app_template_global()
def priority_group_columns() -> list[tuple[str, object]]:
    """The columns of the figures: each group, then the cases whose group was anonymised."""
    return [(group.value, label) for group, label in PRIORITY_GROUP_LABELS.items()] + [
        (priority_stats.NOT_RECORDED, _("Group not recorded"))]


@bp.route("/estadisticas/atencion-prioritaria.<any(csv, xlsx):fmt>")
def priority_csv(fmt: str = "csv"):
    """Open data: counts only, small cells suppressed; the same period as the statistics
    page (the last year by default)."""
    today = local_date(utcnow())
    form = StatisticsForm(request.args)
    form.validate()
    first = form.desde.data if not form.desde.errors and form.desde.data else \
        today - timedelta(days=365)
    last = form.hasta.data if not form.hasta.errors and form.hasta.data else today
    if first > last:
        first, last = last, first
    period = Period(first, last)
    rows = priority_stats.figures(period, today)
    name = f"participa-atencion-prioritaria-{first}-{last}"
    if fmt == "xlsx":
        return exports.xlsx_download(priority_stats.CSV_COLUMNS,
                                     priority_stats.csv_rows(period, rows), f"{name}.xlsx")
    body = csv_export.to_csv(priority_stats.CSV_COLUMNS, priority_stats.csv_rows(period, rows))
    return csv_export.csv_response(body, f"{name}.csv")
