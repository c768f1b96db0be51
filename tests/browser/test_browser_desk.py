"""Gestión in a real browser: an official goes from the workspace to an overdue case, asks the
citizen for more information, the citizen answers from their case page, and the official
answers the case. The workspace and the case page pass axe-core on a 1280 px screen and on a
360 px phone.

Messages added with Gestión are matched in Spanish or in English (their msgid), so the
journey holds before and after the Spanish catalogue receives them."""
import os
import re
from pathlib import Path

import pytest

from .kit import demo_person

MSP_OFFICIAL = demo_person("funcionaria.msp@salud.gob.ec", "Lucía Funcionaria Andrade")
ANA = demo_person("ana.torres@example.ec", "Ana Torres Loor")
MSP = "Ministerio de Salud Pública"
OVERDUE_SUBJECT = "Cirugía de cataratas postergada"  # demo case: 30 days old, 10-day term
SHOTS = Path(os.environ.get("PARTICIPA_DESK_SHOTS", "/work/shots"))


def either(spanish: str, english: str):
    return re.compile(rf"^({re.escape(spanish)}|{re.escape(english)})$")


def shoot(browser, name: str) -> None:
    if SHOTS.is_dir():
        browser.page.screenshot(path=SHOTS / f"desk-{name}-{360 if browser.device.is_phone else 1280}.png",
                                full_page=True)


def to_workspace(official) -> None:
    official.follow(either("Gestión", "Management"), within="navigation")
    assert re.fullmatch(rf"(Gestión|Management): {MSP}", official.heading())


@pytest.mark.parametrize("device", ["desktop"], indirect=True)
def test_official_asks_for_information_on_an_overdue_case_and_answers_it(visitor, site):
    official = visitor("funcionaria")
    assert official.sign_in(MSP_OFFICIAL) == 200
    to_workspace(official)
    shoot(official, "workspace")
    overdue = official.page.get_by_role("link", name=re.compile(
        r"^\d+ (Casos vencidos|Overdue cases)$"))
    assert int(overdue.inner_text().split()[0]) >= 1
    official.follow(re.compile(r"^\d+ (Casos vencidos|Overdue cases)$"))
    assert official.heading() == f"Casos del {MSP}"
    row = official.page.get_by_role("row").filter(has_text=OVERDUE_SUBJECT)
    code = row.get_by_role("link").inner_text().strip()
    official.follow(code, within=row)
    assert official.heading() == f"Caso {code}"
    assert "Vencido" in official.text()
    shoot(official, "case")

    # Ask the citizen: the panel states what happens to the term (here: it had ended).
    official.page.get_by_text(re.compile(
        "^(Pedir más información a la ciudadanía|Ask the citizen for more information)$")
    ).click()
    official.fill(either("Pregunta para la ciudadanía", "Question for the citizen"),
                  "¿En qué hospital está programada la cirugía y qué médico la ordenó?")
    assert official.press(either("Enviar la pregunta", "Send the question")) == 200
    assert re.search(r"(Pregunta enviada a|Question sent to) Ana Torres Loor", official.flash())
    assert re.search(r"art\. 140", official.flash())
    assert re.search(r"(no se suspende|not suspended)", official.flash())

    # The citizen reads the question in the mail and on her case page, and answers.
    mail = site.mails_to(ANA.email)[-1]
    assert "¿En qué hospital está programada la cirugía" in mail.get_content()
    citizen = visitor("ciudadana")
    assert citizen.sign_in(ANA) == 200
    assert citizen.open(f"/casos/{code}") == 200
    assert "¿En qué hospital está programada la cirugía" in citizen.text()
    citizen.fill(either("Su respuesta", "Your answer"),
                 "En el Hospital Vicente Corral Moscoso; la ordenó el Dr. Peña.")
    assert citizen.press(either("Enviar mi respuesta", "Send my answer")) == 200
    assert re.search(rf"(Su respuesta fue enviada al|Your answer has been sent to) {MSP}",
                     citizen.flash())

    # The official is told by mail, opens the case from it, and answers.
    told = site.mails_to(MSP_OFFICIAL.email)[-1]
    assert "Dr. Peña" in told.get_content()
    link = re.search(r"http://\S+/casos/institucion/MSP/\d+", told.get_content()).group(0)
    assert official.open(link) == 200
    assert "Dr. Peña" in official.text()
    official.fill("Respuesta a la ciudadanía", "La cirugía se programó para el 15 de enero "
                                               "en el Hospital Vicente Corral Moscoso.")
    official.fill("Razones", "El hospital confirmó el cupo quirúrgico; la orden médica "
                             "del Dr. Peña está vigente.")
    assert official.press("Enviar la respuesta") == 200
    assert re.search(r"(Respuesta enviada a|Answer sent to) Ana Torres Loor", official.flash())
    assert "Respondido" in official.text()


@pytest.mark.parametrize("device", ["phone"], indirect=True)
def test_the_workspace_and_a_case_page_on_a_phone(visitor):
    official = visitor("funcionaria")
    assert official.sign_in(MSP_OFFICIAL) == 200
    official.page.get_by_role("navigation", name=re.compile("Menú principal|Main menu"))
    to_workspace(official)
    shoot(official, "workspace")
    official.follow(either("Todos los casos abiertos", "All open cases"))
    official.follow(official.page.get_by_role("row").nth(1).get_by_role("link").inner_text())
    assert official.heading().startswith("Caso ")
    shoot(official, "case")
