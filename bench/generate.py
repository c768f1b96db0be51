"""National-scale data set, generated fast with bulk inserts into a migrated database.

Each domain has one generator function taking (connection, scale, context): it inserts its
rows with executemany in chunks and records in `context` the ids that the benchmark's
scenarios need (the busiest consultation, a case, ...). scale=1.0 is the national figure
from the issue; smaller scales give a quick check of the same code.
"""
from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from functools import partial
from typing import Callable

from flask_babel import format_decimal
from sqlalchemy import insert, text

from participa.auth.passwords import hash_password
from participa.cedula import check_digit
from participa.extensions import db
from participa.models import Institution, InstitutionRole, Membership, User
from participa.progress import Progress

BENCH_PASSWORD = "bench-password-2026"
CHUNK = 20_000
NOW = datetime(2026, 11, 1, 12, 0, 0)
PROVINCES = [f"{n:02d}" for n in range(1, 25)]

Generator = Callable[[object, float, dict], None]
GENERATORS: list[Generator] = []


def generator(fn: Generator) -> Generator:
    GENERATORS.append(fn)
    return fn


def bulk_insert(connection, table, rows, expected: int | None = None) -> int:
    """Insert an iterable of dicts in chunks, showing progress (rows done, rate, time left
    when `expected` rows are announced); returns the number of rows."""
    total, batch = 0, []
    write = (partial(copy_chunk, connection, table) if connection.dialect.name == "postgresql"
             else partial(connection.execute, insert(table)))
    progress = Progress(expected, lambda done: f"{table.name}: {format_decimal(done)} rows")
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            write(batch)
            total += len(batch)
            batch = []
            progress.update(total)
    if batch:
        write(batch)
        total += len(batch)
    if total >= CHUNK:
        progress.finish(total)
    return total


class RowContext:
    """What a context-sensitive column default reads (the row's other values)."""

    def __init__(self, row: dict):
        self.current_parameters = row

    def get_current_parameters(self) -> dict:
        return self.current_parameters


def copy_chunk(connection, table, batch: list[dict]) -> None:
    """PostgreSQL: COPY the rows, several times faster than INSERT (a national data set on
    PostgreSQL in minutes, not hours). The columns that the rows leave out get their
    Python-side defaults, as an INSERT through SQLAlchemy would give them, and every value
    goes through its column type's conversion (enums, JSON)."""
    given = list(batch[0])
    defaulted = [c for c in table.c if c.name not in batch[0] and c.default is not None
                 and not c.default.is_sequence]
    columns = [table.c[name] for name in given] + defaulted
    convert = [c.type.bind_processor(connection.dialect) for c in columns]
    names = ", ".join(f'"{c.name}"' for c in columns)
    cursor = connection.connection.cursor()
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in batch:
            context = RowContext(row)
            values = [row[name] for name in given] + [
                c.default.arg(context) if c.default.is_callable else c.default.arg
                for c in defaulted]
            copy.write_row([f(v) if f and v is not None else v
                            for f, v in zip(convert, values)])


def reset_sequences(connection) -> None:
    """PostgreSQL: the rows were inserted with their ids, so move every id sequence past them
    (the benchmark's writes take the next ids)."""
    if connection.dialect.name != "postgresql":
        return
    for table in sorted(db.metadata.tables.values(), key=lambda t: t.name):
        if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
            connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))


def scaled(n: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, int(n * scale))


def cedula_for(n: int) -> str:
    first_nine = f"{PROVINCES[n % 24]}{n % 6}{n:06d}"[:9]
    return first_nine + str(check_digit(first_nine))


@generator
def institutions_and_people(connection, scale: float, context: dict) -> None:
    rng = random.Random(1)
    institutions = [{"id": i, "acronym": f"INST{i:03d}", "name": f"Institución ejecutiva {i}",
                     "sector": rng.choice(["Salud", "Educación", "Trabajo", "Ambiente"]),
                     "active": True, "created_at": NOW - timedelta(days=900)}
                    for i in range(1, 105)]
    bulk_insert(connection, Institution.__table__, institutions)
    context["institution_ids"] = [i["id"] for i in institutions]

    password = hash_password(BENCH_PASSWORD)  # one real hash, shared: hashing is not measured
    citizens = scaled(200_000, scale, 200)
    staff_per_institution = 5

    def users():
        for n in range(1, citizens + 1):
            yield {"id": n, "email": f"ciudadano{n}@bench.ec", "name": f"Ciudadano {n}",
                   "password_hash": password, "cedula": cedula_for(n) if n % 2 == 0 or n <= 1000 else None,
                   "locale": "es", "global_role": None, "is_active_account": True,
                   "failed_logins": 0, "created_at": NOW - timedelta(days=n % 700)}
        for i in institutions:
            for k in range(staff_per_institution):
                uid = citizens + (i["id"] - 1) * staff_per_institution + k + 1
                yield {"id": uid, "email": f"staff{k}@inst{i['id']:03d}.gob.ec",
                       "name": f"Servidor {k} de {i['acronym']}", "password_hash": password,
                       "cedula": None, "locale": "es", "global_role": None,
                       "is_active_account": True, "failed_logins": 0, "created_at": NOW}

    bulk_insert(connection, User.__table__, users(), citizens + 104 * staff_per_institution)
    rector_id = citizens + 104 * staff_per_institution + 1
    connection.execute(User.__table__.insert(), [{
        "id": rector_id, "email": "analista@mintel.bench.ec", "name": "Analista MINTEL",
        "password_hash": password, "cedula": None, "locale": "es",
        "global_role": "rector_analyst", "is_active_account": True, "failed_logins": 0,
        "created_at": NOW}])
    context["rector_id"] = rector_id
    context["rector_email"] = "analista@mintel.bench.ec"
    roles = [InstitutionRole.OFFICIAL, InstitutionRole.OFFICIAL, InstitutionRole.OFFICIAL,
             InstitutionRole.MODERATOR, InstitutionRole.INSTITUTION_ADMIN]

    def memberships():
        for i in institutions:
            for k, role in enumerate(roles):
                uid = citizens + (i["id"] - 1) * staff_per_institution + k + 1
                yield {"user_id": uid, "institution_id": i["id"], "role": role.value,
                       "created_at": NOW}

    bulk_insert(connection, Membership.__table__, memberships())
    context["citizen_count"] = citizens
    # The first 1000 citizens all have a cédula: the benchmark signs them in to write.
    context["verified_citizen_ids"] = list(range(1, min(citizens, 1000) + 1))
    context["official_of_busiest"] = f"staff0@inst001.gob.ec"


def generate(engine, scale: float) -> tuple[dict, dict]:
    """Fill the database; returns (context, seconds per generator)."""
    context: dict = {"scale": scale}
    timings: dict = {}
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.execute(text("PRAGMA synchronous=OFF"))
        for fn in GENERATORS:
            started = time.perf_counter()
            fn(connection, scale, context)
            timings[fn.__name__] = round(time.perf_counter() - started, 2)
        reset_sequences(connection)
    freeze_figures(timings)
    return context, timings


def freeze_figures(timings: dict) -> None:
    """Publish every closed month, quarter and year, as the worker does every hour
    (`flask participa freeze-figures`): the benchmark measures pages that read closed
    periods from their stored figures and compute only the open days, as in production.
    Runs in the application context the caller opened on this database."""
    from participa.dashboard.commands import freeze_closed

    started = time.perf_counter()
    freeze_closed(say=False)
    timings["freeze_figures"] = round(time.perf_counter() - started, 2)
