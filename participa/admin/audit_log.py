"""Reading the audit log: an institution's entries for its administrators, every entry for
the platform administrators, filtered by action, dates and actor, and as CSV.

The log is append-only: this module only reads it, and no page or service edits or deletes
an entry (see participa.models.audit).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from participa import csv_export
from participa.dashboard.statistics import local_midnight
from participa.extensions import db
from participa.models import AuditEntry, Institution, User

PER_PAGE = 50
CSV_COLUMNS = ["at", "action", "actor_id", "actor", "institution", "target_type", "target_id",
               "reason", "ip", "details"]


@dataclass
class Filters:
    action: str = ""
    first: date | None = None   # local days, inclusive
    last: date | None = None
    actor: str = ""             # part of the actor's name or email address

    def as_args(self) -> dict:
        """The query-string arguments that reproduce these filters (for links)."""
        args = {"accion": self.action, "actor": self.actor,
                "desde": self.first.isoformat() if self.first else "",
                "hasta": self.last.isoformat() if self.last else ""}
        return {key: value for key, value in args.items() if value}


def entries_query(institution: Institution | None, filters: Filters):
    """Entries newest first: the institution's, or every entry when `institution` is None."""
    query = select(AuditEntry)
    if institution is not None:
        query = query.where(AuditEntry.institution_id == institution.id)
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.first:
        query = query.where(AuditEntry.at >= local_midnight(filters.first))
    if filters.last:
        query = query.where(AuditEntry.at < local_midnight(filters.last + timedelta(days=1)))
    if filters.actor.strip():
        pattern = f"%{filters.actor.strip().lower()}%"
        actor = aliased(User)
        query = query.where(AuditEntry.actor_id.in_(
            select(actor.id).where(or_(func.lower(actor.name).like(pattern),
                                       func.lower(actor.email).like(pattern)))))
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def actions_in(institution: Institution | None) -> list[str]:
    """The actions the log holds (for the filter's choices), in one query."""
    query = select(AuditEntry.action).distinct()
    if institution is not None:
        query = query.where(AuditEntry.institution_id == institution.id)
    return sorted(db.session.scalars(query))


def people_of(entries) -> dict[int, User]:
    """The actors of these entries, in one query."""
    ids = {entry.actor_id for entry in entries if entry.actor_id is not None}
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def institutions_of(entries) -> dict[int, Institution]:
    ids = {entry.institution_id for entry in entries if entry.institution_id is not None}
    if not ids:
        return {}
    return {i.id: i for i in db.session.scalars(select(Institution).where(
        Institution.id.in_(ids)))}


def reason_of(entry: AuditEntry) -> str:
    return str((entry.details or {}).get("reason") or "")


def other_details(entry: AuditEntry) -> dict:
    return {key: value for key, value in (entry.details or {}).items() if key != "reason"}


def rows(entries: list[AuditEntry], people: dict[int, User],
         institutions: dict[int, Institution]):
    """The cells of each entry, in the order of CSV_COLUMNS (the CSV and the XLSX)."""
    def row(entry: AuditEntry) -> list:
        person = people.get(entry.actor_id)
        institution = institutions.get(entry.institution_id)
        return [
            entry.at.isoformat(timespec="seconds") + "Z", entry.action,
            entry.actor_id or "", person.name if person else "",
            institution.acronym if institution else "", entry.target_type or "",
            entry.target_id or "", reason_of(entry), entry.ip or "",
            json.dumps(other_details(entry), ensure_ascii=False, sort_keys=True, default=str)]

    return (row(entry) for entry in entries)


def to_csv(entries: list[AuditEntry], people: dict[int, User],
           institutions: dict[int, Institution]) -> str:
    return csv_export.to_csv(CSV_COLUMNS, rows(entries, people, institutions))
