"""What the health endpoints report: the database answers, its schema is the one this code
was written for (the Alembic head), and a table can be read.

"SELECT 1" alone said healthy when the database was an empty file or an old schema, while
every page failed.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

VERSION_TABLE = "alembic_version"


@dataclass(frozen=True)
class Health:
    database: bool  # a connection opened and answered
    schema: str  # current | missing (never migrated) | behind | unknown (newer than the code)
    revision: str | None  # what the database is at
    expected: str  # what the code expects
    tables: bool  # the users table could be read

    @property
    def ok(self) -> bool:
        return self.database and self.schema == "current" and self.tables

    def as_dict(self) -> dict:
        return {"status": "ok" if self.ok else "error", "database": self.database,
                "schema": self.schema, "revision": self.revision,
                "expected_revision": self.expected, "tables": self.tables}


@lru_cache(maxsize=None)
def _revisions(migrations_directory: str) -> tuple[frozenset[str], frozenset[str]]:
    """(heads, every known revision) of the script directory: read once per process."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(migrations_directory)
    return (frozenset(scripts.get_heads()),
            frozenset(script.revision for script in scripts.walk_revisions()))


def check(engine: Engine, migrations_directory: str) -> Health:
    heads, known = _revisions(migrations_directory)
    expected = ",".join(sorted(heads))
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current: set[str] = set()
            if inspect(connection).has_table(VERSION_TABLE):
                current = set(connection.scalars(
                    text(f"SELECT version_num FROM {VERSION_TABLE}")))
    except Exception as error:  # any failure means not healthy; the reason goes to the log
        log.error("Health check: the database does not answer: %s", error)
        return Health(database=False, schema="unknown", revision=None, expected=expected,
                      tables=False)

    revision = ",".join(sorted(current)) or None
    if not current:
        schema = "missing"
    elif current == heads:
        schema = "current"
    elif current <= known:
        schema = "behind"
    else:
        schema = "unknown"
    if schema == "unknown":
        log.error("Health check: the database is at %s, which this code does not know (it "
                  "expects %s): it was migrated by a newer release", revision, expected)
    elif schema != "current":
        log.error("Health check: the database schema is %s (at %s, this code expects %s): "
                  "run `flask --app wsgi participa init`", schema, revision or "no revision",
                  expected)
    return Health(database=True, schema=schema, revision=revision, expected=expected,
                  tables=_users_readable(engine))


def _users_readable(engine: Engine) -> bool:
    from participa.models import User

    try:
        with engine.connect() as connection:
            connection.execute(select(User.id).limit(1)).all()
        return True
    except Exception as error:
        log.error("Health check: the users table cannot be read: %s", error)
        return False
