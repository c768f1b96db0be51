"""Every download as a table: the CSV keeps stable machine column names for programs, the XLSX
beside it has headers in the reader's language and typed cells (numbers are numbers, dates
are dates), so a Spanish spreadsheet reads it without guessing separators.

`COLUMNS` names each machine column once: its header for people and its type. A CSV route
and its XLSX sibling share one row builder; `xlsx_download` turns the builder's cells (as
the CSV has them) into typed cells by the column's type. The README's "Downloads" section
documents the machine names.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from flask_babel import lazy_gettext as _l

from participa.spreadsheet import to_xlsx, xlsx_response

TEXT, INT, NUMBER, DATE, DATETIME, YES_NO, CODE = (
    "text", "int", "number", "date", "datetime", "yes_no", "code")

COLUMNS: dict[str, tuple] = {
    # Comments of a consultation (/consultas/<id>/comentarios.csv)
    "comment_id": (_l("Comment"), INT),
    "author_id": (_l("Author (anonymised)"), TEXT),
    "reply_to": (_l("Reply to comment"), INT),
    "section_number": (_l("Article number"), INT),
    "section": (_l("Article"), TEXT),
    "stance": (_l("Stance"), CODE),
    "supports": (_l("Supports"), INT),
    "created_at_ecuador": (_l("Date (Ecuador time)"), DATETIME),
    "official": (_l("Official answer"), YES_NO),
    "answered": (_l("Answered"), YES_NO),
    "outcome": (_l("Outcome"), CODE),
    "text": (_l("Text"), TEXT),
    # Results of a consultation's questions (/consultas/<id>/resultados.csv)
    "question_position": (_l("Question number"), INT),
    "question": (_l("Question"), TEXT),
    "option_position": (_l("Option number"), INT),
    "option": (_l("Option"), TEXT),
    "votes": (_l("Votes"), INT),
    "ballots": (_l("Ballots"), INT),
    "share": (_l("Share of ballots"), NUMBER),
    # Audit log (/admin/registro.csv, /admin/instituciones/<acronym>/registro.csv)
    "at": (_l("Date (UTC)"), DATETIME),
    "action": (_l("Action"), CODE),
    "actor_id": (_l("Person (id)"), INT),
    "actor": (_l("Person"), TEXT),
    "institution": (_l("Institution"), TEXT),
    "target_type": (_l("Object"), CODE),
    "target_id": (_l("Object (id)"), INT),
    "reason": (_l("Reason"), TEXT),
    "ip": (_l("IP address"), TEXT),
    "details": (_l("Details"), TEXT),
    # Institutions' figures (/datos/instituciones.csv)
    "scope": (_l("Scope"), CODE),
    "institution_acronym": (_l("Acronym"), TEXT),
    "institution_name": (_l("Institution"), TEXT),
    "period_from": (_l("From"), DATE),
    "period_to": (_l("To"), DATE),
    "cases_received": (_l("Cases received"), INT),
    "cases_answered": (_l("Cases answered"), INT),
    "cases_resolved": (_l("Cases resolved"), INT),
    "cases_rejected": (_l("Cases rejected"), INT),
    "cases_transferred": (_l("Cases transferred"), INT),
    "cases_open": (_l("Cases open"), INT),
    "cases_overdue": (_l("Cases overdue"), INT),
    "resolution_rate": (_l("Resolution rate"), NUMBER),
    "on_time_rate": (_l("Answered on time (share)"), NUMBER),
    "reopen_rate": (_l("Reopened (share)"), NUMBER),
    "median_days_to_first_answer": (_l("Median business days to the first answer"), NUMBER),
    "p90_days_to_first_answer": (_l("90th percentile, business days to the first answer"),
                                 NUMBER),
    "median_days_to_resolution": (_l("Median business days to resolution"), NUMBER),
    "p90_days_to_resolution": (_l("90th percentile, business days to resolution"), NUMBER),
    "ratings": (_l("Ratings"), INT),
    "mean_rating": (_l("Average rating"), NUMBER),
    "e_informacion": (_l("e-information"), NUMBER),
    "e_consulta": (_l("e-consultation"), NUMBER),
    "e_decision": (_l("e-decision"), NUMBER),
    "composite": (_l("Composite"), NUMBER),
    "ranking_index": (_l("Ranking index"), NUMBER),
    "methodology_version": (_l("Methodology version"), TEXT),
    # Cases by channel (/datos/canales.csv): online, counter, infocentro, phone, letter
    "channel": (_l("Channel"), CODE),
    # Priority attention (/casos/estadisticas/atencion-prioritaria.csv): "<5" is suppressed
    "group": (_l("Group of priority attention"), CODE),
    "priority_cases": (_l("Cases with priority attention"), INT),
    # The LOTAIP annual report's requests (/transparencia/<acronym>/informe/<year>.csv)
    "request_code": (_l("Tracking code"), TEXT),
    "received_on": (_l("Received"), DATE),
    "answered_on": (_l("Answered"), DATE),
    "days_taken": (_l("Days taken"), INT),
    "extended": (_l("Extended"), TEXT),
    "request_outcome": (_l("Outcome"), TEXT),
    "refusal_ground": (_l("Legal ground of the refusal"), TEXT),
    "classification_resolution": (_l("Classification resolution"), TEXT),
    "answer_due_on": (_l("Due by"), DATE),
    "late": (_l("Late"), TEXT),
    # Observatory indicators (/datos/observatorio/<indicator>.csv)
    "indicator": (_l("Indicator"), CODE),
    "series": (_l("Series"), CODE),
    "unit": (_l("Unit"), CODE),
    "baseline": (_l("Baseline"), NUMBER),
    "target": (_l("Target"), NUMBER),
    "current": (_l("Current value"), NUMBER),
    "year": (_l("Year"), INT),
    "value": (_l("Value"), NUMBER),
}


def header(columns: Sequence[str]) -> list[str]:
    """The headers of `columns` in the reader's language."""
    return [str(COLUMNS[name][0]) if name in COLUMNS else name for name in columns]


def typed(kind: str, value):
    """A cell as the XLSX has it: numbers and dates typed, empty cells empty."""
    if value is None or value == "":
        return None
    if kind == INT:
        try:
            return int(value)
        except (TypeError, ValueError):
            return str(value)
    if kind == NUMBER:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        try:
            return float(value)
        except (TypeError, ValueError):
            return str(value)
    if kind == DATE and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if kind == DATETIME and isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.removesuffix("Z"))
        except ValueError:
            return value
        return parsed.replace(tzinfo=None)
    if kind == YES_NO and isinstance(value, str):
        return {"yes": True, "no": False}.get(value, value)
    return value


def typed_rows(columns: Sequence[str], rows: Iterable[Sequence]) -> Iterable[list]:
    kinds = [COLUMNS.get(name, (None, TEXT))[1] for name in columns]
    for row in rows:
        yield [typed(kind, value) for kind, value in zip(kinds, row)]


def xlsx_download(columns: Sequence[str], rows: Iterable[Sequence], filename: str,
                  *, sheet: str = "Datos"):
    """The XLSX download of a table whose CSV has `columns` and `rows`."""
    return xlsx_response(to_xlsx(header(columns), typed_rows(columns, rows), sheet=sheet),
                         filename)
