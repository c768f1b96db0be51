"""Participa on a 360 px phone (and on a desktop): a citizen finds what is open from the home
page, reaches the comments of article 3 from the consultation's index of articles, downloads
a spreadsheet, and files a case choosing its parish from INEC's list."""
import io
import os
import re
from pathlib import Path

import openpyxl

from participa.consultations.demo import OPEN_TITLE

from .kit import new_person

SECTION = "Artículo 3.- Identidad digital"
# Phone screenshots for people to look at (not kept in the repository).
SHOTS = Path(os.environ.get("PARTICIPA_PHONE_SHOTS", "/work/shots"))


def no_sideways_scrolling(browser) -> None:
    if browser.device.is_phone:
        assert browser.page.evaluate("document.scrollingElement.scrollWidth") <= 360


def shot(browser, name: str) -> None:
    """The whole page, and what the first screen shows."""
    if browser.device.is_phone and SHOTS.is_dir():
        browser.page.screenshot(path=SHOTS / f"phone-{name}.png", full_page=True)
        browser.page.screenshot(path=SHOTS / f"phone-{name}-first-screen.png")


def test_a_citizen_finds_what_is_open_reads_article_3s_comments_and_downloads_a_workbook(
        visitor):
    browser = visitor("ciudadano")
    assert browser.open("/") == 200
    no_sideways_scrolling(browser)
    shot(browser, "home")
    # The home page lists what is open now: the consultation closing soon is a link.
    open_now = browser.page.locator("section.open-now")
    assert OPEN_TITLE in open_now.inner_text()
    assert browser.follow(OPEN_TITLE, within=open_now) == 200
    assert browser.heading() == OPEN_TITLE
    no_sideways_scrolling(browser)
    shot(browser, "consultation")
    # One line of figures, then the index of articles; on a phone the draft's first article
    # is no longer two screens down.
    assert browser.page.locator("dl.summary-line").count() == 1
    index = browser.page.locator("nav.article-index")
    assert SECTION in index.inner_text()
    if browser.device.is_phone:
        assert index.bounding_box()["y"] < 2 * 740
    # The comment link beside article 3 in the index opens its thread under its heading.
    assert browser.follow(re.compile(r"^\d+ comentarios? — " + re.escape(SECTION) + "$"),
                          within=index) == 200
    assert SECTION in browser.page.locator("#seccion-comentada").inner_text()
    assert "#comentarios" in browser.page.url
    no_sideways_scrolling(browser)

    # Open data: the figures per institution as a workbook with typed numbers.
    browser.follow("Datos abiertos", within="contentinfo")
    no_sideways_scrolling(browser)
    link = browser.page.get_by_role("link", name=re.compile(r"\(XLSX\)$")).first
    with browser.page.expect_download() as download:
        link.click()
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) > 2
    assert any(isinstance(cell, (int, float)) and not isinstance(cell, bool)
               for cell in rows[1])
    assert download.value.suggested_filename.endswith(".xlsx")


def test_institution_pages_are_reached_from_the_list(visitor):
    browser = visitor("visitante")
    browser.open("/")
    browser.follow("Instituciones", within="navigation")
    no_sideways_scrolling(browser)
    browser.follow(re.compile(r"^MINTEL — "))
    assert "Ministerio de Telecomunicaciones" in browser.heading()
    assert OPEN_TITLE in browser.text()
    no_sideways_scrolling(browser)
    shot(browser, "institution")


def test_a_citizen_files_a_case_in_a_parish_chosen_from_the_list(visitor, device):
    person = new_person("Rosa Guamán Yupa")
    browser = visitor("ciudadana")
    browser.register(person)
    browser.open("/casos/nuevo/MSP")
    no_sideways_scrolling(browser)
    browser.choose("Tipo de caso", "Reclamo")
    browser.choose("Categoría", "Citas y turnos médicos")
    browser.fill("Asunto", f"Turno cancelado ({device.name})")
    browser.fill("Descripción", "El subcentro de Cajabamba canceló mi turno sin aviso.")
    browser.choose("Provincia (opcional)", "Chimborazo")
    # With JavaScript, the canton list now holds only Chimborazo's cantons.
    cantons = browser.page.locator("#canton option").all_inner_texts()
    assert "Colta" in cantons and "Quito" not in cantons
    browser.choose("Cantón (opcional)", "Colta")
    parishes = browser.page.locator("#parish option").all_inner_texts()
    assert any(p.startswith("Cajabamba") for p in parishes) and "Guamote" not in parishes
    browser.page.locator("#parish").select_option(value="060350")
    shot(browser, "case-form")
    assert browser.press("Presentar el caso") == 200
    assert "Colta, Chimborazo" in browser.text()
    no_sideways_scrolling(browser)
    assert browser.open("/casos/mis-casos") == 200
    no_sideways_scrolling(browser)
    shot(browser, "my-cases")
