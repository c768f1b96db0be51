"""The pages of consultations, proposals and Contacto Ciudadano, in Spanish and in English,
to a visitor, to a signed-in citizen and to an official: each page gets the checks every
page gets (axe-core, no sideways scrolling on a phone, a screenshot)."""
import re

import pytest

from participa.consultations.demo import CLOSED_TITLE, OPEN_TITLE

from .kit import demo_person, new_person

MSP_OFFICIAL = demo_person("funcionaria.msp@salud.gob.ec", "Lucía Funcionaria Andrade")
OPEN_PROPOSAL = "Bibliotecas escolares abiertas los sábados"
ANSWERED_PROPOSAL = "Trámites en línea sin contraseña adicional"

WORDS = {
    "es": {"switch": "English", "file": "Presentar el caso", "type": "Tipo de caso",
           "category": "Categoría", "subject": "Asunto", "description": "Descripción",
           "email": "Correo electrónico para dar seguimiento al caso", "complaint": "Reclamo",
           "case": "Caso", "queue": "Casos del", "sign_out": "Cerrar sesión"},
    "en": {"switch": "English", "file": "File the case", "type": "Type of case",
           "category": "Category", "subject": "Subject", "description": "Description",
           "email": "Email address to follow the case", "complaint": "Complaint",
           "case": "Case", "queue": "Cases of", "sign_out": "Sign out"},
}


def in_language(browser, language: str) -> None:
    """Switch with the banner's buttons (a signed-in account remembers the choice)."""
    if browser.language() != language:
        browser.press({"es": "Español", "en": "English"}[language], within="banner")
    assert browser.language() == language


def public_tour(browser) -> None:
    """The lists and one item of each, the case forms: the same for everybody."""
    assert browser.open("/consultas") == 200
    assert browser.follow(OPEN_TITLE) == 200
    assert browser.open("/consultas") == 200
    assert browser.follow(CLOSED_TITLE) == 200  # with its outcome report
    assert browser.open("/propuestas") == 200
    assert browser.follow(OPEN_PROPOSAL) == 200
    assert browser.open("/propuestas") == 200
    assert browser.follow(ANSWERED_PROPOSAL) == 200
    assert browser.open("/casos") == 200
    assert browser.open("/casos/nuevo") == 200
    assert browser.open("/casos/nuevo/MSP") == 200  # a visitor is asked to sign in here


def file_case(browser, words: dict, acronym: str, *, email: str | None = None) -> str:
    """File a complaint to the institution; returns the case's tracking code."""
    assert browser.open(f"/casos/nuevo/{acronym}") == 200
    browser.choose(words["type"], words["complaint"])
    # The first option asks for a choice; the first category comes after it.
    browser.page.get_by_label(words["category"], exact=True).select_option(index=1)
    browser.fill(words["subject"], "Señal de internet intermitente en la parroquia")
    browser.fill(words["description"], "La conexión se cae cada tarde desde hace un mes.")
    if email:
        browser.fill(words["email"], email)
    assert browser.press(words["file"]) == 200
    heading = browser.heading()
    assert heading.startswith(words["case"] + " CC-"), heading
    return heading.split()[-1]


@pytest.mark.parametrize("language", ["es", "en"])
def test_feature_pages_to_visitors_citizens_and_officials(visitor, language, device):
    words = WORDS[language]

    # A visitor, not signed in; MINTEL takes cases from people without an account.
    anyone = visitor("visitante")
    anyone.open("/")
    in_language(anyone, language)
    public_tour(anyone)
    file_case(anyone, words, "MINTEL", email=f"sin.cuenta.{device.name}@example.ec")

    # A citizen who has just registered, with their own consultation notices and cases.
    citizen = visitor("ciudadano")
    citizen.register(new_person("Marco Chiriboga Sáenz"))
    in_language(citizen, language)
    public_tour(citizen)
    assert citizen.open("/propuestas/nueva") == 200
    assert citizen.open("/avisos") == 200
    code = file_case(citizen, words, "MSP")
    assert citizen.open("/casos/mis-casos") == 200

    # An official of the institution: the queue and the case as the institution sees it.
    official = visitor("funcionaria")
    assert official.sign_in(MSP_OFFICIAL) == 200
    in_language(official, language)
    assert official.open("/casos/institucion/MSP") == 200
    assert official.heading().startswith(words["queue"])
    assert official.follow(code) == 200
    assert re.search(code, official.heading())
    in_language(official, "es")  # the demo account is left as it was found
