"""The migration that gives information requests their own law's term: open requests get
the LOTAIP term from the day it runs, never later than the date they had."""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask_migrate import upgrade
from sqlalchemy import text

from participa.extensions import db

from schema_filler import fill_empty_tables

BEFORE = "7b2e4d6f8a13"


def _effect_day() -> date:
    return datetime.now(timezone.utc).astimezone(ZoneInfo("America/Guayaquil")).date()


def test_open_information_requests_get_the_new_term_from_its_date_of_effect(empty_app):
    upgrade(revision=BEFORE)
    fill_empty_tables(db.engine)
    with db.engine.begin() as connection:
        case_id = connection.scalar(text("SELECT min(id) FROM cases"))
        connection.execute(text(
            "UPDATE cases SET type = 'information_request', state = 'in_progress', "
            "due_on = :due WHERE id = :id"), {"due": date(2099, 1, 1), "id": case_id})
    upgrade()
    with db.engine.connect() as connection:
        due = connection.scalar(text("SELECT due_on FROM cases WHERE id = :id"),
                                {"id": case_id})
    due = due if isinstance(due, date) else date.fromisoformat(str(due))
    assert due in {_effect_day() + timedelta(days=10), _effect_day() + timedelta(days=9)}


def test_a_request_due_sooner_keeps_its_date(empty_app):
    upgrade(revision=BEFORE)
    fill_empty_tables(db.engine)
    soon = _effect_day() + timedelta(days=2)
    with db.engine.begin() as connection:
        case_id = connection.scalar(text("SELECT min(id) FROM cases"))
        connection.execute(text(
            "UPDATE cases SET type = 'information_request', state = 'received', "
            "due_on = :due WHERE id = :id"), {"due": soon, "id": case_id})
    upgrade()
    with db.engine.connect() as connection:
        due = connection.scalar(text("SELECT due_on FROM cases WHERE id = :id"),
                                {"id": case_id})
    assert str(due) == soon.isoformat()
