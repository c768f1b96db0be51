"""Transparency pages: the public index of reserved information, the classification records
(institution administrators), the annual report (page, CSV, XLSX) and its submission, and the
rector ministry's view of every institution's report."""
from __future__ import annotations

import hashlib
from datetime import date

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import pgettext
from flask_login import current_user, login_required
from markupsafe import Markup

from participa import authz, exports
from participa.cases.businessdays import local_date
from participa.csv_export import csv_response, to_csv
from participa.labels import REFUSAL_GROUND_LABELS
from participa.spreadsheet import to_xlsx, xlsx_response
from participa.timeutil import utcnow
from participa.transparency import bp, caching, classifications, report, submissions
from participa.transparency.forms import ClassificationForm, SubmissionForm
from participa.web import attempt, institution_or_404

FIRST_YEAR = 2000


def _today() -> date:
    return local_date(utcnow())


def _year_or_404(year: int) -> int:
    if not FIRST_YEAR <= year <= _today().year:
        abort(404)
    return year


@bp.route("/<acronym>/reservada")
def reserved_index(acronym: str):
    institution = institution_or_404(acronym)
    return render_template("transparency/reserved_index.html", institution=institution,
                           classifications=classifications.index_of(institution),
                           today=_today())


@bp.route("/<acronym>/clasificaciones", methods=["GET", "POST"])
@login_required
def classification_list(acronym: str):
    institution = institution_or_404(acronym)
    authz.require(authz.can_manage_members(current_user, institution))
    form = ClassificationForm()
    status = 200
    if form.validate_on_submit():
        done = attempt(lambda: classifications.create(
            current_user, institution, resolution_number=form.resolution_number.data,
            topic=form.topic.data, legal_basis=form.legal_basis.data,
            classified_on=form.classified_on.data, valid_until=form.valid_until.data),
            form=form, success=_("Classification recorded."))
        if done:
            return redirect(url_for("transparency.classification_list",
                                    acronym=institution.acronym))
        status = done.status_code
    elif form.errors:
        status = 400
    return render_template("transparency/classifications.html", institution=institution,
                           form=form, classifications=classifications.index_of(institution),
                           today=_today()), status


def _report_or_403(acronym: str, year: int) -> report.AnnualReport:
    institution = institution_or_404(acronym)
    authz.require(authz.can_view_institution_statistics(current_user, institution))
    return report.annual_report(institution, _year_or_404(year), _today())


@bp.route("/<acronym>/informe/<int:year>", methods=["GET", "POST"])
@login_required
def annual_report(acronym: str, year: int):
    annual = _report_or_403(acronym, year)
    institution = annual.institution
    may_submit = authz.can_manage_members(current_user, institution)
    if request.method == "POST" and not may_submit:
        abort(403)
    form = SubmissionForm(obj=annual.submission) if may_submit else None
    status = 200
    if form is not None and form.validate_on_submit():
        done = attempt(lambda: submissions.mark_submitted(
            current_user, institution, annual.year, form.submitted_on.data, _today()),
            form=form, success=_("The report is marked as submitted."))
        if done:
            return redirect(url_for("transparency.annual_report",
                                    acronym=institution.acronym, year=annual.year))
        status = done.status_code
    elif form is not None and form.errors:
        status = 400
    return render_template(
        "transparency/annual_report.html", annual=annual, institution=institution, form=form,
        report_body=_report_body(annual),
        status=report.status_of(annual.submission.submitted_on if annual.submission else None,
                                annual.due_on, _today()),
        status_labels=report.STATUS_LABELS), status


def _report_body(annual: report.AnnualReport) -> Markup:
    """The page's totals and table of requests (a thousand rows for a busy institution),
    rendered once while the requests stay the same."""
    def render() -> str:
        # Each label translated and each day formatted once, not once per line.
        days: dict[date, str] = {}
        date_filter = current_app.jinja_env.filters["date"]

        def day(value: date) -> str:
            if value not in days:
                days[value] = date_filter(value)
            return days[value]

        return render_template(
            "transparency/_report_body.html", annual=annual, day=day,
            outcome_labels={k: str(v) for k, v in report.OUTCOME_LABELS.items()},
            ground_labels={k: str(v) for k, v in REFUSAL_GROUND_LABELS.items()})

    return Markup(caching.kept("body-html", annual.institution.id, annual.year, _today(),
                               render, localised=True))


def _index_signature(annual: report.AnnualReport) -> str:
    """What the downloads show of the index of reserved information (not a case: not in
    the cache generation), as part of their cache key."""
    return hashlib.sha1(repr([(c.id, c.resolution_number, c.topic, c.classified_on,
                               c.valid_until) for c in annual.classifications])
                        .encode()).hexdigest()[:16]


