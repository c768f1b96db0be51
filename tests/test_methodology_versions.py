"""The methodology version is selectable (`?metodologia=2`, the one in force by default) on
the stats API, the open data files, the observatory and the dashboard, and every output
names the version it was computed with.

The small history of test_scores_v3 (MSP in 2025; MDT without anything) is recomputed by
hand under both versions and compared with what the public outputs give."""
import csv
import io

import pytest

from participa import scores

from test_scores_v3 import small_history  # noqa: F401  (the fixture)

API = "/api/v1/stats/{what}?from=2025-01-01&to=2025-12-31"
YEAR_2025 = "periodo=year&desde=2025-01-01"

# MSP, worked out by hand in test_scores_v3 (MDT has only "consultations held" = 0).
V3 = {"information": 0.0, "consultation": (1 + 0.1 + 0.5 + 1 / 3) / 4,
      "decision": (0 + 0.5 + 1 / 3 + 1) / 4}
V2 = {"information": 1 / 3, "consultation": (1 + 0.15 + 2 / 3 + 1 / 3) / 4,
      "decision": (0 + 0.5 + 1 / 3 + 1) / 4}
# National, version 3: the mean over MSP and MDT of each score (MDT: e-consulta and the
# composite 0, no e-información nor e-decisión); version 2: the summed inputs, MSP's.
NATIONAL_V3 = {"information": 0.0, "consultation": V3["consultation"] / 2,
               "decision": V3["decision"],
               "composite": (sum(V3.values()) / 3 + 0) / 2}
NATIONAL_V2 = {**V2, "composite": sum(V2.values()) / 3}
EN = {"Accept-Language": "en"}
NAMES = {"information": "e_informacion", "consultation": "e_consulta",
         "decision": "e_decision", "composite": "composite"}


def rounded(value: float) -> float:
    return round(value, 4)


@pytest.mark.parametrize("query, version, national, msp", [
    ("", "3", NATIONAL_V3, V3),
    ("&metodologia=3", "3", NATIONAL_V3, V3),
    ("&metodologia=2", "2", NATIONAL_V2, V2),
])
def test_the_api_gives_the_scores_of_the_version_asked_for(client, small_history, query,
                                                          version, national, msp):
    summary = client.get(API.format(what="summary") + query).get_json()
    assert summary["methodology_version"] == version
    assert summary["revision"] == 1  # a closed year: read from its published figures
    assert summary["scores"] == {NAMES[key]: rounded(value) for key, value in national.items()}
    listing = client.get(API.format(what="institutions") + query).get_json()
    assert listing["methodology_version"] == version
    row = {item["acronym"]: item for item in listing["institutions"]}["MSP"]
    for key, value in msp.items():
        assert row[NAMES[key]] == rounded(value)
    assert row["composite"] == rounded(sum(msp.values()) / 3)


def test_version_2_does_not_change_the_published_figures(client, small_history):
    """Asking for version 2 recomputes the scores from the stored inputs; the counts and the
    published revision are the same, and version 3 is still what a plain request gets."""
    plain = client.get(API.format(what="summary")).get_json()
    older = client.get(API.format(what="summary") + "&metodologia=2").get_json()
    counts = {key: value for key, value in plain.items()
              if key not in ("scores", "methodology_version")}
    assert counts == {key: value for key, value in older.items()
                      if key not in ("scores", "methodology_version")}
    assert client.get(API.format(what="summary")).get_json() == plain


def test_the_open_data_files_name_the_version(client, small_history):
    text = client.get(f"/datos/instituciones.csv?{YEAR_2025}&metodologia=2").get_data(
        as_text=True)
    rows = {row["scope"] + row["institution_acronym"]: row
            for row in csv.DictReader(io.StringIO(text))}
    assert {row["methodology_version"] for row in rows.values()} == {"2"}
    assert float(rows["institutionMSP"]["e_informacion"]) == rounded(V2["information"])
    assert float(rows["national"]["e_consulta"]) == rounded(NATIONAL_V2["consultation"])

    data = client.get(f"/datos/instituciones.json?{YEAR_2025}&metodologia=2").get_json()
    assert data["methodology_version"] == "2"
    assert data["national"]["methodology_version"] == "2"
    current = client.get(f"/datos/instituciones.json?{YEAR_2025}").get_json()
    assert current["methodology_version"] == scores.METHODOLOGY_VERSION
    assert current["national"]["e_consulta"] == rounded(NATIONAL_V3["consultation"])


@pytest.mark.parametrize("version, national", [("2", NATIONAL_V2), ("3", NATIONAL_V3)])
def test_the_observatory_files_and_page_name_the_version(client, small_history, version,
                                                         national):
    data = client.get(f"/datos/observatorio/puntajes-participacion.json?metodologia={version}"
                      ).get_json()
    assert data["methodology_version"] == version
    series = {item["key"]: item for item in data["series"]}
    for key in ("information", "consultation", "decision"):
        assert {"year": 2025, "value": rounded(national[key])} in series[key]["by_year"]
    text = client.get(f"/datos/observatorio/puntajes-participacion.csv?metodologia={version}"
                      ).get_data(as_text=True)
    records = list(csv.DictReader(io.StringIO(text)))
    assert records and {record["methodology_version"] for record in records} == {version}
    page = client.get(f"/observatorio/?metodologia={version}", headers=EN).get_data(
        as_text=True)
    assert f"Scores computed with version {version} of the methodology." in page


def test_the_dashboard_shows_the_version_asked_for(client, login_as, small_history):
    login_as("rector")
    page = client.get(f"/tablero/?{YEAR_2025}&metodologia=2", headers=EN).get_data(
        as_text=True)
    assert "Scores computed with version 2 of the methodology." in page
    assert '<option selected value="2">' in page or 'value="2" selected' in page
    page = client.get("/tablero/institucion/MSP?" + YEAR_2025, headers=EN).get_data(
        as_text=True)
    assert "Scores computed with version 3 of the methodology." in page


@pytest.mark.parametrize("path", [
    "/api/v1/stats/summary?metodologia=1",
    "/api/v1/stats/institutions?metodologia=abc",
    "/datos/instituciones.csv?metodologia=4",
    "/datos/instituciones.json?metodologia=2.5",
    "/datos/observatorio/puntajes-participacion.json?metodologia=1",
    "/datos/observatorio/puntajes-participacion.csv?metodologia=1",
])
def test_an_unknown_version_is_a_clear_400_in_json(client, path):
    response = client.get(path)
    assert response.status_code == 400
    message = response.get_json()["errors"]["metodologia"]
    assert "2, 3" in str(message)


@pytest.mark.parametrize("path", ["/observatorio/?metodologia=1", "/datos/?metodologia=x",
                                  "/tablero/?metodologia=1"])
def test_an_unknown_version_is_a_translated_message_on_pages(client, login_as, path):
    login_as("rector")
    response = client.get(path, headers=EN)
    assert response.status_code == 400
    assert "The methodology version must be one of: 2, 3." in response.get_data(as_text=True)
