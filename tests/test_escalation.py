"""Overdue cases escalate a step at a time (assignee, institution administrators, rector
ministry) until they reach someone; each step once, in the case's history."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from participa.cases import service
from participa.cases.businessdays import business_days_between, local_date
from participa.cases.escalation import NOTES, SKIPPED, Step
from participa.extensions import db
from participa.models import CaseEvent, EventKind, GlobalRole, InstitutionRole
from participa.timeutil import utcnow

from factories_cases import make_case, make_category, read_mails

RECTOR = "analista@mintel.gob.ec"
PLATFORM = "root@participa.gob.ec"
OFFICIAL = "funcionario@msp.gob.ec"
MSP_ADMIN = "jefa@msp.gob.ec"


def overdue_by(business_days: int) -> date:
    """The due date that makes a case `business_days` business days late today."""
    today = local_date(utcnow())
    day = today - timedelta(days=1)
    while business_days_between(day, today, []) < business_days:
        day -= timedelta(days=1)
    return day


@pytest.fixture
def msp_case(institutions, make_user):
    citizen = make_user("vecina@example.ec", name="Marta Vecina")
    case = make_case(citizen, institutions["MSP"], make_category(institutions["MSP"], "Citas"))
    return case


def late_by(case, business_days: int) -> None:
    """Time passes: the case, with its escalation so far, is now `business_days` late."""
    due = overdue_by(business_days)
    if case.escalated_due_on == case.due_on:
        case.escalated_due_on = due
    case.due_on = due
    db.session.commit()


def escalate(app):
    result = app.test_cli_runner().invoke(args=["participa", "escalate"])
    db.session.expire_all()
    return result


def told(tmp_path, case) -> list[str]:
    """Who got a mail about the case, in order; the mails are read once."""
    addresses = [message["To"] for message in read_mails(tmp_path)
                 if case.code in message["Subject"]]
    for path in (tmp_path / "mail").glob("*.eml"):
        path.unlink()
    return sorted(addresses)


def escalations(case) -> list[CaseEvent]:
    return list(db.session.scalars(select(CaseEvent).where(
        CaseEvent.case_id == case.id, CaseEvent.kind == EventKind.ESCALATED)
        .order_by(CaseEvent.id)))


def test_a_case_nobody_handles_reaches_the_rector_ministry(app, tmp_path, msp_case, make_user):
    make_user(RECTOR, global_role=GlobalRole.RECTOR_ANALYST)
    make_user(PLATFORM, global_role=GlobalRole.PLATFORM_ADMIN)
    msp_case.due_on = overdue_by(1)
    db.session.commit()

    result = escalate(app)
    assert result.exit_code == 0, result.output
    assert "1 caso vencido escalado" in result.output
    assert told(tmp_path, msp_case) == [RECTOR]  # the analysts, not the platform admins
    assert msp_case.escalation_level == 3
    [event] = escalations(msp_case)
    assert event.note == " ".join([str(SKIPPED[Step.ASSIGNEE]), str(SKIPPED[Step.INSTITUTION]),
                                   str(NOTES[Step.RECTOR])])


def test_the_rector_mail_carries_no_citizen_text(app, tmp_path, msp_case, make_user):
    make_user(RECTOR, global_role=GlobalRole.RECTOR_ANALYST)
    msp_case.due_on = overdue_by(1)
    db.session.commit()
    escalate(app)
    [mail] = [message for message in read_mails(tmp_path)
              if msp_case.code in message["Subject"]]
    body = mail.get_content()
    assert msp_case.code in body and "Ministerio de Salud Pública" in body
    assert msp_case.subject not in body and msp_case.subject not in mail["Subject"]
    assert "/tablero/institucion/MSP" in body


def test_without_rector_analysts_the_platform_admins_are_told(app, tmp_path, msp_case,
                                                              make_user):
    make_user(PLATFORM, global_role=GlobalRole.PLATFORM_ADMIN)
    msp_case.due_on = overdue_by(1)
    db.session.commit()
    assert escalate(app).exit_code == 0
    assert told(tmp_path, msp_case) == [PLATFORM]


def test_a_case_nobody_can_be_told_of_fails_the_command_until_someone_can(
        app, tmp_path, msp_case, make_user):
    msp_case.due_on = overdue_by(1)
    db.session.commit()
    result = escalate(app)
    assert result.exit_code == 1
    assert msp_case.code in result.output
    assert escalations(msp_case) == [] and msp_case.escalation_level == 0

    make_user(RECTOR, global_role=GlobalRole.RECTOR_ANALYST)
    assert escalate(app).exit_code == 0
    assert told(tmp_path, msp_case) == [RECTOR]
    assert len(escalations(msp_case)) == 1


def test_steps_follow_one_another_and_none_is_taken_twice(app, tmp_path, institutions,
                                                          msp_case, make_user):
    official = make_user(OFFICIAL, roles=[(institutions["MSP"], InstitutionRole.OFFICIAL)])
    make_user(MSP_ADMIN, roles=[(institutions["MSP"], InstitutionRole.INSTITUTION_ADMIN)])
    make_user(RECTOR, global_role=GlobalRole.RECTOR_ANALYST)
    service.assign(official, msp_case, official)
    msp_case.due_on = overdue_by(1)
    db.session.commit()
    assert app.config["ESCALATION_STEP_DAYS"] == 5

    assert escalate(app).exit_code == 0
    assert told(tmp_path, msp_case) == [OFFICIAL]
    assert "0 casos vencidos escalados" in escalate(app).output  # the same day: nothing more
    assert told(tmp_path, msp_case) == []

    late_by(msp_case, 5)  # five business days later
    escalate(app)
    assert told(tmp_path, msp_case) == [MSP_ADMIN]
    escalate(app)
    assert told(tmp_path, msp_case) == []

    late_by(msp_case, 10)
    escalate(app)
    assert told(tmp_path, msp_case) == [RECTOR]
    late_by(msp_case, 30)
    assert "0 casos vencidos escalados" in escalate(app).output  # no step after the last
    assert told(tmp_path, msp_case) == []
    assert [event.note for event in escalations(msp_case)] == [
        str(NOTES[step]) for step in (Step.ASSIGNEE, Step.INSTITUTION, Step.RECTOR)]


def test_the_steps_show_in_the_case_history(app, client, login_as, people, institutions,
                                            msp_case):
    msp_case.due_on = overdue_by(1)
    db.session.commit()
    escalate(app)
    [event] = escalations(msp_case)
    login_as("official_msp")
    page = client.get(f"/casos/institucion/MSP/{msp_case.id}").get_data(as_text=True)
    assert event.note in page


def test_the_step_length_is_configured(app, tmp_path, institutions, msp_case, make_user):
    make_user(MSP_ADMIN, roles=[(institutions["MSP"], InstitutionRole.INSTITUTION_ADMIN)])
    make_user(RECTOR, global_role=GlobalRole.RECTOR_ANALYST)
    app.config["ESCALATION_STEP_DAYS"] = 2
    msp_case.due_on = overdue_by(1)
    db.session.commit()
    escalate(app)
    assert told(tmp_path, msp_case) == [MSP_ADMIN]  # no assignee: the administrators
    late_by(msp_case, 3)
    escalate(app)
    assert told(tmp_path, msp_case) == []
    late_by(msp_case, 4)  # two steps of two business days
    escalate(app)
    assert told(tmp_path, msp_case) == [RECTOR]


def test_the_dashboard_lists_institutions_without_an_administrator(client, login_as, people,
                                                                   make_institution,
                                                                   make_user):
    retired = make_institution("SENESCYT", "Secretaría de Educación Superior")
    former = make_user("exjefe@senescyt.gob.ec",
                       roles=[(retired, InstitutionRole.INSTITUTION_ADMIN)])
    former.is_active_account = False
    db.session.commit()
    for who in ("rector", "platform_admin"):
        login_as(who)
        page = client.get("/tablero/").get_data(as_text=True)
        assert "Institutions without an administrator" in page or \
            "Instituciones sin administrador" in page
        section = page.split('id="sin-administrador"')[1].split("</section>")[0]
        assert "Ministerio de Salud Pública" in section
        assert "Secretaría de Educación Superior" in section  # its only admin is disabled
        assert "Ministerio del Trabajo" not in section
        client.post("/cuenta/salir")
