"""Pooled database connections are checked before use only after sitting idle
(participa.connection_checks): one the database closed meanwhile is replaced, and the
request that takes it is served as if nothing happened."""
import time
from contextlib import contextmanager

from sqlalchemy import event

from participa.connection_checks import RETURNED_AT
from participa.extensions import db


@contextmanager
def returned_connections():
    """The pooled connections that requests give back meanwhile: (DBAPI connection, record)."""
    seen = []

    def note(dbapi_connection, record):
        seen.append((dbapi_connection, record))

    event.listen(db.engine, "checkin", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "checkin", note)


def close_behind_the_pool(seen, idle_seconds: float) -> None:
    """As a restart of the database would: the connections are dead, the pool not told."""
    for dbapi_connection, record in seen:
        dbapi_connection.close()
        record.info[RETURNED_AT] = time.monotonic() - idle_seconds


def test_a_connection_closed_while_idle_is_replaced_before_a_request_uses_it(
        app, client, institutions):
    with returned_connections() as seen:
        assert client.get("/instituciones").status_code == 200
    assert seen
    close_behind_the_pool(seen, idle_seconds=60)
    page = client.get("/instituciones")
    assert page.status_code == 200 and "Ministerio de Salud" in page.get_data(as_text=True)


def test_with_zero_every_connection_is_checked_however_recent(app, client, institutions):
    app.config["DATABASE_CHECK_AFTER_IDLE_SECONDS"] = 0
    from participa import connection_checks

    connection_checks.register(app)  # the setting is read when the listeners are made
    with returned_connections() as seen:
        assert client.get("/instituciones").status_code == 200
    close_behind_the_pool(seen, idle_seconds=0)
    assert client.get("/instituciones").status_code == 200
