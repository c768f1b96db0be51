"""Requests for open data, registered reuses, consultations and published outcomes as open data
files (CSV, JSON, XLSX), listed in the catalogue; nothing held, hidden, deleted or drafted."""
import csv
import io

import openpyxl
import pytest
from factories_opendata import SECRET, public_world  # noqa: F401

EN = {"Accept-Language": "en"}


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_requests_for_open_data_with_their_state_and_dates(client, public_world):
    request = public_world["request"]
    records = client.get("/datos/solicitudes.json").get_json()["records"]
    assert records == [{
        "request_id": request.id, "institution_acronym": "MSP",
        "title": "Camas hospitalarias", "description": "Camas por hospital.",
        "format_wanted": "CSV", "state": "published",
        "created_on": records[0]["created_on"], "due_on": request.due_on.isoformat(),
        "first_answer_on": records[0]["first_answer_on"], "answered_late": False,
        "supports": 0, "published_url": "https://datos.salud.gob.ec/camas.csv"}]
    assert records[0]["created_on"] and records[0]["first_answer_on"]
    rows = csv_rows(client.get("/datos/solicitudes.csv"))
    assert rows[0]["state"] == "published" and rows[0]["due_on"] == request.due_on.isoformat()
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/datos/solicitudes.xlsx").data)).active
    assert [c.value for c in sheet[1]][:3] == ["request_id", "institution_acronym", "title"]
    assert sheet.cell(2, 3).value == "Camas hospitalarias"


def test_only_approved_reuses_are_open_data(client, public_world):
    records = client.get("/datos/reutilizaciones.json").get_json()["records"]
    assert [(r["title"], r["kind"], r["institutions"]) for r in records] \
        == [("Mapa de camas", "visualisation", "MSP")]
    rows = csv_rows(client.get("/datos/reutilizaciones.csv"))
    assert rows[0]["url"] == "https://mapa.example.ec"


def test_consultations_once_open_with_participation(client, public_world):
    records = client.get("/datos/consultas.json").get_json()["records"]
    assert [(r["title"], r["phase"]) for r in records] == [
        ("Reglamento de historia clínica", "outcome"), ("Norma de teletrabajo", "open")]
    assert records[0]["comments"] == 1 and records[0]["participants"] == 1
    assert records[0]["opens_at"].endswith("Z") and records[0]["outcome_published_on"]


def test_the_outcome_per_section_and_per_comment_once_published(client, public_world):
    consultation = public_world["consultation"]
    base = f"/datos/consultas/{consultation.id}"
    sections = client.get(f"{base}/resultado-secciones.json").get_json()["records"]
    assert sections == [
        {"section_number": None, "heading": "", "outcome": "not_incorporated",
         "reason": "Sin cambios."},
        {"section_number": 1, "heading": "Artículo 1.- Objeto", "outcome": "incorporated",
         "reason": "Se amplió el objeto."}]
    comments = client.get(f"{base}/resultado-comentarios.json").get_json()["records"]
    assert [(c["comment_id"], c["section_number"], c["outcome"], c["supports"])
            for c in comments] == [(public_world["comment"].id, 1, "partly", 1)]
    assert "author" not in str(comments[0].keys())
    sheet = openpyxl.load_workbook(io.BytesIO(
        client.get(f"{base}/resultado-comentarios.xlsx").data)).active
    assert sheet.cell(2, 8).value == "partly"
    running = public_world["running"]
    assert client.get(f"/datos/consultas/{running.id}/resultado-secciones.csv") \
        .status_code == 404
    assert client.get(f"{base}/resultado-secciones.pdf").status_code == 404


@pytest.mark.parametrize("url", [
    "/datos/solicitudes.csv", "/datos/solicitudes.json", "/datos/reutilizaciones.json",
    "/datos/reutilizaciones.xlsx", "/datos/consultas.csv", "/datos/consultas.json"])
def test_nothing_held_hidden_deleted_or_drafted_leaves(client, public_world, url):
    response = client.get(url)
    assert response.status_code == 200
    assert SECRET.encode() not in response.data
    assert b"ciudadana@example.ec" not in response.data


def test_the_catalogue_lists_the_new_datasets_and_their_files(client, public_world):
    graph = client.get("/datos/catalogo.jsonld", headers=EN).get_json()["@graph"]
    datasets = {d["dct:identifier"]: d for d in graph[0]["dcat:dataset"]}
    consultation = public_world["consultation"]
    for identifier in ("participa-solicitudes-datos", "participa-reutilizaciones",
                       "participa-consultas", f"participa-consulta-{consultation.id}-resultado"):
        assert identifier in datasets
        for distribution in datasets[identifier]["dcat:distribution"]:
            url = distribution["dcat:downloadURL"].replace("http://localhost", "")
            assert client.get(url).status_code == 200, url
    outcome = datasets[f"participa-consulta-{consultation.id}-resultado"]
    assert outcome["dct:title"]["@value"] \
        == "Outcome of the consultation “Reglamento de historia clínica”"
    assert outcome["dct:publisher"].endswith("#institucion-MSP")
    agents = {n["@id"]: n for n in graph if n.get("@type") == "foaf:Agent"}
    assert agents[outcome["dct:publisher"]]["foaf:name"] == "Ministerio de Salud Pública"
    running = public_world["running"]
    assert f"participa-consulta-{running.id}-resultado" not in datasets
    services = {s["@id"].rsplit("#", 1)[1]: s for s in graph[0]["dcat:service"]}
    api = services["api-publica"]
    assert api["dcat:endpointURL"] == "http://localhost/api/v1/"
    assert api["dcat:endpointDescription"] == "http://localhost/api/v1/openapi.json"
    assert any(served.endswith(f"#participa-consulta-{consultation.id}-resultado")
               for served in api["dcat:servesDataset"])


def test_the_open_data_page_links_the_files_the_catalogue_and_the_api(client, public_world):
    page = client.get("/datos/").get_data(as_text=True)
    for url in ("/datos/catalogo.ttl", "/datos/solicitudes.csv", "/datos/reutilizaciones.csv",
                "/datos/consultas.csv", "/api/v1/"):
        assert f'href="{url}"' in page, url
