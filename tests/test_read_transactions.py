"""A request's transaction that only read ends with COMMIT (participa.read_transactions):
on PostgreSQL that keeps the statements psycopg prepared, so a page's queries are no longer
planned on every request; whatever a request wrote without committing is still undone."""
import os
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select, text

from participa.extensions import db
from participa.models import User

from conftest import login_with_code


@contextmanager
def endings():
    """How each transaction on the database ended, in order."""
    seen = []
    commit = lambda _conn: seen.append("commit")  # noqa: E731
    rollback = lambda _conn: seen.append("rollback")  # noqa: E731
    event.listen(db.engine, "commit", commit)
    event.listen(db.engine, "rollback", rollback)
    try:
        yield seen
    finally:
        event.remove(db.engine, "commit", commit)
        event.remove(db.engine, "rollback", rollback)


def test_a_page_that_only_reads_ends_with_a_commit(app, client, people):
    login_with_code(client, people["citizen"])
    client.get("/acerca")
    with endings() as seen:
        assert client.get("/acerca").status_code == 200
    assert seen == ["commit"]


def test_what_a_request_wrote_without_committing_is_undone(app, people):
    with app.app_context():
        db.session.add(User(name="Nadie", email="nadie@example.ec", password_hash="x"))
        db.session.flush()
    with app.app_context():
        person = db.session.get(User, people["citizen"].id)
        person.name = "Cambiado sin guardar"
    with app.app_context():
        db.session.add(User(name="Pendiente", email="pendiente@example.ec",
                            password_hash="x"))
    with pytest.raises(RuntimeError), app.app_context():
        db.session.execute(select(User.id)).all()
        raise RuntimeError("the request failed")
    emails = set(db.session.scalars(select(User.email)))
    assert "nadie@example.ec" not in emails and "pendiente@example.ec" not in emails
    db.session.expire_all()
    assert db.session.get(User, people["citizen"].id).name == "Rosa Ciudadana"


@pytest.mark.skipif(not os.environ.get("PARTICIPA_TEST_DATABASE_URL", "").startswith(
    "postgresql"), reason="prepared statements are PostgreSQL's")
def test_on_postgresql_a_query_run_often_is_prepared_once(app):
    """psycopg prepares a statement on its fifth run on a connection: with each request's
    reading transaction committed, the sixth request finds it prepared."""
    db.engine.dispose()  # one connection, handed to each request in turn
    query = select(User.id).where(User.id == 1)
    for _ in range(6):
        with app.app_context():
            db.session.execute(query).all()
    with app.app_context():
        prepared = db.session.execute(text(
            "SELECT statement FROM pg_prepared_statements")).scalars().all()
    assert any("FROM users" in statement for statement in prepared), prepared


def _other_connection(app):
    from sqlalchemy import create_engine

    return create_engine(app.config["SQLALCHEMY_DATABASE_URI"]).connect()


@pytest.mark.skipif(not os.environ.get("PARTICIPA_TEST_DATABASE_URL", "").startswith(
    "postgresql"), reason="PostgreSQL's transactions")
def test_on_postgresql_a_reading_request_holds_no_transaction_open(app, people):
    """Reads run on their own until the first write: a page that only reads leaves no
    session "idle in transaction" (holding back VACUUM) while it renders."""
    other = _other_connection(app)
    try:
        with app.app_context():
            db.session.execute(select(User.id)).all()
            pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
            state = other.execute(text("SELECT state FROM pg_stat_activity WHERE pid = :pid"),
                                  {"pid": pid}).scalar()
            assert state == "idle"
            other.rollback()  # the activity view is read once per transaction
            db.session.add(User(name="Nueva", email="nueva@example.ec", password_hash="x"))
            db.session.flush()
            state = other.execute(text("SELECT state FROM pg_stat_activity WHERE pid = :pid"),
                                  {"pid": pid}).scalar()
            assert state == "idle in transaction"  # from the first write on: one transaction
            db.session.rollback()
        assert db.session.scalar(select(User.id).where(User.email == "nueva@example.ec")) \
            is None
    finally:
        other.close()


@pytest.mark.skipif(not os.environ.get("PARTICIPA_TEST_DATABASE_URL", "").startswith(
    "postgresql"), reason="PostgreSQL's row locks")
def test_on_postgresql_a_locking_read_holds_its_lock_until_the_commit(app, people):
    from sqlalchemy.exc import OperationalError

    from participa.locking import lock_row

    citizen_id = people["citizen"].id
    other = _other_connection(app)
    try:
        with app.app_context():
            lock_row(User, citizen_id)
            with pytest.raises(OperationalError):  # locked by the request
                other.execute(text("SELECT id FROM users WHERE id = :id FOR UPDATE NOWAIT"),
                              {"id": citizen_id})
            other.rollback()
            db.session.commit()
        assert other.execute(text("SELECT id FROM users WHERE id = :id FOR UPDATE NOWAIT"),
                             {"id": citizen_id}).scalar() == citizen_id
    finally:
        other.close()
