"""National holidays: the law's calendar on a fresh installation, decreed days added and law's
holidays removed by platform administrators, and every deadline counting with the result."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from participa.cases import categories
from participa.cases.businessdays import due_date, holidays_between
from participa.demo import demo_cedula
from participa.extensions import db
from participa.models import (AuditEntry, Holiday, HolidayKind, ModerationState, Proposal,
                              ProposalSettings, ProposalState, ProposalTopic)
from participa.proposals import service as proposals

NEW_YEAR, CARNIVAL_MONDAY, CARNIVAL_TUESDAY = date(2027, 1, 1), date(2027, 2, 8), date(2027, 2, 9)
GOOD_FRIDAY = date(2027, 3, 26)


def test_a_fresh_installation_knows_the_laws_holidays(app):
    assert db.session.scalar(select(Holiday.day)) is None
    days = holidays_between(date(2027, 1, 1), date(2027, 12, 31))
    assert {NEW_YEAR, CARNIVAL_MONDAY, CARNIVAL_TUESDAY, GOOD_FRIDAY} <= days
    # Thursday 31 Dec 2026 + 1 business day: New Year's Day and the weekend do not count.
    assert due_date(date(2026, 12, 31), 1) == date(2027, 1, 4)
    # Friday 5 Feb 2027 + 1: Carnival Monday and Tuesday do not count.
    assert due_date(date(2027, 2, 5), 1) == date(2027, 2, 10)
    assert due_date(date(2027, 3, 25), 1) == date(2027, 3, 29)  # over Good Friday


def test_a_holiday_the_law_moves_is_rested_on_the_day_it_moves_to(app):
    # 10 August 2027 is a Tuesday: the law moves the rest to Monday the 9th.
    days = holidays_between(date(2027, 8, 1), date(2027, 8, 31))
    assert date(2027, 8, 9) in days and date(2027, 8, 10) not in days


def test_a_decreed_day_is_added_and_a_moved_holiday_removed(app, people):
    admin = people["platform_admin"]
    bridge = date(2027, 2, 10)  # a decreed day off after Carnival
    categories.add_holiday(admin, bridge, "Feriado decretado")
    categories.remove_holiday(admin, GOOD_FRIDAY)
    db.session.commit()
    days = holidays_between(date(2027, 1, 1), date(2027, 12, 31))
    assert bridge in days and GOOD_FRIDAY not in days and CARNIVAL_MONDAY in days
    assert due_date(date(2027, 2, 5), 1) == date(2027, 2, 11)
    assert db.session.get(Holiday, GOOD_FRIDAY).kind == HolidayKind.REMOVED
    # Given back: the law's holiday again, and nothing stored for it.
    categories.add_holiday(admin, GOOD_FRIDAY, "Viernes Santo")
    categories.remove_holiday(admin, bridge)
    db.session.commit()
    assert db.session.scalar(select(Holiday.day)) is None
    assert GOOD_FRIDAY in holidays_between(GOOD_FRIDAY, GOOD_FRIDAY)
    actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["holiday.added", "holiday.removed", "holiday.added", "holiday.removed"]


def test_a_holiday_twice_or_a_working_day_removed_is_refused(app, people):
    from participa.domain import Conflict, NotFound

    with pytest.raises(Conflict):
        categories.add_holiday(people["platform_admin"], CARNIVAL_MONDAY, "Carnaval")
    with pytest.raises(NotFound):
        categories.remove_holiday(people["platform_admin"], date(2027, 2, 10))


def test_a_proposal_answer_deadline_skips_the_holidays(app, make_user, institutions):
    msp = institutions["MSP"]
    db.session.add(ProposalSettings(institution=msp, support_threshold=1, collection_days=30,
                                    answer_business_days=1))
    author = make_user("autora@example.ec", cedula=demo_cedula("171000001"))
    supporter = make_user("ana@example.ec", cedula=demo_cedula("171000002"))
    published = datetime(2027, 2, 1, 15, 0)
    proposal = Proposal(institution=msp, author=author, title="Más ciclovías",
                        summary="Resumen", body="<p>Texto</p>", topic=ProposalTopic.HEALTH,
                        state=ProposalState.OPEN, moderation=ModerationState.PUBLISHED,
                        support_threshold=1, created_at=published, published_at=published,
                        closes_at=datetime(2027, 3, 1, 15, 0))
    db.session.add(proposal)
    db.session.commit()
    # Reached on Friday 5 February 2027 with one business day to answer: Carnival Monday
    # and Tuesday do not count, the answer is due on Wednesday.
    assert proposals.support_proposal(supporter, proposal, now=datetime(2027, 2, 5, 15, 0))
    assert proposal.answer_due_on == date(2027, 2, 10)


def test_the_platform_admin_manages_the_calendar_of_a_year(client, login_as):
    login_as("platform_admin")
    page = client.get("/casos/feriados?year=2027").get_data(as_text=True)
    assert "Carnaval" in page and "Viernes Santo" in page
    response = client.post("/casos/feriados?year=2027",
                           data={"day": "2027-02-10", "name": "Feriado decretado"})
    assert response.status_code == 302 and "year=2027" in response.headers["Location"]
    assert client.post("/casos/feriados/2027-03-26/quitar").status_code == 302
    page = client.get("/casos/feriados?year=2027").get_data(as_text=True)
    assert "Feriado decretado" in page
    removed_section = page.split("<h2>", 1)[1]
    assert "Viernes Santo" in removed_section.split("<h2>")[0]
    # Bad input: the form comes back with the error and the text kept, never a 500.
    response = client.post("/casos/feriados?year=2027",
                           data={"day": "2027-02-08", "name": "Carnaval otra vez"})
    assert response.status_code == 409
    assert "Carnaval otra vez" in response.get_data(as_text=True)
    assert client.post("/casos/feriados/no-es-fecha/quitar").status_code == 404


@pytest.mark.parametrize("who", ["citizen", "official_msp", "rector"])
def test_only_platform_admins_change_the_calendar(client, login_as, who):
    login_as(who)
    assert client.post("/casos/feriados", data={"day": "2027-02-10",
                                                "name": "X"}).status_code == 403
    assert client.post("/casos/feriados/2027-03-26/quitar").status_code == 403
    assert db.session.scalar(select(Holiday.day)) is None


def test_the_migration_keeps_every_row(empty_app):
    """Stored holidays become added days; institutions become executive and keep everything
    that refers to them (SQLite must not copy and drop the institutions table)."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    upgrade(revision="e5c1a7b3d920")
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO holidays (day, name) VALUES ('2026-12-24', 'N')"))
        connection.execute(text(
            "INSERT INTO institutions (id, acronym, name, sector, active, created_at) "
            "VALUES (1, 'MSP', 'Salud', 'Salud', true, '2026-01-01 00:00:00')"))
        connection.execute(text(
            "INSERT INTO users (id, email, name, password_hash, is_active_account, "
            "failed_logins, created_at) VALUES (1, 'a@example.ec', 'A', 'x', true, 0, "
            "'2026-01-01 00:00:00')"))
        connection.execute(text(
            "INSERT INTO memberships (id, user_id, institution_id, role, created_at) "
            "VALUES (1, 1, 1, 'official', '2026-01-01 00:00:00')"))
    upgrade()
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT kind FROM holidays")).scalar() == "added"
        assert connection.execute(text("SELECT executive FROM institutions")).scalar()
        assert connection.execute(text("SELECT count(*) FROM memberships")).scalar() == 1
