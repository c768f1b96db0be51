"""Requests for open data: a request's whole life, duplicates, supports, answers on time and
late, who may answer, bad input, and their weight in the e-información score."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from participa import scores
from participa.domain import Conflict, DomainError, Forbidden
from participa.extensions import db
from participa.models import DataRequest, DataRequestState, DataRequestSupport
from participa.observatory import requests as service


def at(day: int, month: int = 3, year: int = 2025) -> datetime:
    """10:00 in Ecuador (15:00 UTC)."""
    return datetime(year, month, day, 15, 0)


def text(response) -> str:
    return response.get_data(as_text=True)


def ask(people, institutions, title="Tiempos de espera en hospitales", now=None):
    request = service.ask(people["citizen"], institutions["MSP"], title=title,
                          description="Por hospital y mes.", purpose="Un estudio.",
                          format_wanted="CSV", now=now or at(3))
    db.session.commit()
    return request


def test_the_due_date_is_30_business_days_without_holidays(people, institutions):
    # Monday 3 March (Carnival) + 30 business days = Monday 14 April, plus Carnival Tuesday
    # (the law's holidays count without any set-up): Tuesday 15 April.
    request = ask(people, institutions)
    assert request.due_on == date(2025, 4, 15)
    later = service.ask(people["citizen"], institutions["MSP"], title="Otro conjunto",
                        description="d", purpose="p", now=at(10))
    # 10 March + 30 business days = 21 April, plus Good Friday (18 April): 22 April.
    assert later.due_on == date(2025, 4, 22)


def test_a_request_asked_supported_answered_on_time(people, institutions, make_user):
    request = ask(people, institutions)
    other = make_user("vecino@example.ec", name="Vecino")
    service.support(other, request, now=at(4))
    with pytest.raises(Conflict):
        service.support(other, request, now=at(5))  # once per person
    with pytest.raises(Conflict):
        service.support(people["citizen"], request)  # the author already asks for it
    assert service.support_count(request) == 1

    service.answer(people["official_msp"], request, outcome=DataRequestState.PUBLISHED,
                   url="https://datos.msp.gob.ec/espera.csv", now=at(15, 4))  # the due day
    db.session.commit()
    assert request.state == DataRequestState.PUBLISHED and not request.late
    assert service.is_on_time(request, date(2025, 6, 1))
    assert service.lateness(request, date(2025, 6, 1)) == "on_time"
    with pytest.raises(Conflict):
        service.support(make_user("tarde@example.ec"), request)  # answered: no more supports


def test_a_request_answered_late(client, people, institutions):
    request = ask(people, institutions)
    assert service.lateness(request, date(2025, 4, 16)) == "late"  # past due, no answer
    service.answer(people["official_msp"], request, outcome=DataRequestState.REFUSED,
                   reason="Información reservada (LOTAIP, art. 17).", now=at(16, 4))
    db.session.commit()
    assert request.late and not request.answers[0].on_time
    assert not service.is_on_time(request, date(2025, 6, 1))
    listing = text(client.get("/observatorio/solicitudes/?institucion=MSP&estado=refused"))
    assert "Tiempos de espera en hospitales" in listing
    assert "Con retraso o plazo vencido" in listing
    page = text(client.get(f"/observatorio/solicitudes/{request.id}"))
    assert "Información reservada (LOTAIP, art. 17)." in page
    assert "atrasada: se debía hasta el 15 abr 2025" in page


def test_a_request_planned_then_published(people, institutions):
    request = ask(people, institutions)
    service.answer(people["official_msp"], request, outcome=DataRequestState.PLANNED,
                   planned_on=date(2025, 5, 30), now=at(20))
    db.session.commit()
    assert request.state == DataRequestState.PLANNED and request.due_on == date(2025, 5, 30)
    assert service.is_on_time(request, date(2025, 5, 30))
    assert not service.is_on_time(request, date(2025, 5, 31))  # the plan is past its date
    with pytest.raises(Conflict):
        service.answer(people["official_msp"], request, outcome=DataRequestState.PLANNED,
                       planned_on=date(2025, 6, 30), now=at(21))
    service.answer(people["official_msp"], request, outcome=DataRequestState.PUBLISHED,
                   url="http://datos.msp.gob.ec/x.csv", now=at(29, 5))
    db.session.commit()
    assert request.state == DataRequestState.PUBLISHED and not request.late
    assert [a.outcome for a in request.answers] == [DataRequestState.PLANNED,
                                                    DataRequestState.PUBLISHED]
    assert service.is_on_time(request, date(2025, 12, 31))


def test_a_plan_kept_late_makes_the_request_late(people, institutions):
    request = ask(people, institutions)
    service.answer(people["official_msp"], request, outcome=DataRequestState.PLANNED,
                   planned_on=date(2025, 5, 30), now=at(20))
    service.answer(people["official_msp"], request, outcome=DataRequestState.PUBLISHED,
                   url="https://datos.msp.gob.ec/x.csv", now=at(2, 6))
    assert request.late and not service.is_on_time(request, date(2025, 12, 31))


@pytest.mark.parametrize("outcome, kwargs, field", [
    (DataRequestState.PUBLISHED, {"url": "ftp://datos.msp.gob.ec/x.csv"}, "url"),
    (DataRequestState.PUBLISHED, {"url": "javascript:alert(1)"}, "url"),
    (DataRequestState.PLANNED, {}, "planned_on"),
    (DataRequestState.PLANNED, {"planned_on": date(2025, 3, 1)}, "planned_on"),
    (DataRequestState.REFUSED, {"reason": "  "}, "reason"),
])
def test_an_answer_without_what_it_needs_is_refused(people, institutions, outcome, kwargs,
                                                    field):
    request = ask(people, institutions)
    with pytest.raises(DomainError) as error:
        service.answer(people["official_msp"], request, outcome=outcome, now=at(5), **kwargs)
    assert error.value.field == field
    assert request.state == DataRequestState.OPEN


def test_only_officials_of_the_institution_answer(people, institutions):
    request = ask(people, institutions)
    for who in ("admin_mdt", "moderator_msp", "rector", "citizen"):
        with pytest.raises(Forbidden):
            service.answer(people[who], request, outcome=DataRequestState.REFUSED,
                           reason="No.", now=at(5))


# --- through the pages ----------------------------------------------------------------------

FORM = {"institution": "MSP", "title": "Camas hospitalarias por provincia",
        "description": "Número de camas por hospital.", "purpose": "Periodismo de datos.",
        "format_wanted": "CSV"}


def test_a_citizen_asks_through_the_form(client, login_as, institutions):
    login_as("citizen")
    response = client.post("/observatorio/solicitudes/nueva", data=FORM)
    assert response.status_code == 302
    request = db.session.scalar(select(DataRequest))
    assert request.title == FORM["title"] and request.institution.acronym == "MSP"
    page = text(client.get(response.headers["Location"]))
    assert FORM["title"] in page and "Esperando la respuesta de la institución" in page
    listing = text(client.get("/observatorio/solicitudes/?institucion=MSP"))
    assert FORM["title"] in listing
    assert FORM["title"] not in text(client.get("/observatorio/solicitudes/?institucion=MDT"))


def test_asking_needs_an_account(client, institutions):
    response = client.post("/observatorio/solicitudes/nueva", data=FORM)
    assert response.status_code == 302 and "/cuenta/entrar" in response.headers["Location"]


@pytest.mark.parametrize("acronym, message", [
    ("NOEXISTE", "Elija una institución de la lista."),
    ("INACTIVA", "INACTIVA no recibe solicitudes en Participa por ahora."),
])
def test_an_unknown_or_inactive_institution_is_explained_and_the_text_kept(
        client, login_as, make_institution, acronym, message):
    inactive = make_institution("INACTIVA")
    inactive.active = False
    db.session.commit()
    login_as("citizen")
    response = client.post("/observatorio/solicitudes/nueva",
                           data={**FORM, "institution": acronym})
    assert response.status_code in (400, 404, 409)
    page = text(response)
    assert message in page and FORM["description"] in page
    assert db.session.scalar(select(DataRequest)) is None


def test_a_duplicate_request_offers_to_support_the_existing_one(client, login_as, people,
                                                                institutions, make_user):
    existing = ask(people, institutions, title="Camas hospitalarias por provincia")
    other = make_user("otra@example.ec", name="Otra Persona")
    from conftest import login_with_code
    login_with_code(client, other)
    response = client.post("/observatorio/solicitudes/nueva",
                           data={**FORM, "title": "camas hospitalarias por Provincia."})
    assert response.status_code == 409
    page = text(response)
    assert "ya tiene una solicitud abierta" in page and "Apoyar la solicitud existente" in page
    assert FORM["purpose"] in page  # the text is kept
    client.post(f"/observatorio/solicitudes/{existing.id}/apoyar")
    assert service.support_count(existing) == 1
    assert db.session.scalar(select(DataRequestSupport.user_id)) == other.id


def test_the_official_answers_and_outsiders_get_403(client, login_as, people, institutions):
    request = ask(people, institutions, now=datetime.utcnow())
    page = f"/observatorio/solicitudes/{request.id}"
    for who in ("admin_mdt", "moderator_msp"):
        login_as(who)
        assert "Publicar la respuesta" not in text(client.get(page))
        response = client.post(page + "/responder", data={"outcome": "refused",
                                                          "reason": "No."})
        assert response.status_code == 403
        client.post("/cuenta/salir")
    assert client.post(page + "/responder", data={"outcome": "refused"}).status_code == 302
    assert client.get("/observatorio/solicitudes/999/responder").status_code in (404, 405)
    assert client.get("/observatorio/solicitudes/999").status_code == 404

    login_as("official_msp")
    response = client.post(page + "/responder", data={"outcome": "published",
                                                      "url": "datos.msp.gob.ec/x.csv"})
    assert response.status_code == 400
    assert "http:// o https://" in text(response) and "datos.msp.gob.ec/x.csv" in text(response)
    response = client.post(page + "/responder", data={
        "outcome": "published", "url": "https://datos.msp.gob.ec/camas.csv"})
    assert response.status_code == 302
    page_text = text(client.get(page))
    assert "Conjunto de datos publicado" in page_text and "a tiempo" in page_text
    assert "https://datos.msp.gob.ec/camas.csv" in page_text
    assert "Respondida a tiempo" in text(client.get("/observatorio/solicitudes/"))


# --- the e-información score ----------------------------------------------------------------

def test_requests_answered_on_time_count_in_e_informacion(client, people, institutions):
    """MSP in 2025: A answered on time, B answered late, C planned then published on time,
    D open and past due, E open and not yet due (not counted). MDT: nothing.
    C was planned for 2 June, past the legal term (14 April): not on time under methodology
    version 3. On time 1 of the 4 due: 0.25. No case and no consultation otherwise, so
    e-información is 0.25 (the only component with a denominator); nationally, the mean of
    the institutions that have a value: MSP's."""
    official = people["official_msp"]
    a = ask(people, institutions, "Conjunto A", now=at(3))
    service.answer(official, a, outcome=DataRequestState.PUBLISHED,
                   url="https://datos.msp.gob.ec/a.csv", now=at(10))
    b = ask(people, institutions, "Conjunto B", now=at(3))
    service.answer(official, b, outcome=DataRequestState.REFUSED, reason="Reservada.",
                   now=at(30, 4))
    c = ask(people, institutions, "Conjunto C", now=at(3))
    service.answer(official, c, outcome=DataRequestState.PLANNED, planned_on=date(2025, 6, 2),
                   now=at(4))
    service.answer(official, c, outcome=DataRequestState.PUBLISHED,
                   url="https://datos.msp.gob.ec/c.csv", now=at(2, 6))
    ask(people, institutions, "Conjunto D", now=at(3))
    ask(people, institutions, "Conjunto E", now=datetime.utcnow())
    db.session.commit()

    data = client.get("/datos/instituciones.json?periodo=year&desde=2025-01-01").get_json()
    rows = {row["institution_acronym"]: row for row in data["institutions"]}
    assert rows["MSP"]["e_informacion"] == 0.25
    assert rows["MDT"]["e_informacion"] is None
    assert data["national"]["e_informacion"] == 0.25
    assert data["methodology_version"] == "3"


def test_the_data_request_component_recomputed_by_hand():
    inputs = scores.ScoreInputs(information_requests=4, information_requests_on_time=3,
                                information_requests_due_or_answered=4,
                                consultations=2, consultations_with_documents=1,
                                data_requests=5, data_requests_on_time=2,
                                data_requests_on_time_within_term=1)
    # Version 3: e-información = mean(3/4, 1/2, 1/5) = 1.45 / 3 = 0.483333
    assert scores.compute(inputs).information == pytest.approx(1.45 / 3)
    assert scores.information_components(inputs)["data_requests_on_time"] == 0.2
    # Version 2 counted a publication planned past the legal term: mean(3/4, 1/2, 2/5) = 0.55
    assert scores.compute(inputs, "2").information == pytest.approx(0.55)
    assert scores.information_components(inputs, "2")["data_requests_on_time"] == 0.4
    # Without requests the component is left out, as before.
    assert scores.compute(scores.ScoreInputs(information_requests=4,
                                             information_requests_on_time=3,
                                             information_requests_due_or_answered=4)
                          ).information == pytest.approx(0.75)
