"""The participation dashboard in a real browser, in Spanish: a rector analyst signs in with
two-step verification, opens the dashboard, filters a period, opens an institution's
figures, and downloads the figures of the period as CSV."""
import csv
import io
import re
from datetime import date, timedelta

from participa.dashboard.open_data import COLUMNS

from .kit import demo_person

ANALYST = demo_person("analista@mintel.gob.ec", "Verónica Analista Paredes")
MINTEL = "Ministerio de Telecomunicaciones y de la Sociedad de la Información"


def test_rector_analyst_filters_opens_an_institution_and_downloads_csv(visitor, device):
    analyst = visitor("analista")
    assert analyst.sign_in(ANALYST) == 200  # with the code of the demo authenticator
    assert "Ha iniciado sesión." in analyst.flash()
    analyst.follow("Tablero", within="navigation")
    assert analyst.heading() == "Tablero de participación"

    # The last twelve months, as custom dates.
    last = date.today()
    first = last - timedelta(days=364)
    period = analyst.page.get_by_role("form", name="Periodo")  # the filter, a named form
    period.get_by_label("Periodo", exact=True).select_option(label="Fechas personalizadas")
    period.get_by_label("Desde", exact=True).fill(first.isoformat())
    period.get_by_label("Hasta", exact=True).fill(last.isoformat())
    assert analyst.press("Mostrar", within=period) == 200
    assert f"desde={first.isoformat()}" in analyst.page.url
    assert "Periodo: del " in analyst.text()
    institutions = analyst.page.get_by_role(
        "table", name=re.compile(r"^Instituciones, ordenadas por"))
    assert institutions.get_by_role("link", name="MINTEL", exact=True).is_visible()

    # One institution's figures, for the same period.
    assert analyst.follow("MINTEL", within=institutions) == 200
    assert analyst.heading().startswith("Cifras del Ministerio de Telecomunicaciones")
    assert f"hasta={last.isoformat()}" in analyst.page.url
    assert analyst.page.get_by_label("Desde", exact=True).input_value() == first.isoformat()

    # Back to the dashboard, still on the period, and its figures as CSV.
    analyst.follow("← Tablero de participación", within="main")
    assert analyst.heading() == "Tablero de participación"
    with analyst.page.expect_download() as download:
        analyst.page.get_by_role("link", name="Descargar estas cifras (CSV)", exact=True).click()
    csv_file = download.value
    assert csv_file.suggested_filename == (
        f"participa-instituciones-{first.isoformat()}-{last.isoformat()}.csv")
    with open(csv_file.path(), encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert rows[0] == COLUMNS
    national = dict(zip(rows[0], rows[1]))
    assert national["scope"] == "national" and national["institution_acronym"] == ""
    assert (national["period_from"], national["period_to"]) == (first.isoformat(),
                                                                  last.isoformat())
    by_acronym = {row[1]: dict(zip(rows[0], row)) for row in rows[2:]}
    assert by_acronym["MINTEL"]["institution_name"] == MINTEL
    assert int(national["cases_received"]) >= int(by_acronym["MINTEL"]["cases_received"])
