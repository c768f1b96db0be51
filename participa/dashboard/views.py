"""Dashboard pages for rector analysts, and the public open data and methodology."""
from __future__ import annotations

import hashlib

from flask import jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required
from markupsafe import Markup

from participa import authz, csv_export, exports, scores
from participa.cases import escalation
from participa.cases.businessdays import local_date
from participa.dashboard import (bp, channels, open_data, open_data_bp, published, rendered,
                                 service, versions, visuals)
from participa.dashboard.forms import PeriodForm
from participa.dashboard.methodology import legal_terms, worked_example
from participa.figures_cache import cache_minutes, generation, remember
from participa.labels import CASE_TYPE_LABELS
from participa.moderation import statistics as moderation_statistics
from participa.spreadsheet import to_xlsx, xlsx_response
from participa.timeutil import utcnow
from participa.web import institution_or_404


def _period_form():
    """The filter from the query string; (form, period, status): the period is None and the
    status 400 when the input is wrong."""
    form = PeriodForm(request.args)
    if not form.validate():
        return form, None, 400
    return form, form.period(local_date(utcnow())), 200


def _filter_args(form) -> dict:
    return {name: value for name, value in request.args.items()
            if name in ("periodo", "desde", "hasta", versions.PARAMETER) and value}


def _build(form, period, today):
    """The report of the period with its scores under the methodology version asked for."""
    return versions.rescore(service.build(period, today), form.metodologia.data)


@bp.route("/")
@login_required
def summary():
    authz.require(authz.can_view_statistics(current_user))
    form, period, status = _period_form()
    unstaffed = escalation.institutions_without_admin()
    if period is None:
        return render_template("dashboard/summary.html", form=form, report=None,
                               unstaffed=unstaffed), status
    today = local_date(utcnow())
    report = _build(form, period, today)
    order = request.args.get("orden", "composite")
    if order not in service.SORT_KEYS:
        order = "composite"
    filters = _filter_args(form)

    def render_body() -> str:
        return render_template(
            "dashboard/_summary_body.html", report=report, order=order, filters=filters,
            rows=service.sort_rows(report.rows, order), type_labels=CASE_TYPE_LABELS,
            by_type=service.breakdown(period, today, "type"),
            reference=scores.REFERENCE_2018, moderation=moderation_statistics.national(period),
            charts=visuals.summary_charts(report, today))

    # A hundred institutions' rows and charts take longer to render than the cached report
    # to read: the page body is kept as long as the report it shows.
    key = ":".join(["summary-html", report.computed_at.isoformat(), order, str(get_locale()),
                    report.methodology_version,
                    *(f"{name}={value}" for name, value in sorted(filters.items()))])
    body = Markup(remember(key, render_body))
    return render_template("dashboard/summary.html", form=form, report=report, body=body,
                           unstaffed=unstaffed)


@bp.route("/institucion/<acronym>")
@login_required
def institution(acronym: str):
    authz.require(authz.can_view_statistics(current_user))
    found = institution_or_404(acronym)
    form, period, status = _period_form()
    if period is None:
        return render_template("dashboard/institution.html", form=form, report=None,
                               institution=found), status
    today = local_date(utcnow())
    report, row = service.institution_report(period, today, found, form.metodologia.data)
    by_type = service.breakdown(period, today, "type", found.id)
    by_category = service.breakdown(period, today, "category", found.id)
    by_channel = channels.institution_breakdown(period, today, found.id)

    def render_body() -> str:
        medians = service.national_medians(report)
        return render_template(
            "dashboard/_institution_body.html", report=report, institution=found, row=row,
            type_labels=CASE_TYPE_LABELS, by_type=by_type, by_category=by_category,
            by_channel=by_channel,
            charts=visuals.institution_charts(report, row, medians, today))

    # The medians, charts and tables cost more to render than the cached figures to read:
    # the body is kept while the figures it shows are (see institution_body_key).
    body = Markup(remember(institution_body_key(report, row, found, today, by_type,
                                                by_category, by_channel), render_body))
    return render_template(
        "dashboard/institution.html", form=form, report=report, institution=found, row=row,
        filters=_filter_args(form), body=body,
        moderation=moderation_statistics.for_institution(period, found.id))


def institution_body_key(report, row, institution, today, *breakdowns) -> str:
    """The cache key of an institution page's body: what it shows, or what identifies it.
    The report is named by when its figures were read (a report computed afresh is a new
    one), its methodology version and revision, and the cache generation (a write to what
    the figures count); the institution's row, its trend and the breakdowns (each cached on
    its own terms) by their content, hashed."""
    shown = repr((row.figures, row.scores, report.national_scores, sorted(report.months.items()),
                  breakdowns, institution.acronym, institution.name, institution.article))
    return ":".join(["institution-html", str(institution.id), report.computed_at.isoformat(),
                     report.methodology_version, str(report.revision), generation(),
                     str(report.period.first), str(report.period.last), str(today),
                     str(get_locale()), hashlib.sha1(shown.encode()).hexdigest()[:20]])


# --- an institution's own figures, for its officials and administrators -----------------

@bp.route("/mi-institucion/")
@login_required
def own_institutions():
    """Straight to the figures of the one institution the person works for, or a choice."""
    mine = [i for i in authz.institutions_acting_for(current_user)
            if authz.can_view_institution_statistics(current_user, i)]
    authz.require(bool(mine))
    if len(mine) == 1:
        return redirect(url_for("dashboard.own_institution", acronym=mine[0].acronym))
    return render_template("dashboard/own_institutions.html", institutions=mine)


