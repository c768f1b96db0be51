"""Put rows in every table of a database, whatever revision its schema is at.

The migration tests build a database at an old revision, fill it with this, upgrade it and
count the rows again. The tables are reflected from the database itself (not taken from the
models, which describe only today's schema), so revisions added later are covered without
touching this file. Each row respects NOT NULL, foreign keys (parents are filled first and
children point at them), enumerations written as CHECK (col IN (...)) constraints, and the
usual range checks (every number is 1).
"""
from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import MetaData, func, inspect, select, types
from sqlalchemy import table as table_clause
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from participa.models.search import is_engine_table

SKIPPED_TABLES = {"alembic_version"}
_LITERAL = re.compile(r"'((?:[^']|'')*)'")
_CAST = re.compile(r"::[\w ]+(\[\])?")  # PostgreSQL's ::text, ::character varying[]


def table_names(engine: Engine) -> set[str]:
    return {name for name in inspect(engine).get_table_names()
            if name not in SKIPPED_TABLES and not is_engine_table(name)}


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {name: connection.scalar(select(func.count()).select_from(table_clause(name)))
                for name in table_names(engine)}


def fill_empty_tables(engine: Engine) -> dict[str, int]:
    """Insert one row in every table that has none; return the row count of every table."""
    metadata = MetaData()
    metadata.reflect(bind=engine, only=lambda name, _: not is_engine_table(name))
    allowed = _allowed_values(engine, metadata)
    for table in metadata.sorted_tables:
        if table.name in SKIPPED_TABLES:
            continue
        with engine.connect() as connection:
            if connection.scalar(select(func.count()).select_from(table)):
                continue
        _insert_one(engine, table, allowed.get(table.name, {}))
    return row_counts(engine)


def _allowed_values(engine: Engine, metadata: MetaData) -> dict[str, dict[str, list[str]]]:
    """{table: {column: [values]}} from CHECK constraints that name one column and list
    string literals: SQLite keeps "kind IN ('a', 'b')", PostgreSQL rewrites it as
    "((kind)::text = ANY (ARRAY['a'::character varying, ...]))"; both parse here."""
    inspector = inspect(engine)
    allowed: dict[str, dict[str, list[str]]] = {}
    for table in metadata.tables.values():
        if table.name in SKIPPED_TABLES:
            continue
        for check in inspector.get_check_constraints(table.name):
            text = check["sqltext"]
            literals = [value.replace("''", "'") for value in _LITERAL.findall(text)]
            bare = _CAST.sub("", _LITERAL.sub("", text))
            named = [column.name for column in table.columns
                     if re.search(rf"\b{re.escape(column.name)}\b", bare)]
            if literals and len(named) == 1:
                allowed.setdefault(table.name, {})[named[0]] = literals
    return allowed


def _insert_one(engine: Engine, table, allowed: dict[str, list[str]]) -> None:
    """Every column filled first; if a CHECK wants some of them empty, every column but one
    nullable foreign key (a row that points at one parent of two, say; the last column
    first, so that the row is like those of the revisions before it was added), then the
    NOT NULL ones only."""
    error = None
    keys = {element.parent.name for constraint in table.foreign_key_constraints
            for element in constraint.elements if element.parent.nullable}
    optional_keys = [column.name for column in reversed(table.columns) if column.name in keys]
    for fill_nullable, left_empty in ([(True, None)] + [(True, key) for key in optional_keys]
                                      + [(False, None)]):
        try:
            with engine.begin() as connection:
                row = _row(connection, table, allowed, fill_nullable)
                if left_empty:
                    row[left_empty] = None
                connection.execute(table.insert().values(row))
            return
        except IntegrityError as exc:
            error = exc
    raise AssertionError(f"could not put a generic row in {table.name}: {error}")


def _row(connection: Connection, table, allowed: dict[str, list[str]],
         fill_nullable: bool) -> dict:
    row: dict = {}
    for constraint in table.foreign_key_constraints:
        parent = constraint.referred_table
        parent_row = None if parent is table else connection.execute(
            select(*[element.column for element in constraint.elements]).limit(1)).first()
        for element, value in zip(constraint.elements,
                                  parent_row or [None] * len(constraint.elements)):
            if value is None and not element.parent.nullable:
                raise AssertionError(f"{table.name}.{element.parent.name} needs a row in "
                                     f"{parent.name}, which is empty")
            row[element.parent.name] = value if fill_nullable or not element.parent.nullable \
                else None
    for column in table.columns:
        if column.name in row:
            continue
        if _generated_key(table, column):
            continue
        if column.nullable and not fill_nullable:
            continue
        if column.server_default is not None and not fill_nullable:
            continue
        row[column.name] = _value(table, column, allowed)
    return row


def _generated_key(table, column) -> bool:
    primary = list(table.primary_key.columns)
    return len(primary) == 1 and primary[0] is column and isinstance(
        column.type, types.Integer)


def _value(table, column, allowed: dict[str, list[str]]):
    if column.name in allowed:
        return allowed[column.name][0]
    kind = column.type
    enums = getattr(kind, "enums", None)
    if enums:
        return enums[0]
    if isinstance(kind, types.Boolean):
        return True
    if isinstance(kind, types.Integer):
        return 1
    if isinstance(kind, types.Float):
        return 1.0
    if isinstance(kind, types.Numeric):
        return Decimal(1)
    if isinstance(kind, types.DateTime):
        return datetime(2026, 1, 5, 10, 30)
    if isinstance(kind, types.Date):
        return date(2026, 1, 5)
    if isinstance(kind, types.Time):
        return time(10, 30)
    if isinstance(kind, types.JSON):
        return {"filled": True}
    if isinstance(kind, types._Binary):
        return b"filled"
    text = f"{table.name}-{column.name}"
    length = getattr(kind, "length", None)
    return text[:length] if length else text
