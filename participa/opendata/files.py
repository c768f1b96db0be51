"""/datos/solicitudes, /datos/reutilizaciones, /datos/consultas and each published outcome as
CSV, JSON and XLSX: one table (participa.opendata.tables), three formats."""
from __future__ import annotations

from datetime import date, datetime

from flask import Response, abort, json
from sqlalchemy import select

from participa import csv_export, spreadsheet
from participa.extensions import db
from participa.models import Consultation, Institution
from participa.opendata import bp, tables
from participa.opendata.vocabularies import LICENCE_PAGE
from participa.timeutil import utcnow

FORMATS = ("csv", "json", "xlsx")


def text_cell(value):
    """Dates as YYYY-MM-DD and times as UTC ISO 8601 in CSV and JSON."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat() + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return value


def respond(table: tables.Table, fmt: str):
    filename = f"participa-{table.name}.{fmt}"
    if fmt == "csv":
        body = csv_export.to_csv(table.columns, ([text_cell(c) for c in row]
                                                 for row in table.rows), bom=True)
        return csv_export.csv_response(body, filename)
    if fmt == "xlsx":
        return spreadsheet.xlsx_response(spreadsheet.to_xlsx(table.columns, table.rows),
                                         filename)
    if fmt == "json":
        body = {"schema_version": tables.SCHEMA_VERSION, "licence": LICENCE_PAGE,
                "records": [{k: text_cell(v) for k, v in record.items()}
                            for record in table.records()]}
        return Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")
    abort(404)


def _format_or_404(fmt: str) -> str:
    if fmt not in FORMATS:
        abort(404)
    return fmt


@bp.route("/solicitudes.<fmt>")
def data_requests(fmt: str):
    return respond(tables.data_requests(), _format_or_404(fmt))


@bp.route("/reutilizaciones.<fmt>")
def reuses(fmt: str):
    return respond(tables.reuses(), _format_or_404(fmt))


@bp.route("/consultas.<fmt>")
def consultations(fmt: str):
    return respond(tables.consultations(utcnow()), _format_or_404(fmt))


def _published_outcome_or_404(consultation_id: int) -> Consultation:
    consultation = db.session.scalar(
        select(Consultation).join(Institution, Institution.id == Consultation.institution_id)
        .where(Consultation.id == consultation_id,
               Consultation.outcome_published_at.is_not(None), Institution.active.is_(True)))
    if consultation is None:
        abort(404)
    return consultation


@bp.route("/consultas/<int:consultation_id>/resultado-secciones.<fmt>")
def outcome_sections(consultation_id: int, fmt: str):
    fmt = _format_or_404(fmt)
    return respond(tables.outcome_sections(_published_outcome_or_404(consultation_id)), fmt)


@bp.route("/consultas/<int:consultation_id>/resultado-comentarios.<fmt>")
def outcome_comments(consultation_id: int, fmt: str):
    fmt = _format_or_404(fmt)
    return respond(tables.outcome_comments(_published_outcome_or_404(consultation_id)), fmt)
