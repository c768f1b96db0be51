"""Open311 GeoReport v2: services from categories, requests as cases, the spec's shapes."""
from datetime import date
from xml.etree import ElementTree

import pytest
from sqlalchemy import func, select

from participa.extensions import db
from participa.models import Case, CaseState
from participa.open311.keys import issue_key

from factories_cases import allow_anonymous, make_case, make_category, read_mails

BASE = "/open311/v2"


@pytest.fixture
def api(institutions):
    category = make_category(institutions["MSP"], "Medicamentos e insumos", deadline_days=15)
    allow_anonymous(institutions["MSP"])
    client, key = issue_key(None, "App Quito Participa")
    db.session.commit()
    return {"category": category, "key": key, "client": client}


def _post(client, api, **fields):
    data = {"api_key": api["key"], "service_code": str(api["category"].id),
            "lat": "-0.2201", "long": "-78.5123", "email": "vecina@example.ec",
            "description": "Falta paracetamol en el centro de salud de Chimbacalle.",
            "jurisdiction_id": "participa.gob.ec"}
    data.update(fields)
    return client.post(f"{BASE}/requests.json", data={k: v for k, v in data.items()
                                                       if v is not None})


def test_services_list_the_active_categories(client, api):
    services = client.get(f"{BASE}/services.json?jurisdiction_id=participa.gob.ec").get_json()
    assert services == [{
        "service_code": str(api["category"].id), "service_name": "Medicamentos e insumos",
        "description": "Ministerio de Salud Pública: Medicamentos e insumos "
                       "(15 business days to answer)",
        "metadata": False, "type": "realtime", "keywords": "MSP", "group": "MSP"}]


def test_services_also_come_as_xml(client, api):
    response = client.get(f"{BASE}/services.xml")
    assert response.mimetype == "text/xml"
    root = ElementTree.fromstring(response.data)
    assert root.tag == "services"
    assert root.find("service/service_name").text == "Medicamentos e insumos"
    assert root.find("service/metadata").text == "false"


def test_a_service_definition_and_an_unknown_service(client, api):
    code = api["category"].id
    assert client.get(f"{BASE}/services/{code}.json").get_json() == {
        "service_code": str(code), "attributes": []}
    response = client.get(f"{BASE}/services/999.json")
    assert response.status_code == 404
    assert response.get_json() == [{"code": 404, "description": "service_code was not found"}]


def test_post_creates_a_case_and_answers_as_the_spec(client, api, tmp_path):
    response = _post(client, api)
    assert response.status_code == 201
    body = response.get_json()
    case = db.session.scalar(select(Case))
    assert body == [{"service_request_id": str(case.id),
                     "service_notice": f"Tracking code: {case.code}", "account_id": None}]
    assert case.contact_email == "vecina@example.ec" and case.latitude == pytest.approx(-0.2201)
    assert case.state == CaseState.RECEIVED
    assert case.code in read_mails(tmp_path)[0].get_content()


@pytest.mark.parametrize("fields, status, message", [
    ({"api_key": None}, 403, "api_key was not provided or is invalid"),
    ({"api_key": "p311_inventada"}, 403, "api_key was not provided or is invalid"),
    ({"service_code": "999"}, 404, "service_code was not found"),
    ({"description": ""}, 400, "description: description is required"),
    ({"lat": None, "long": None}, 400,
     "address_string: a location is required: lat and long, or address_string"),
    ({"lat": "123"}, 400, "lat: lat must be from -90 to 90"),
    ({"email": "no-es-correo"}, 400, "email: email is not a valid email address"),
])
def test_bad_posts_get_the_spec_error_format(client, api, fields, status, message):
    response = _post(client, api, **fields)
    assert response.status_code == status
    assert {"code": status, "description": message} in response.get_json()
    assert db.session.scalar(select(func.count(Case.id))) == 0


def test_a_revoked_key_is_refused(client, api, login_as):
    login_as("platform_admin")
    assert client.post(f"/casos/api-claves/{api['client'].id}/revocar").status_code == 302
    assert _post(client, api).status_code == 403


def test_platform_admin_issues_keys_and_others_cannot(client, login_as):
    login_as("official_msp")
    assert client.get("/casos/api-claves").status_code == 403
    client.post("/cuenta/salir")
    login_as("platform_admin")
    page = client.post("/casos/api-claves", data={"name": "App Cuenca"}).get_data(as_text=True)
    assert "App Cuenca" in page and "p311_" in page


