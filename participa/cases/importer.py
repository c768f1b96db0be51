"""Import of historical cases from the previous Contacto Ciudadano system.

Each row becomes a case and the events it would have had in Participa (filed, answered,
resolved / closed / rejected at the recorded times), so that statistics computed from events
treat it like any other case. Idempotent on external_id; a bad row is reported with its line
number and reason and the import goes on. Rows are written with bulk inserts in batches, so
that 100 000 rows take seconds, not minutes, and each batch can be committed on its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Callable, Iterable

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa.cases import facts
from participa.cases.businessdays import add_business_days, local_date
from participa.cases.holiday_calendar import holidays_between
from participa.cases.service import new_tracking_code
from participa.csvinput import FileRefused, LineError, numbered, split_line
from participa.extensions import db
from participa.models import (Case, CaseCategory, CaseEvent, CaseState, CaseType, EventKind,
                              Institution)
from participa.models.audit import record
from participa.models.cases import DEFAULT_DEADLINE_DAYS
from participa.timeutil import utcnow

IMPORT_HOLIDAYS_FROM = date(2000, 1, 1)
HEADER = ["external_id", "institution_acronym", "type", "category", "created_at",
          "first_response_at", "resolved_at", "status", "satisfaction"]
BATCH = 1000  # rows per transaction: the write lock is held for one batch at a time


KEPT_ERRORS = 20  # rejected lines kept in the report; `on_reject` sees every one


@dataclass
class ImportReport:
    read: int = 0  # lines read after the header
    imported: int = 0
    skipped: int = 0  # already imported: same external_id
    rejected: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # the first KEPT_ERRORS


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


def import_cases(lines: Iterable[str], actor=None, **options) -> ImportReport:
    """Import decoded CSV lines (a list, a text file); see `import_lines`."""
    return import_lines(numbered(lines), actor, **options)


def import_lines(lines: Iterable[tuple[int, str | LineError]], actor=None, *,
                 batch_size: int = BATCH, progress_every: int = 0,
                 on_batch: Callable[[ImportReport], None] | None = None,
                 on_progress: Callable[[ImportReport], None] | None = None,
                 on_reject: Callable[[int, object, str], None] | None = None) -> ImportReport:
    """Import numbered lines (`participa.csvinput.read_lines` or `numbered`).

    The new cases are written `batch_size` rows at a time; `on_batch(report)` is called after
    each batch is written, and the command commits there, so that a long import holds the
    database's write lock for one batch at a time and an interrupted one keeps what it wrote
    (running it again skips the cases already there). `on_progress(report)` is called every
    `progress_every` lines (`imported` counts the cases written so far), `on_reject(line,
    message, text)` for every rejected line.
    Raises FileRefused when the file is empty or its header is wrong: nothing is imported.
    """
    report = ImportReport()
    iter_lines = iter(lines)
    first = next(iter_lines, None)
    if first is None:
        raise FileRefused(1, _l("the file is empty"))
    number, header = first
    if isinstance(header, LineError):
        raise FileRefused(number, header.message)
    try:
        header_fields = split_line(header)
    except LineError as error:
        raise FileRefused(number, error.message) from None
    if [h.strip().lower() for h in header_fields] != HEADER:
        raise FileRefused(number, _l("the header must be exactly: %(header)s",
                                     header=",".join(HEADER)))

    # Plain ids and numbers, not ORM objects: the command commits after every batch, and a
    # commit expires loaded objects (each would be read again).
    institutions = {acronym.upper(): institution_id for acronym, institution_id in
                    db.session.execute(select(Institution.acronym, Institution.id))}
    categories = {(institution_id, name.lower()): (category_id, deadline_days)
                  for category_id, institution_id, name, deadline_days in db.session.execute(
                      select(CaseCategory.id, CaseCategory.institution_id, CaseCategory.name,
                             CaseCategory.deadline_days))}
    known_ids = set(db.session.scalars(select(Case.external_id).where(
        Case.external_id.is_not(None))))
    # Historical cases: the holidays of every year an old system may have recorded.
    holidays = holidays_between(IMPORT_HOLIDAYS_FROM, local_date(utcnow()) + timedelta(days=366))
    sorted_holidays = sorted(holidays)
    seen: dict[str, int] = {}
    due_dates: dict[tuple, object] = {}  # (day, deadline) -> due date: days repeat a lot
    # Translated once: without variables gettext returns the template itself.
    subject_template = gettext("Case %(id)s of the previous system")
    pending: list[tuple[dict, list]] = []
    now = utcnow()

    def reject(line: int, message, text: str) -> None:
        report.rejected += 1
        if len(report.errors) < KEPT_ERRORS:
            report.errors.append((line, message))
        if on_reject is not None:
            on_reject(line, message, text)

    def write_batch() -> None:
        _flush(pending, now)
        report.imported += len(pending)
        pending.clear()
        if on_batch is not None:
            on_batch(report)

    for line, text in iter_lines:
        # Every `progress_every` lines, told before the next one (the caller tells the end).
        if on_progress is not None and progress_every and report.read \
                and report.read % progress_every == 0:
            on_progress(report)
        report.read += 1
        if isinstance(text, LineError):
            reject(line, text.message, "")
            continue
        if not text.strip():
            continue
        try:
            row = split_line(text)
            if not any(cell.strip() for cell in row):
                continue
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
            institution_id = institutions.get(values["institution_acronym"].upper())
            if institution_id is None:
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
        except (RowError, LineError) as error:
            reject(line, error.args[0], text)
            continue

        seen[external_id] = line
        category = categories.get((institution_id, name.lower()))
        if category is None:
            created_category = CaseCategory(institution_id=institution_id, name=name,
                                            deadline_days=DEFAULT_DEADLINE_DAYS, active=True)
            db.session.add(created_category)
            db.session.flush()
            category = categories[(institution_id, name.lower())] = (
                created_category.id, created_category.deadline_days)
        category_id, deadline_days = category
        key = (local_date(created), deadline_days)
        due_on = due_dates.get(key)
        if due_on is None:
            due_on = due_dates[key] = add_business_days(key[0], key[1], holidays)
        answered_at = next((moment for kind, moment, _ in events
                            if kind == EventKind.ANSWERED), None)
        case_row = {
            "code": new_tracking_code(), "external_id": external_id,
            "institution_id": institution_id, "category_id": category_id, "type": case_type,
            "subject": subject_template % {"id": external_id},
            "description": "", "state": events[-1][2],
            "due_on": due_on,
            "answered_at": answered_at, "rating": int(satisfaction) if satisfaction else None,
            "created_at": created, "updated_at": events[-1][1],
            **facts.fold(created, events, deadline_days, sorted_holidays),
        }
        pending.append((case_row, events))
        if len(pending) >= batch_size:
            write_batch()
    if pending:
        write_batch()
    record("cases.imported", actor=actor, imported=report.imported, skipped=report.skipped,
           errors=report.rejected)
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
