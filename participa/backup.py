"""Online, consistent backups of the embedded SQLite database.

SQLite's backup API copies pages while the app keeps serving, and the copy is a consistent
snapshot. PostgreSQL is backed up with its own tools (pg_dump / pg_restore, see the README).
"""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    pass


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(_l(
            "backup and restore handle the SQLite file database only; for PostgreSQL use "
            "pg_dump --format=custom and pg_restore (see the README)"))
    return Path(url.database)


def default_backup_name(directory: Path) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return directory / f"participa-{stamp}.sqlite"


def _copy(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.execute("PRAGMA busy_timeout=5000")
        src.backup(dst, pages=1024)
    # sqlite3's context manager commits but does not close
    src.close()
    dst.close()


def backup(database_url: str, target: Path) -> Path:
    source = sqlite_path(database_url)
    if not source.exists():
        raise BackupError(_l("there is no database at %(path)s", path=str(source)))
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise BackupError(_l("%(path)s already exists; choose another name", path=str(target)))
    _copy(source, target)
    return target


def restore(database_url: str, backup_file: Path) -> None:
    target = sqlite_path(database_url)
    if not backup_file.exists():
        raise BackupError(_l("there is no backup at %(path)s", path=str(backup_file)))
    with sqlite3.connect(backup_file) as check:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(_l("%(path)s is damaged (integrity check failed)",
                                  path=str(backup_file)))
    check.close()
    _copy(backup_file, target)
