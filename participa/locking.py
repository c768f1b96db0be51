"""Read-then-write without acting on a stale read: lock the row first, then read it.

PostgreSQL locks the row (SELECT ... FOR UPDATE): another transaction that locks it waits
until this one ends, then reads what it committed. SQLite locks the whole database for
writing, and omits FOR UPDATE: the write transaction (BEGIN IMMEDIATE) is opened here,
before the read, so that the read and the writes after it see and change the same state.
"""
from __future__ import annotations

from sqlalchemy import select

from participa.extensions import db


def begin_write() -> None:
    """On SQLite, open the session's write transaction now (BEGIN IMMEDIATE), so that what
    it reads from here on stays true until it commits; on PostgreSQL nothing: lock the rows
    read with FOR UPDATE."""
    from participa import begin_sqlite_write

    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        begin_sqlite_write(connection.connection.driver_connection)


def lock_row(model, row_id: int):
    """The row of `model` with this id, read again under a lock held until the commit (or
    the rollback); the session's object, if loaded, is refreshed."""
    begin_write()
    return db.session.execute(
        select(model).where(model.id == row_id).with_for_update()
        .execution_options(populate_existing=True)).scalar_one()
