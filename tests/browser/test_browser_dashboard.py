"""The dashboard's charts in a real browser, on a desktop and a phone: the rector analyst's
summary and an institution page, and an official's figures of her own institution beside
the national median. Each page passes the kit's checks (axe-core, no sideways scrolling)."""
from .kit import demo_person

ANALYST = demo_person("analista@mintel.gob.ec", "Verónica Analista Paredes")
MSP_OFFICIAL = demo_person("funcionaria.msp@salud.gob.ec", "Lucía Funcionaria Andrade")
MSP = "Ministerio de Salud Pública"


def open_table(browser, chart_id: str) -> str:
    """Open the chart's "figures as a table" and return the table's text."""
    figure = browser.page.locator(f"figure#{chart_id}")
    figure.get_by_text("Cifras de este gráfico en una tabla").click()
    table = figure.get_by_role("table")
    assert table.is_visible()
    return table.inner_text()


def test_rector_analyst_reads_the_charts_and_their_figures(visitor):
    analyst = visitor("analista")
    assert analyst.sign_in(ANALYST) == 200
    analyst.follow("Tablero", within="navigation")
    assert analyst.heading() == "Tablero de participación"
    page = analyst.page
    # Each chart is one image named by its title, with the same figures in a table.
    assert page.get_by_role("img", name="Casos mes a mes: todas las instituciones").is_visible()
    assert "Casos recibidos" in open_table(analyst, "trend-national")
    for score in ("e-información", "e-consulta", "e-decisión"):
        assert page.get_by_role("img", name=f"{score} por institución").is_visible()
    assert "Referencia 2018" in open_table(analyst, "scores-information")

    analyst.follow("MSP", within=page.get_by_role("table").filter(
        has_text="Índice de clasificación"))
    assert analyst.heading() == f"Cifras del {MSP}"
    assert page.get_by_role("img", name="Días hábiles hasta la resolución: MSP").is_visible()
    assert "Mediana nacional" in open_table(analyst, "scores-median")


def test_an_official_sees_her_institution_beside_the_national_median(visitor):
    official = visitor("funcionaria")
    assert official.sign_in(MSP_OFFICIAL) == 200
    official.follow("Contacto Ciudadano", within="navigation")
    official.follow("Casos de mi institución")
    official.follow("Cifras y puntajes de la institución")
    assert official.heading() == f"Cifras del {MSP}"
    page = official.page
    assert "Mediana nacional" in page.get_by_role("table").filter(
        has_text="Puntajes del MSP junto a la mediana nacional").inner_text()
    assert page.get_by_role("img", name="Casos mes a mes: MSP").is_visible()
    assert page.get_by_role("img", name="Puntajes del MSP y la mediana nacional").is_visible()