# The requests' columns: stable machine names in the CSV (participa.exports.COLUMNS gives
# each its header for people, used by the page's workbook).
REQUEST_COLUMNS = ["request_code", "received_on", "answered_on", "days_taken", "extended",
                   "request_outcome", "refusal_ground", "classification_resolution",
                   "answer_due_on", "late"]


def _table(annual: report.AnnualReport):
    header = exports.header(REQUEST_COLUMNS)
    rows = [[line.code, line.received_on, line.answered_on, line.days_taken,
             _("Yes") if line.extended else _("No"), str(report.OUTCOME_LABELS[line.outcome]),
             str(REFUSAL_GROUND_LABELS[line.ground]) if line.ground else "",
             line.resolution_number or "", line.due_on, _("Yes") if line.late else _("No")]
            for line in annual.lines]
    return header, rows


def _totals_table(annual: report.AnnualReport):
    t = annual.totals
    return [_("Figure"), _("Value")], [
        [_("Requests received"), t.received], [pgettext("requests", "Answered"), t.answered],
        [pgettext("requests", "Answered on time"), t.on_time], [pgettext("requests", "Late"), t.late],
        [pgettext("requests", "Extended"), t.extended], [_("Information given"), t.granted],
        [pgettext("requests", "Refused with a legal ground"), t.refused],
        [_("Refused: reserved information"), t.refused_reserved],
        [_("Refused: confidential personal data"), t.refused_confidential],
        [pgettext("requests", "Rejected as out of scope"), t.out_of_scope], [_("Not answered yet"), t.pending],
        [_("Average days to answer"), t.average_days]]


def _index_table(annual: report.AnnualReport):
    return [_("Classification resolution"), _("Subject"), _("Date of the resolution"),
            _("Reserved until")], [
        [c.resolution_number, c.topic, c.classified_on, c.valid_until]
        for c in annual.classifications]


def _filename(annual: report.AnnualReport, extension: str) -> str:
    return f"lotaip-{annual.institution.acronym.lower()}-{annual.year}.{extension}"


@bp.route("/<acronym>/informe/<int:year>.csv")
@login_required
def annual_report_csv(acronym: str, year: int):
    annual = _report_or_403(acronym, year)

    def build() -> str:
        _header, rows = _table(annual)
        header = REQUEST_COLUMNS
        totals_header, totals = _totals_table(annual)
        index_header, index = _index_table(annual)
        # One file, three blocks separated by an empty row: the requests, the totals, the index.
        width = len(header)
        pad = lambda row: list(row) + [""] * (width - len(row))  # noqa: E731
        body = rows + [[""] * width, pad(totals_header)] + [pad(r) for r in totals] + \
            [[""] * width, pad(index_header)] + [pad(r) for r in index]
        return to_csv(header, body, bom=True)

    body = caching.kept("csv", annual.institution.id, annual.year, _today(), build,
                        _index_signature(annual), localised=True)
    return csv_response(body, _filename(annual, "csv"))


@bp.route("/<acronym>/informe/<int:year>.xlsx")
@login_required
def annual_report_xlsx(acronym: str, year: int):
    annual = _report_or_403(acronym, year)

    def build() -> bytes:
        header, rows = _table(annual)
        return to_xlsx(header, rows, sheet=_("Requests"), extra_sheets=[
            (_("Totals"), *_totals_table(annual)),
            (_("Reserved information"), *_index_table(annual))])

    body = caching.kept("xlsx", annual.institution.id, annual.year, _today(), build,
                        _index_signature(annual), localised=True)
    return xlsx_response(body, _filename(annual, "xlsx"))


@bp.route("/informes/<int:year>")
@login_required
def overview(year: int):
    authz.require(authz.can_view_statistics(current_user))
    year, today = _year_or_404(year), _today()
    submitted, due = report.submissions_of(year), report.report_due_on(year)

    # A hundred institutions' rows, links and labels: rendered once while no case,
    # institution (the cache generation), submission or due date (the key) changes.
    def render_table() -> str:
        due, rows = report.overview(year, today, submitted)
        return render_template("transparency/_overview_table.html", year=year, rows=rows,
                               status_labels=report.STATUS_LABELS)

    table = Markup(caching.kept("overview-html", 0, year, today, render_table, due,
                                sorted(submitted.items()), localised=True))
    return render_template("transparency/overview.html", year=year, due_on=due, table=table)
