"""A pooled database connection is checked before use only after it sat idle a while.

SQLAlchemy's pool_pre_ping checks the connection on every checkout: one more round trip to
PostgreSQL on every request, although a busy worker takes the same connection back a few
milliseconds after returning it. A connection idle for DATABASE_CHECK_AFTER_IDLE_SECONDS or
more (10 by default), which a restart of the database or a network timeout may have
closed, is still checked, and replaced when it is dead. One returned moments ago is not: if
the database restarted in those moments, that request fails like the requests running
during the restart, and the pool replaces all its connections at once (SQLAlchemy's
disconnect handling). 0 checks every checkout, as pool_pre_ping does.
"""
from __future__ import annotations

import time

from flask import Flask
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError

from participa.extensions import db

RETURNED_AT = "participa.returned_at"


def register(app: Flask) -> None:
    seconds = app.config["DATABASE_CHECK_AFTER_IDLE_SECONDS"]
    with app.app_context():
        engine = db.engine
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def note_return(_dbapi_connection, record) -> None:
        record.info[RETURNED_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def check_if_idle(dbapi_connection, record, _proxy) -> None:
        returned = record.info.get(RETURNED_AT)
        if returned is not None and time.monotonic() - returned < seconds:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:  # the pool then connects anew, up to three times
            raise DisconnectionError("the database connection was closed") from error
