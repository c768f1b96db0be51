"""The registry of personal-data exporters: one per table that references users.

The page "My data" and its JSON download are built from this registry, and a test fails when
a table with a foreign key to `users` has no exporter. A new domain registers its tables next
to its code, for example::

    from participa.privacy.registry import exporter

    @exporter("ballots", _l("Votes"))
    def _ballots(user):
        # A secret ballot: say that the person voted, never how.
        return [{"poll": b.poll_id, "voted_at": b.cast_at} for b in ...]

An exporter returns a list of flat dicts (values: str, int, float, bool, None, dates or
enums); rows are shown as they are, so it must return only what concerns this person and
never another person's personal data or a secret (hashes, TOTP secrets, secret votes).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

Rows = list[dict]


@dataclass(frozen=True)
class Exporter:
    table: str
    title: object  # a lazy translated string
    export: Callable[[object], Rows]


EXPORTERS: dict[str, Exporter] = {}


def exporter(table: str, title) -> Callable:
    """Register `function(user) -> rows` as the exporter of `table`."""
    def register(function: Callable[[object], Rows]) -> Callable[[object], Rows]:
        if table in EXPORTERS:
            raise ValueError(f"The table {table} already has an exporter.")
        EXPORTERS[table] = Exporter(table, title, function)
        return function
    return register


def plain(value):
    """A value as JSON and the page show it."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def export_everything(user) -> list[tuple[Exporter, Rows]]:
    """Every registered section for `user`, in registration order, values made plain."""
    return [(item, [{key: plain(value) for key, value in row.items()}
                    for row in item.export(user)])
            for item in EXPORTERS.values()]


def tables_referencing_users(metadata) -> list[str]:
    return sorted(table.name for table in metadata.tables.values()
                  if any(fk.column.table.name == "users" for fk in table.foreign_keys))


def uncovered_tables(metadata) -> list[str]:
    """Tables with a foreign key to users that no exporter covers (should be none)."""
    return [name for name in tables_referencing_users(metadata) if name not in EXPORTERS]
