"""Import of historical cases from the previous Contacto Ciudadano system.

Each row becomes a case and the events it would have had in Participa (filed, answered,
resolved / closed / rejected at the recorded times), so that statistics computed from events
treat it like any other case. Idempotent on external_id; a bad row is reported with its line
number and reason and the import goes on. Rows are written with bulk inserts in batches, so
that 100 000 rows take seconds, not minutes.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa.cases import facts
from participa.cases.businessdays import add_business_days, local_date
from participa.cases.service import new_tracking_code
from participa.extensions import db
from participa.models import (Case, CaseCategory, CaseEvent, CaseState, CaseType, EventKind,
                              Holiday, Institution)
from participa.models.audit import record
from participa.models.cases import DEFAULT_DEADLINE_DAYS
from participa.timeutil import utcnow

HEADER = ["external_id", "institution_acronym", "type", "category", "created_at",
          "first_response_at", "resolved_at", "status", "satisfaction"]
BATCH = 2000


@dataclass
class ImportReport:
    imported: int = 0
    skipped: int = 0  # already imported: same external_id
    errors: list[tuple[int, str]] = field(default_factory=list)


class RowError(ValueError):
    pass


def _time(raw: str, name: str, required: bool = False) -> datetime | None:
    raw = raw.strip()
    if not raw:
        if required:
            raise RowError(_l("%(column)s is empty", column=name))
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise RowError(_l("%(column)s is not an ISO 8601 time: %(value)s", column=name,
                          value=raw)) from None
    if moment.tzinfo is None:
        raise RowError(_l("%(column)s has no UTC offset: %(value)s", column=name, value=raw))
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _events(status: CaseState, created, first_response, resolved):
    """(kind, time, state after) of the history the row describes."""
    events = [(EventKind.FILED, created, CaseState.RECEIVED)]
    if status == CaseState.ASSIGNED:
        events.append((EventKind.ASSIGNED, created, CaseState.ASSIGNED))
    elif status == CaseState.IN_PROGRESS:
        events.append((EventKind.STARTED, created, CaseState.IN_PROGRESS))
    elif status == CaseState.ANSWERED:
        if first_response is None:
            raise RowError(_l("an answered case needs first_response_at"))
        events.append((EventKind.ANSWERED, first_response, CaseState.ANSWERED))
    elif status in (CaseState.RESOLVED, CaseState.CLOSED):
        if resolved is None:
            raise RowError(_l("a %(status)s case needs resolved_at", status=status.value))
        events.append((EventKind.ANSWERED, first_response or resolved, CaseState.ANSWERED))
        kind = EventKind.RESOLVED if status == CaseState.RESOLVED else EventKind.CLOSED
        events.append((kind, resolved, status))
    elif status == CaseState.REJECTED:
        when = first_response or resolved
        if when is None:
            raise RowError(_l("a rejected case needs first_response_at or resolved_at"))
        events.append((EventKind.REJECTED, when, CaseState.REJECTED))
    times = [moment for _, moment, _ in events]
    if times != sorted(times):
        raise RowError(_l("the times are not in order: created, first response, resolution"))
    return events


def import_cases(lines: Iterable[str], actor=None) -> ImportReport:
    report = ImportReport()
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != HEADER:
        report.errors.append((1, _l("the header must be exactly: %(header)s",
                                    header=",".join(HEADER))))
        return report

    institutions = {i.acronym.upper(): i for i in db.session.scalars(select(Institution))}
    categories = {(c.institution_id, c.name.lower()): c
                  for c in db.session.scalars(select(CaseCategory))}
    known_ids = set(db.session.scalars(select(Case.external_id).where(
        Case.external_id.is_not(None))))
    holidays = set(db.session.scalars(select(Holiday.day)))
    sorted_holidays = sorted(holidays)
    seen: dict[str, int] = {}
    due_dates: dict[tuple, object] = {}  # (day, deadline) -> due date: days repeat a lot
    # Translated once: without variables gettext returns the template itself.
    subject_template = gettext("Case %(id)s of the previous system")
    pending: list[tuple[dict, list]] = []
    now = utcnow()

    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        try:
            if len(row) != len(HEADER):
                raise RowError(_l("expected %(expected)d columns, found %(found)d",
                                  expected=len(HEADER), found=len(row)))
            values = dict(zip(HEADER, (cell.strip() for cell in row)))
            external_id = values["external_id"]
            if not external_id or len(external_id) > 64:
                raise RowError(_l("external_id is empty or longer than 64 characters"))
            if external_id in known_ids:
                report.skipped += 1
                continue
            if external_id in seen:
                raise RowError(_l("the external_id %(id)s already appears on line %(line)d",
                                  id=external_id, line=seen[external_id]))
            institution = institutions.get(values["institution_acronym"].upper())
            if institution is None:
                raise RowError(_l("unknown institution %(acronym)s",
                                  acronym=values["institution_acronym"]))
            try:
                case_type = CaseType(values["type"])
            except ValueError:
                raise RowError(_l("unknown type %(value)s", value=values["type"])) from None
            try:
                status = CaseState(values["status"])
            except ValueError:
                raise RowError(_l("unknown status %(value)s", value=values["status"])) from None
            name = values["category"]
            if not name or len(name) > 120:
                raise RowError(_l("category is empty or longer than 120 characters"))
            satisfaction = values["satisfaction"]
            if satisfaction and satisfaction not in {"1", "2", "3", "4", "5"}:
                raise RowError(_l("satisfaction must be from 1 to 5 or empty"))
            created = _time(values["created_at"], "created_at", required=True)
            first_response = _time(values["first_response_at"], "first_response_at")
            resolved = _time(values["resolved_at"], "resolved_at")
            events = _events(status, created, first_response, resolved)
        except RowError as error:
            report.errors.append((line, error.args[0]))
            continue

        seen[external_id] = line
        category = categories.get((institution.id, name.lower()))
        if category is None:
            category = CaseCategory(institution_id=institution.id, name=name,
                                    deadline_days=DEFAULT_DEADLINE_DAYS, active=True)
            db.session.add(category)
            db.session.flush()
            categories[(institution.id, name.lower())] = category
        key = (local_date(created), category.deadline_days)
        due_on = due_dates.get(key)
        if due_on is None:
            due_on = due_dates[key] = add_business_days(key[0], key[1], holidays)
        answered_at = next((moment for kind, moment, _ in events
                            if kind == EventKind.ANSWERED), None)
        case_row = {
            "code": new_tracking_code(), "external_id": external_id,
            "institution_id": institution.id, "category_id": category.id, "type": case_type,
            "subject": subject_template % {"id": external_id},
            "description": "", "state": events[-1][2],
            "due_on": due_on,
            "answered_at": answered_at, "rating": int(satisfaction) if satisfaction else None,
            "created_at": created, "updated_at": events[-1][1],
            **facts.fold(created, events, category.deadline_days, sorted_holidays),
        }
        pending.append((case_row, events))
        if len(pending) >= BATCH:
            _flush(pending, now)
            report.imported += len(pending)
            pending = []
    if pending:
        _flush(pending, now)
        report.imported += len(pending)
    record("cases.imported", actor=actor, imported=report.imported, skipped=report.skipped,
           errors=len(report.errors))
    return report


def _flush(pending, now) -> None:
    """Plain executemany inserts (the fastest path on SQLite and PostgreSQL alike), then one
    query for the new ids of the batch."""
    connection = db.session.connection()
    connection.execute(Case.__table__.insert(), [case_row for case_row, _ in pending])
    external_ids = [case_row["external_id"] for case_row, _ in pending]
    ids = dict(connection.execute(select(Case.external_id, Case.id).where(
        Case.external_id.in_(external_ids))).all())
    event_rows = []
    for case_row, events in pending:
        case_id = ids[case_row["external_id"]]
        for kind, moment, state in events:
            event_rows.append({"case_id": case_id, "kind": kind, "at": moment,
                               "state_after": state, "public": True, "note": "", "reasons": "",
                               "institution_id": case_row["institution_id"], "actor_id": None,
                               "to_institution_id": None, "assignee_id": None})
        event_rows.append({"case_id": case_id, "kind": EventKind.IMPORTED, "at": now,
                           "state_after": None, "public": False, "note": "", "reasons": "",
                           "institution_id": case_row["institution_id"], "actor_id": None,
                           "to_institution_id": None, "assignee_id": None})
    connection.execute(CaseEvent.__table__.insert(), event_rows)