def test_requests_list_filters_and_keeps_personal_data_private(client, api, people,
                                                               institutions):
    open_case = make_case(people["citizen"], institutions["MSP"], api["category"],
                          subject="Dato privado")
    closed_case = make_case(people["citizen"], institutions["MSP"], api["category"])
    from participa.cases import service
    service.reject(people["official_msp"], closed_case, "Fuera de competencia.")
    db.session.commit()

    everything = client.get(f"{BASE}/requests.json").get_json()
    assert {r["service_request_id"] for r in everything} == {str(open_case.id),
                                                            str(closed_case.id)}
    opened = client.get(f"{BASE}/requests.json?status=open").get_json()
    assert [r["service_request_id"] for r in opened] == [str(open_case.id)]
    record = opened[0]
    assert record["status"] == "open" and record["service_code"] == str(api["category"].id)
    assert record["agency_responsible"] == "Ministerio de Salud Pública"
    assert record["description"] is None and record["lat"] is None
    assert record["requested_datetime"].endswith("-05:00")
    assert record["expected_datetime"].startswith(open_case.due_on.isoformat())
    assert "Dato privado" not in client.get(f"{BASE}/requests.json").get_data(as_text=True)

    closed = client.get(f"{BASE}/requests.json?status=closed&service_code="
                        f"{api['category'].id}").get_json()
    assert [r["status"] for r in closed] == ["closed"]
    past = client.get(f"{BASE}/requests.json?start_date=2010-01-01T00:00:00Z"
                      f"&end_date=2010-12-31T00:00:00Z").get_json()
    assert past == []
    bad = client.get(f"{BASE}/requests.json?start_date=ayer")
    assert bad.status_code == 400
    assert bad.get_json()[0]["code"] == 400


def test_one_request_by_id(client, api, people, institutions):
    case = make_case(people["citizen"], institutions["MSP"], api["category"])
    body = client.get(f"{BASE}/requests/{case.id}.json").get_json()
    assert len(body) == 1 and body[0]["service_request_id"] == str(case.id)
    missing = client.get(f"{BASE}/requests/999999.json")
    assert missing.status_code == 404
    assert missing.get_json() == [{"code": 404,
                                   "description": "service_request_id was not found"}]
    assert client.get(f"{BASE}/requests/{case.id}.yaml").status_code == 404
    assert date.fromisoformat(body[0]["requested_datetime"][:10])


def test_cached_request_list_shows_a_new_or_answered_case_at_once(app, client, api, people,
                                                                  institutions):
    from sqlalchemy import update

    from participa.cases import service
    from participa.extensions import cache

    app.config.update(STATS_CACHE_SECONDS=300, API_CACHE_SECONDS=60)
    try:
        case = make_case(people["citizen"], institutions["MSP"], api["category"])
        listed = client.get(f"{BASE}/requests.json").get_json()
        assert [(r["service_request_id"], r["status"]) for r in listed] == [
            (str(case.id), "open")]
        filed = _post(client, api)  # through Open311: a client sees its request at once
        assert filed.status_code == 201
        new_id = filed.get_json()[0]["service_request_id"]
        listed = client.get(f"{BASE}/requests.json").get_json()
        assert {r["service_request_id"] for r in listed} == {str(case.id), new_id}
        service.reject(people["official_msp"], case, "Fuera de competencia.")
        db.session.commit()  # an official answers: the list says so on the next read
        listed = client.get(f"{BASE}/requests.json?status=closed").get_json()
        assert [r["service_request_id"] for r in listed] == [str(case.id)]
        listed = client.get(f"{BASE}/requests.json").get_json()
        assert {r["service_request_id"]: r["status"] for r in listed}[str(case.id)] == "closed"
        xml = ElementTree.fromstring(client.get(f"{BASE}/requests.xml").data)
        assert len(xml.findall("request")) == 2
        # A change behind the application's back is kept until the cache period ends.
        db.session.execute(update(Case).values(created_at=date(2010, 1, 1)))
        db.session.commit()
        assert len(client.get(f"{BASE}/requests.json").get_json()) == 2
        with app.app_context():
            cache.clear()
        assert client.get(f"{BASE}/requests.json").get_json() == []
    finally:
        app.config.update(STATS_CACHE_SECONDS=0, API_CACHE_SECONDS=0)
        with app.app_context():
            cache.clear()


def test_cached_services_drop_a_closed_category_at_once(app, client, api):
    from participa.extensions import cache

    app.config.update(STATS_CACHE_SECONDS=300, API_CACHE_SECONDS=60)
    try:
        code = str(api["category"].id)
        assert code in [s["service_code"] for s in client.get(f"{BASE}/services.json").get_json()]
        api["category"].active = False  # an administrator closes the category
        db.session.commit()
        assert code not in [s["service_code"]
                            for s in client.get(f"{BASE}/services.json").get_json()]
    finally:
        app.config.update(STATS_CACHE_SECONDS=0, API_CACHE_SECONDS=0)
        with app.app_context():
            cache.clear()
