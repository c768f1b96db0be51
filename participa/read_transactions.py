"""Where a request's transaction begins and how a reading one ends.

PostgreSQL, like SQLite (see _sqlite_begin in participa/__init__.py): reads before a
transaction's first write run on their own, each seeing the latest commit (what READ
COMMITTED gives each statement anyway), and the transaction begins with the first write or
locking read (SELECT ... FOR UPDATE, a transaction's advisory lock), holding its locks until
it ends. A page that only reads costs no BEGIN and no COMMIT, two of the three round trips
of a light signed-in page, and leaves no session idle in a transaction.

A request's transaction that only read ends with COMMIT instead of ROLLBACK. For the
database both end a transaction that changed nothing alike. For psycopg they do not: a
ROLLBACK drops every statement the connection had prepared (it cannot tell whether the
PREPARE itself was rolled back), and psycopg prepares a statement on its fifth run on a
connection. Ended by a rollback after every request, nothing was ever prepared, and
PostgreSQL planned every query afresh each time: 1.7 ms to plan the query that loads a
signed-in person, 0.3 ms to run it. A transaction that sent anything but SELECT, a session
still holding changes it did not send, and a request that ended in an exception are rolled
back as before.
"""
from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from participa.extensions import db

WROTE = "participa.transaction_wrote"
CONNECTION = "participa.transaction_connection"


@event.listens_for(Session, "after_begin")
def _note_connection(session, _transaction, connection) -> None:
    session.info[CONNECTION] = connection
    connection.info[WROTE] = False


@event.listens_for(Engine, "before_cursor_execute")
def _note_write(connection, _cursor, statement, _parameters, _context, _many) -> None:
    if needs_transaction(statement):
        connection.info[WROTE] = True


def only_read(session: Session) -> bool:
    """Whether the session's open transaction sent nothing but SELECT and holds nothing
    unsent."""
    if not session.in_transaction() or session.in_nested_transaction():
        return False
    if session.new or session.dirty or session.deleted:
        return False
    connection = session.info.get(CONNECTION)
    return connection is not None and connection.info.get(WROTE) is False


# What must run inside a transaction on PostgreSQL: anything but a SELECT, and a SELECT that
# takes locks for the rest of the transaction.
_TRANSACTIONAL = re.compile(
    r"^\s*(?!\s|SELECT\b)|\bFOR\s+(?:NO\s+KEY\s+)?UPDATE\b|\bFOR\s+(?:KEY\s+)?SHARE\b"
    r"|\bpg_advisory_xact", re.IGNORECASE)


def needs_transaction(statement: str) -> bool:
    return _TRANSACTIONAL.search(statement) is not None


def _read_outside_transactions(engine) -> None:
    """PostgreSQL (psycopg): connections idle in autocommit; the first statement that needs a
    transaction turns it off, so that psycopg sends BEGIN before it; the pool turns it on
    again when the connection comes back with no transaction open."""
    from psycopg.pq import TransactionStatus

    @event.listens_for(engine, "connect")
    def start_reading(dbapi_connection, _record) -> None:
        dbapi_connection.autocommit = True

    @event.listens_for(engine, "before_cursor_execute")
    def begin_before_writing(_connection, cursor, statement, _parameters, _context,
                             _many) -> None:
        dbapi_connection = cursor.connection
        if dbapi_connection.autocommit and needs_transaction(statement):
            dbapi_connection.autocommit = False

    @event.listens_for(engine, "checkin")
    def read_again(dbapi_connection, _record) -> None:
        if dbapi_connection is not None and not dbapi_connection.closed \
                and dbapi_connection.info.transaction_status == TransactionStatus.IDLE:
            dbapi_connection.autocommit = True


def register(app: Flask) -> None:
    """Call after the database extension is set up: teardowns run in reverse order, so this
    one runs before it closes the session."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg":
        _read_outside_transactions(engine)

    @app.teardown_appcontext
    def commit_what_only_read(error) -> None:
        if error is not None or not db.session.registry.has():
            return
        session = db.session()
        if only_read(session):
            try:
                session.commit()
            except SQLAlchemyError:
                session.rollback()
