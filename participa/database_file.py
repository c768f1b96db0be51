"""The SQLite database file is created by `flask participa init` only, outside development.

SQLite creates a missing file on first connection: a server started with a wrong path, or
after the file was moved away, used to serve from a new empty database (every page failing,
the health check saying healthy). Outside development and testing, connections now open the
file read-write without creating it, and a missing file is refused with what to do.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import make_url

from participa.config import DEVELOPMENT_ENVS, ConfigError


class DatabaseMissing(ConfigError):
    """The configured SQLite file does not exist and may not be created here."""


def sqlite_file(database_url: str) -> Path | None:
    """The file of a SQLite file database; None for other databases and in-memory ones."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:" \
            or url.query.get("uri") or url.database.startswith("file:"):
        return None
    return Path(url.database)


def create(path: Path) -> None:
    """Create an empty database file (for `flask participa init`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(path).close()


def register(app: Flask) -> None:
    """Outside development and testing, never let a connection create the database file."""
    path = sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])
    if path is None or app.config["ENV_NAME"] in DEVELOPMENT_ENVS:
        return
    from participa.extensions import db

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "do_connect")
    def open_existing_file_only(_dialect, _record, cargs, cparams):
        if not path.exists():
            raise DatabaseMissing(
                f"The database file {path} does not exist, and Participa creates one only in "
                "development. Run `flask --app wsgi participa init` to create and migrate it "
                "(or restore a backup with `flask --app wsgi participa restore FILE`), or "
                "correct PARTICIPA_DATABASE_URL.")
        # mode=rw: should the file vanish between the check and the open, fail, don't create
        cargs[:] = [f"{path.resolve().as_uri()}?mode=rw"]
        cparams["uri"] = True
