"""A Contacto Ciudadano case in a real browser, in Spanish: a citizen files it and keeps the
tracking code; an official of the institution takes it and answers with reasons; the citizen
reopens it; the official answers again; the citizen confirms the solution and rates it."""
import re

from .kit import demo_person, new_person

MSP_OFFICIAL = demo_person("funcionaria.msp@salud.gob.ec", "Lucía Funcionaria Andrade")
MSP = "Ministerio de Salud Pública"
CATEGORY = "Citas y turnos médicos"


def file_case(browser, subject: str, description: str) -> str:
    """From the home page to a filed complaint to MSP; returns the tracking code."""
    browser.follow("Contacto Ciudadano", within="navigation")
    browser.follow("Presentar un caso")
    browser.follow(f"MSP — {MSP}")
    assert browser.heading() == f"Presentar un caso al {MSP}"
    browser.choose("Tipo de caso", "Reclamo")
    browser.choose("Categoría", CATEGORY)
    browser.fill("Asunto", subject)
    browser.fill("Descripción", description)
    browser.choose("Provincia (opcional)", "Chimborazo")
    browser.choose("Cantón (opcional)", "Guamote")
    assert browser.press("Presentar el caso") == 200
    code = re.search(r"Su código de seguimiento es (CC-[A-Z0-9-]+)", browser.flash()).group(1)
    assert browser.heading() == f"Caso {code}"
    return code


def answer(official, text: str, reasons: str) -> None:
    official.fill("Respuesta a la ciudadanía", text)
    official.fill("Razones", reasons)
    assert official.press("Enviar la respuesta") == 200
    # What was done and to whom (in English until the Spanish catalogue has the message).
    assert re.search(r"Respuesta enviada a|Answer sent to", official.flash())


def history(browser) -> str:
    return browser.page.get_by_role("heading", name="Historial").locator(
        "xpath=following-sibling::*[1]").inner_text()


def test_case_is_answered_reopened_answered_again_and_rated(visitor, device, site):
    julia = new_person("Julia Guaranga Lema")
    subject = f"Turno médico cancelado sin aviso ({device.name})"

    citizen = visitor("ciudadana")
    citizen.register(julia)
    code = file_case(citizen, subject, "El centro de salud de Guamote canceló mi turno del "
                                       "lunes y nadie me avisó. Pido un turno nuevo.")
    assert subject in citizen.text() and "Recibido" in citizen.text()
    # The tracking code also arrives by mail.
    assert any(code in mail.get_content() for mail in site.mails_to(julia.email))

    # An official of the institution finds it in the queue and takes it.
    official = visitor("funcionaria")
    assert official.sign_in(MSP_OFFICIAL) == 200
    official.follow("Contacto Ciudadano", within="navigation")
    official.follow("Casos de mi institución")  # her one institution's queue
    assert official.heading() == f"Casos del {MSP}"
    official.choose("Estado", "Recibido")
    official.choose("Categoría", CATEGORY)
    official.press("Filtrar")
    official.follow(code)
    assert official.heading() == f"Caso {code}"
    assert julia.name in official.text()
    official.choose("Asignar a", MSP_OFFICIAL.name)
    assert official.press("Asignar") == 200
    assert re.search(rf"(Caso|Case) {code} (asignado a|assigned to) {MSP_OFFICIAL.name}",
                     official.flash())
    assert official.press("Iniciar el trámite") == 200
    answer(official, "Le asignamos un turno nuevo para el jueves a las 09:00.",
           "El turno se canceló por la ausencia del médico; el reglamento de turnos obliga a "
           "reprogramarlo dentro de la semana.")

    # The citizen reads the answer and reopens: the new time does not suit her.
    citizen.follow("Contacto Ciudadano", within="navigation")
    citizen.follow("Mis casos")
    citizen.follow(code)
    assert "Le asignamos un turno nuevo para el jueves" in citizen.text()
    citizen.fill("¿Por qué la respuesta no soluciona su caso?",
                 "El jueves trabajo en la feria de Guamote; necesito un turno por la tarde.")
    assert citizen.press("Reabrir el caso") == 200
    assert "Su caso fue reabierto. La institución volverá a responder." in citizen.flash()

    # The official, back on the case's page, reads why and answers again.
    official.open(official.page.url)
    assert "necesito un turno por la tarde" in history(official)
    answer(official, "Su turno nuevo es el jueves a las 15:00.",
           "Hay cupos por la tarde en el mismo centro de salud.")

    # The citizen confirms the solution and rates the answer.
    citizen.open(citizen.page.url)
    assert "Su turno nuevo es el jueves a las 15:00." in citizen.text()
    # Forgetting the rating: the summary says so, and its link leads to the question.
    assert citizen.press("Confirmar la solución") == 400
    summary = citizen.page.get_by_role("alert")
    assert "Elija una calificación de 1 a 5." in summary.inner_text()
    target = summary.get_by_role("link").first.get_attribute("href")
    question = citizen.page.locator(target)
    assert question.get_attribute("aria-describedby") == "rating-error"
    assert "Elija una calificación de 1 a 5." in citizen.page.locator(
        "#rating-error").inner_text()
    citizen.page.get_by_label("4", exact=True).check()
    citizen.fill("Comentario (opcional)", "Gracias por el cambio de hora.")
    assert citizen.press("Confirmar la solución") == 200
    assert "Gracias. Su caso está solucionado y su calificación quedó registrada." in \
        citizen.flash()
    assert "Solucionado" in citizen.text()
    assert "4 de 5" in citizen.text()
