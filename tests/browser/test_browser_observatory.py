"""The open government observatory in a browser, in Spanish and in English: the indicators
with their charts, the requests for open data and the reuse gallery to a visitor; asking for
a data set and registering a reuse as a citizen; answering as an official. Every page gets
the checks every page gets (axe-core, no sideways scrolling on a phone, a screenshot)."""
import pytest

from .kit import demo_person, new_person
from .test_browser_feature_pages import in_language

MSP_OFFICIAL = demo_person("funcionaria.msp@salud.gob.ec", "Lucía Funcionaria Andrade")
MEDICINES = "Medicamentos disponibles en farmacias públicas"
APPROVED_REUSE = "Mapa de espera quirúrgica"

WORDS = {
    "es": {"ask": "Pedir un conjunto de datos", "institution": "Institución que tiene los datos",
           "title": "Conjunto de datos que pide",
           "contents": "Qué debe contener el conjunto de datos",
           "purpose": "Para qué son los datos", "send": "Enviar la solicitud",
           "refused": "Negada: indique la razón legal", "reason": "Razón legal o nota",
           "answer": "Publicar la respuesta", "register": "Registrar una reutilización"},
    "en": {"ask": "Ask for a data set", "institution": "Institution that holds the data",
           "title": "Data set you ask for", "contents": "What the data set should contain",
           "purpose": "What the data are for", "send": "Send the request",
           "refused": "Refused: give the legal reason", "reason": "Legal reason or note",
           "answer": "Publish the answer", "register": "Register a reuse"},
}


def public_tour(browser) -> None:
    assert browser.open("/observatorio/") == 200
    assert browser.open("/observatorio/solicitudes/") == 200
    assert browser.follow(MEDICINES) == 200
    assert browser.open("/observatorio/reutilizaciones/") == 200
    assert browser.follow(APPROVED_REUSE) == 200


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_observatory_to_visitors_citizens_and_officials(visitor, language, device):
    words = WORDS[language]
    anyone = visitor("visitante")
    anyone.open("/")
    in_language(anyone, language)
    public_tour(anyone)

    citizen = visitor("ciudadana")
    citizen.register(new_person("Inés Cárdenas Vega"))
    in_language(citizen, language)
    assert citizen.open("/observatorio/solicitudes/") == 200
    assert citizen.follow(words["ask"]) == 200
    citizen.page.get_by_label(words["institution"], exact=True).select_option("MSP")
    title = f"Partos atendidos por hospital ({device.name}, {language})"
    citizen.fill(words["title"], title)
    citizen.fill(words["contents"], "Partos por hospital y mes, con el tipo de parto.")
    citizen.fill(words["purpose"], "Un estudio sobre la atención materna.")
    assert citizen.press(words["send"]) == 200
    assert citizen.heading() == title
    assert citizen.open("/observatorio/reutilizaciones/nueva") == 200

    official = visitor("funcionaria")
    assert official.sign_in(MSP_OFFICIAL) == 200
    in_language(official, language)
    assert official.open("/observatorio/solicitudes/?institucion=MSP&estado=open") == 200
    assert official.follow(title) == 200
    official.page.get_by_label(words["refused"], exact=True).check()
    official.fill(words["reason"], "Los datos contienen información de salud de pacientes.")
    assert official.press(words["answer"]) == 200
    assert "pacientes" in official.text()
    in_language(official, "es")  # the demo account is left as it was found