@bp.route("/mi-institucion/<acronym>")
@login_required
def own_institution(acronym: str):
    found = institution_or_404(acronym)
    authz.require(authz.can_view_institution_statistics(current_user, found))
    form, period, status = _period_form()
    if period is None:
        return render_template("dashboard/own_institution.html", form=form, report=None,
                               institution=found), status
    today = local_date(utcnow())
    report, row = service.institution_report(period, today, found, form.metodologia.data)
    medians = service.national_medians(report)
    return render_template(
        "dashboard/own_institution.html", form=form, report=report, institution=found,
        row=row, medians=medians, filters=_filter_args(form),
        charts=visuals.institution_charts(report, row, medians, today))


# --- public open data -----------------------------------------------------------------

def _public_report():
    form, period, status = _period_form()
    if period is None:
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return None, (jsonify({"errors": errors}), 400)
    return _build(form, period, local_date(utcnow())), None


@open_data_bp.route("/")
def index():
    form, period, status = _period_form()
    report = _build(form, period, local_date(utcnow())) if period else None
    filters = _filter_args(form) if period else {}

    def render_body() -> str:
        return render_template("dashboard/_open_data_body.html", form=form, report=report,
                               filters=filters, reference=scores.REFERENCE_2018,
                               columns=open_data.COLUMNS)

    if report is None:
        body = Markup(render_body())
    else:
        # The national figures' tables take longer to render than the cached report to
        # read: the body is kept as long as the report it shows, as the summary's is.
        key = ":".join(["open-data-html", report.computed_at.isoformat(), str(get_locale()),
                        report.methodology_version,
                        *(f"{name}={value}" for name, value in sorted(filters.items()))])
        body = Markup(remember(key, render_body))
    return render_template("dashboard/open_data.html", body=body), status


@open_data_bp.route("/instituciones.csv")
def institutions_csv():
    report, error = _public_report()
    if error:
        return error
    body = csv_export.to_csv(open_data.COLUMNS, (
        [record[c] for c in open_data.COLUMNS] for record in open_data.records(report)))
    name = f"participa-instituciones-{report.period.first}-{report.period.last}.csv"
    return csv_export.csv_response(body, name)


@open_data_bp.route("/instituciones.xlsx")
def institutions_xlsx():
    report, error = _public_report()
    if error:
        return error
    name = f"participa-instituciones-{report.period.first}-{report.period.last}.xlsx"

    def workbook() -> bytes:
        rows = ([record[c] for c in open_data.COLUMNS] for record in open_data.records(report))
        return to_xlsx(exports.header(open_data.COLUMNS),
                       exports.typed_rows(open_data.COLUMNS, rows), sheet="Datos")

    # Written once per report and language (the headers are translated), not per download.
    return xlsx_response(rendered.of_report("institutions-xlsx", report, workbook,
                                            str(get_locale())), name)


@open_data_bp.route("/instituciones.json")
def institutions_json():
    report, error = _public_report()
    if error:
        return error
    records = open_data.records(report)
    return jsonify({
        "schema_version": open_data.SCHEMA_VERSION,
        "methodology_version": report.methodology_version,
        "revision": report.revision,
        "methodology": url_for("open_data.methodology", _external=True),
        "period": {"from": report.period.first.isoformat(),
                   "to": report.period.last.isoformat()},
        "national": records[0],
        "institutions": records[1:],
    })


@open_data_bp.route("/metodologia")
def methodology():
    revisions = published.revisions()
    registry_size = len(service.executive_registry())

    def render_body() -> str:
        return render_template(
            "dashboard/_methodology_body.html", version=scores.METHODOLOGY_VERSION,
            reference=scores.REFERENCE_2018, participation_target=scores.PARTICIPATION_TARGET,
            satisfactory=scores.SATISFACTORY_RATING, baseline=service.ADOPTION_BASELINE,
            target=service.ADOPTION_TARGET, cache_minutes=cache_minutes(),
            example=worked_example(), revisions=revisions, legal_terms=legal_terms(),
            registry_size=registry_size)

    # A long page of fixed text in the reader's language: rendered once while what varies
    # (the revisions listed, the size of the registry, the cache period) stays the same.
    key = ":".join(["methodology-html", scores.METHODOLOGY_VERSION, str(get_locale()),
                    str(cache_minutes()), str(registry_size),
                    hashlib.sha1(repr(revisions).encode()).hexdigest()[:20]])
    return render_template("dashboard/methodology.html", body=Markup(remember(key, render_body)))


# --- cases by channel: online and assisted (participa.assisted) ---------------------------

@open_data_bp.route("/canales.<any(csv, xlsx):fmt>")
def channels_file(fmt: str):
    """Cases by channel (online, counter, Infocentro, phone, letter) per institution."""
    form, period, status = _period_form()
    if period is None:
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return jsonify({"errors": errors}), 400
    name = f"participa-canales-{period.first}-{period.last}"
    rows = list(open_data.channel_rows(period))
    if fmt == "xlsx":
        return exports.xlsx_download(open_data.CHANNEL_COLUMNS, rows, f"{name}.xlsx")
    return csv_export.csv_response(csv_export.to_csv(open_data.CHANNEL_COLUMNS, rows),
                                   f"{name}.csv")
