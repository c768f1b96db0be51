"""Citizens file cases, follow them by code, reopen or confirm and rate; privacy holds."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participa.extensions import db
from participa.models import Case, CaseEvent, CaseState

from conftest import login
from factories_cases import allow_anonymous, make_case, make_category


@pytest.fixture
def msp_category(institutions):
    return make_category(institutions["MSP"], "Citas médicas", deadline_days=10)


def _form(category, **extra):
    data = {"type": "complaint", "category": str(category.id),
            "subject": "Demora en la cita", "description": "Llevo dos meses esperando.",
            "province": "17", "canton": "1701", "latitude": "-0.1807",
            "longitude": "-78.4678"}
    data.update(extra)
    return data


def test_a_registered_citizen_files_a_case_and_sees_its_code_at_once(client, login_as,
                                                                     msp_category, tmp_path):
    login_as("citizen")
    response = client.post("/casos/nuevo/MSP", data=_form(msp_category))
    assert response.status_code == 302
    case = db.session.scalar(select(Case))
    assert response.headers["Location"] == f"/casos/{case.code}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert case.code in page and "Su caso fue registrado" in page
    assert "Recibido" in page and "Citas médicas" in page and "Quito, Pichincha" in page
    assert case.latitude == pytest.approx(-0.1807)
    mails = list((tmp_path / "mail").glob("*.eml"))
    assert len(mails) == 1 and case.code in mails[0].read_text()
    assert "Demora en la cita" in client.get("/casos/mis-casos").get_data(as_text=True)


def test_missing_fields_are_explained_and_the_text_is_kept(client, login_as, msp_category):
    login_as("citizen")
    response = client.post("/casos/nuevo/MSP", data=_form(msp_category, subject="",
                                                          latitude="95"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Escriba el asunto de su caso." in page
    assert "entre -90 y 90" in page
    assert "Llevo dos meses esperando." in page
    assert db.session.scalar(select(func.count(Case.id))) == 0


def test_a_category_of_another_institution_is_refused(client, login_as, institutions,
                                                      msp_category):
    mdt_category = make_category(institutions["MDT"], "Inspecciones")
    login_as("citizen")
    response = client.post("/casos/nuevo/MSP", data=_form(mdt_category))
    assert response.status_code == 400
    assert "Elija una de las categorías de esta institución." in response.get_data(as_text=True)


def test_an_unknown_institution_is_not_found(client, login_as):
    login_as("citizen")
    assert client.get("/casos/nuevo/NOEXISTE").status_code == 404


def test_anonymous_filing_only_where_the_institution_allows_it(client, institutions,
                                                               msp_category):
    page = client.get("/casos/nuevo/MSP").get_data(as_text=True)
    assert "solo recibe casos de personas registradas" in page
    assert client.post("/casos/nuevo/MSP", data=_form(msp_category)).status_code == 403

    allow_anonymous(institutions["MSP"])
    response = client.post("/casos/nuevo/MSP", data=_form(msp_category))
    assert response.status_code == 400
    assert "Ingrese un correo electrónico" in response.get_data(as_text=True)

    response = client.post("/casos/nuevo/MSP",
                           data=_form(msp_category, contact_email="Vecina@Example.ec"))
    assert response.status_code == 302
    case = db.session.scalar(select(Case))
    assert case.citizen_id is None and case.contact_email == "vecina@example.ec"
    # Whoever holds the code follows the anonymous case.
    assert client.get(f"/casos/seguir?code={case.code.lower()}").headers["Location"] == \
        f"/casos/{case.code}"
    assert case.subject in client.get(f"/casos/{case.code}").get_data(as_text=True)


def test_a_wrong_code_is_explained(client):
    response = client.get("/casos/seguir?code=123")
    assert response.status_code == 400
    assert "Ningún caso tiene este código" in response.get_data(as_text=True)
    assert client.get("/casos/CC-0000-0000-0000").status_code == 404


def test_another_person_cannot_see_a_registered_citizens_case(app, client, people,
                                                              institutions, msp_category,
                                                              make_user):
    case = make_case(people["citizen"], institutions["MSP"], msp_category)
    signed_out = client.get(f"/casos/{case.code}")  # asked to sign in, nothing shown
    assert signed_out.status_code == 401 and "Demora" not in signed_out.get_data(as_text=True)
    make_user("otra@example.ec", name="Otra Persona")
    login(client, "otra@example.ec")
    assert client.get(f"/casos/{case.code}").status_code == 404
    assert client.post(f"/casos/{case.code}/confirmar", data={"rating": "5"}).status_code == 404
    assert "Demora" not in client.get("/casos/mis-casos").get_data(as_text=True)


def _answered_case(people, institutions, category):
    from participa.cases import service

    case = make_case(people["citizen"], institutions["MSP"], category)
    official = people["official_msp"]
    service.add_note(official, case, "Nota reservada para el equipo.")
    service.answer(official, case, "Su cita quedó agendada para el lunes.",
                   "Existe disponibilidad en el centro de salud de su sector.")
    db.session.commit()
    return case


def test_the_citizen_sees_the_answer_and_its_reasons_but_no_internal_note(
        client, login_as, people, institutions, msp_category):
    case = _answered_case(people, institutions, msp_category)
    login_as("citizen")
    page = client.get(f"/casos/{case.code}").get_data(as_text=True)
    assert "Su cita quedó agendada para el lunes." in page
    assert "Existe disponibilidad" in page
    assert "Nota reservada" not in page
    assert "Luis Funcionario" not in page
    assert "Respondido" in page and "Respondida" not in page  # a case: masculine in Spanish


def test_the_citizen_confirms_and_rates_the_answer(client, login_as, people, institutions,
                                                   msp_category):
    case = _answered_case(people, institutions, msp_category)
    login_as("citizen")
    response = client.post(f"/casos/{case.code}/confirmar", data={"rating": "9"})
    assert response.status_code == 400
    response = client.post(f"/casos/{case.code}/confirmar",
                           data={"rating": "4", "comment": "Atención rápida"})
    assert response.status_code == 302
    db.session.refresh(case)
    assert case.state == CaseState.RESOLVED and case.rating == 4
    assert case.rating_comment == "Atención rápida"
    again = client.post(f"/casos/{case.code}/confirmar", data={"rating": "5"})
    assert again.status_code == 409
    db.session.refresh(case)
    assert case.rating == 4


def test_the_citizen_reopens_within_the_window_only(client, login_as, people, institutions,
                                                    msp_category):
    case = _answered_case(people, institutions, msp_category)
    login_as("citizen")
    response = client.post(f"/casos/{case.code}/reabrir", data={"note": ""})
    assert response.status_code == 400
    response = client.post(f"/casos/{case.code}/reabrir",
                           data={"note": "La cita no aparece en el sistema."})
    assert response.status_code == 302
    db.session.refresh(case)
    assert case.state == CaseState.IN_PROGRESS

    from participa.cases import service
    service.answer(people["official_msp"], case, "Ya aparece.", "Se corrigió el registro.")
    case.answered_at -= timedelta(days=16)  # past the default 15-day window
    db.session.commit()
    response = client.post(f"/casos/{case.code}/reabrir", data={"note": "Sigue sin aparecer."})
    assert response.status_code == 409
    assert "terminó" in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.state == CaseState.ANSWERED
    kinds = [e.kind.value for e in db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id))]
    assert kinds == ["filed", "note", "answered", "reopened", "answered"]


def test_overdue_cases_are_shown_as_such_to_the_citizen(client, login_as, people,
                                                        institutions, msp_category):
    case = make_case(people["citizen"], institutions["MSP"], msp_category)
    case.due_on = case.due_on - timedelta(days=60)
    db.session.commit()
    login_as("citizen")
    page = client.get(f"/casos/{case.code}").get_data(as_text=True)
    assert "El plazo venció" in page
    assert "Vencido" in client.get("/casos/mis-casos").get_data(as_text=True)
    assert re.search(r"CC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", page)


PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def attachment_dir(app, tmp_path):
    app.config["CASE_ATTACHMENT_DIR"] = str(tmp_path / "adjuntos")
    return tmp_path / "adjuntos"


def _with_files(category, *files):
    from io import BytesIO

    data = _form(category)
    data["attachments"] = [(BytesIO(content), name) for name, content in files]
    return data


def test_attachments_are_checked_and_served_only_to_those_allowed(
        client, login_as, people, make_user, msp_category, attachment_dir):
    login_as("citizen")
    response = client.post("/casos/nuevo/MSP", content_type="multipart/form-data",
                           data=_with_files(msp_category, ("virus.pdf", b"MZ\x90\x00fake")))
    assert response.status_code == 400
    assert "no es un archivo PDF, PNG o JPEG" in response.get_data(as_text=True)
    big = b"%PDF-" + b"0" * (5 * 1024 * 1024)
    response = client.post("/casos/nuevo/MSP", content_type="multipart/form-data",
                           data=_with_files(msp_category, ("grande.pdf", big)))
    assert response.status_code == 400 and "5 MB" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Case.id))) == 0

    response = client.post("/casos/nuevo/MSP", content_type="multipart/form-data",
                           data=_with_files(msp_category, ("receta médica.pdf", PDF)))
    assert response.status_code == 302
    case = db.session.scalar(select(Case))
    attachment = case.attachments[0]
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)
    page = client.get(f"/casos/{case.code}").get_data(as_text=True)
    url = f"/casos/{case.code}/adjuntos/{attachment.id}"
    assert url in page
    assert client.get(url).data == PDF

    client.post("/cuenta/salir")
    signed_out = client.get(url)  # not signed in: asked to, the file not served
    assert signed_out.status_code == 401 and signed_out.data != PDF
    make_user("otra@example.ec")
    login(client, "otra@example.ec")
    assert client.get(url).status_code == 404  # another citizen
    client.post("/cuenta/salir")
    login_as("official_msp")
    assert client.get(f"/casos/institucion/MSP/{case.id}/adjuntos/{attachment.id}").data == PDF
    client.post("/cuenta/salir")
    login_as("admin_mdt")
    assert client.get(f"/casos/institucion/MSP/{case.id}/adjuntos/{attachment.id}"
                      ).status_code == 403


def test_the_citizen_sees_news_in_the_app(client, login_as, people, institutions,
                                          msp_category):
    case = make_case(people["citizen"], institutions["MSP"], msp_category)
    login_as("citizen")
    client.get(f"/casos/{case.code}")
    assert "Casos con novedades" not in client.get("/casos/mis-casos").get_data(as_text=True)
    from participa.cases import service
    service.add_note(people["official_msp"], case, "Interna")
    db.session.commit()
    assert "Casos con novedades" not in client.get("/casos/mis-casos").get_data(as_text=True)
    service.start(people["official_msp"], case)
    db.session.commit()
    assert "Casos con novedades desde su última visita: 1" in client.get(
        "/casos/mis-casos").get_data(as_text=True)
    client.get(f"/casos/{case.code}")
    assert "Casos con novedades" not in client.get("/casos/mis-casos").get_data(as_text=True)
