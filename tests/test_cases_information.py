"""An official asks the citizen for more information (COA arts. 140 and 162.1): the term is
suspended until the citizen answers from their case page, and the official is told."""
from datetime import date, datetime

import pytest

from participa.cases import information, service
from participa.extensions import db
from participa.models import CaseEvent, EventKind

from factories_cases import make_case, make_category, read_mails

FILED = datetime(2026, 3, 2, 15, 0)  # Monday 2 March 2026, 10:00 in Ecuador; no holidays
ASKED = datetime(2026, 3, 4, 15, 0)  # Wednesday
REPLIED = datetime(2026, 3, 9, 15, 0)  # the next Monday


@pytest.fixture
def ten_day_case(people, institutions):
    category = make_category(institutions["MSP"], "Trámites", deadline_days=10)
    return make_case(people["citizen"], institutions["MSP"], category, now=FILED)


@pytest.fixture
def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_a_question_suspends_the_term_until_the_citizen_answers(people, ten_day_case):
    case = ten_day_case
    assert case.due_on == date(2026, 3, 16)  # 10 business days after filing
    information.request_information(people["official_msp"], case, "¿En qué centro?",
                                    now=ASKED)
    # The citizen has 10 business days; the 8 business days the institution had left run
    # after them at the latest.
    assert case.information_due_on == date(2026, 3, 18)
    assert case.due_on == date(2026, 3, 30)
    assert case.awaits_citizen and information.suspends_term(case)
    information.provide_information(people["citizen"], case, "En el de Colta.", now=REPLIED)
    # Suspended for the 3 business days the question waited (5, 6 and 9 March).
    assert case.due_on == date(2026, 3, 19)
    assert not case.awaits_citizen
    assert [e.kind for e in case.events][-2:] == [EventKind.INFORMATION_REQUESTED,
                                                  EventKind.INFORMATION_PROVIDED]


def test_an_unanswered_question_suspends_the_term_for_the_whole_term_given(people,
                                                                          ten_day_case):
    case = ten_day_case
    information.request_information(people["official_msp"], case, "¿En qué centro?",
                                    now=ASKED)
    information.provide_information(people["citizen"], case, "Tarde.",
                                    now=datetime(2026, 4, 1, 15, 0))
    assert case.due_on == date(2026, 3, 30)  # the suspension ended on 18 March


def test_a_term_that_had_ended_is_not_revived(people, ten_day_case):
    case = ten_day_case
    late = datetime(2026, 3, 20, 15, 0)
    information.request_information(people["official_msp"], case, "¿En qué centro?", now=late)
    assert case.due_on == date(2026, 3, 16) and not information.suspends_term(case)
    assert case.is_overdue(date(2026, 3, 20))


def test_one_question_at_a_time_and_never_empty(people, ten_day_case):
    from participa.domain import Conflict, DomainError

    with pytest.raises(DomainError):
        information.request_information(people["official_msp"], ten_day_case, "  ")
    information.request_information(people["official_msp"], ten_day_case, "¿Dónde?")
    with pytest.raises(Conflict):
        information.request_information(people["official_msp"], ten_day_case, "¿Y cuándo?")


def test_answering_the_case_settles_a_pending_question(people, ten_day_case):
    information.request_information(people["official_msp"], ten_day_case, "¿Dónde?")
    service.answer(people["official_msp"], ten_day_case, "Respuesta", "Motivos")
    assert not ten_day_case.awaits_citizen and ten_day_case.information_due_on is None


def test_the_official_asks_the_citizen_answers_and_the_official_is_told(
        english, login_as, people, ten_day_case, tmp_path):
    client, case = english, ten_day_case
    login_as("official_msp")
    page = f"/casos/institucion/MSP/{case.id}"
    response = client.post(f"{page}/pedir-informacion", data={"info-question": ""})
    assert response.status_code == 400
    assert "Write the question for the citizen." in response.get_data(as_text=True)
    response = client.post(f"{page}/pedir-informacion",
                           data={"info-question": "¿En qué centro de salud fue atendida?"},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Question sent to Rosa Ciudadana, who has until" in html
    assert "COA, art. 140" in html
    assert "Waiting for the citizen's answer" in html
    assert "/pedir-informacion" not in html  # one question at a time
    mail = read_mails(tmp_path)[-1]
    assert mail["To"] == people["citizen"].email
    body = mail.get_content()
    assert "¿En qué centro de salud fue atendida?" in body and "art. 140" in body

    client.post("/cuenta/salir")
    login_as("citizen")
    html = client.get(f"/casos/{case.code}").get_data(as_text=True)
    assert "¿En qué centro de salud fue atendida?" in html
    response = client.post(f"/casos/{case.code}/informacion", data={"reply": ""})
    assert response.status_code == 400
    response = client.post(f"/casos/{case.code}/informacion",
                           data={"reply": "En el centro de salud de Colta."},
                           follow_redirects=True)
    assert "Your answer has been sent to Ministerio de Salud Pública" in \
        response.get_data(as_text=True)
    db.session.refresh(case)
    assert not case.awaits_citizen
    told = read_mails(tmp_path)[-1]
    assert told["To"] == people["official_msp"].email
    assert "En el centro de salud de Colta." in told.get_content()
    assert f"/casos/institucion/MSP/{case.id}" in told.get_content()


def test_nobody_else_answers_the_question(client, login_as, people, make_user, ten_day_case):
    information.request_information(people["official_msp"], ten_day_case, "¿Dónde?")
    db.session.commit()
    make_user("otra@example.ec")
    from conftest import login
    login(client, "otra@example.ec")
    response = client.post(f"/casos/{ten_day_case.code}/informacion", data={"reply": "Yo"})
    assert response.status_code == 404
    assert db.session.query(CaseEvent).filter_by(
        kind=EventKind.INFORMATION_PROVIDED).count() == 0
