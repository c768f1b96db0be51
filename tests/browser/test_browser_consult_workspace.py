"""The officials' consultation workspace in a real browser, in Spanish: a draft imported from
Word, previewed and scheduled with an information phase; an outcome report decided and
published in one go after its preview; and an appeal in an institution with one moderator,
decided by a platform administrator."""
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.docx_files import ARTICLES, regulation

from .kit import demo_person, new_person

MSP_OFFICIAL = demo_person("funcionaria.msp@salud.gob.ec", "Lucía Funcionaria Andrade")
# MSP's only moderator: nobody else there may decide the appeal of what she hides.
MSP_MODERATOR = demo_person("moderadora.msp@salud.gob.ec", "Daniela Moderadora Cevallos")
PLATFORM_ADMIN = demo_person("admin@participa.gob.ec", "Administración de Participa")
FLAGGER = demo_person("jose.pilco@example.ec", "José Pilco Chimbo")


def _local(days: float) -> str:
    now = datetime.now(ZoneInfo("America/Guayaquil"))
    return (now + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def new_consultation(browser, title: str, *, announce: str = "", opens: float, closes: float):
    browser.open("/consultas/gestion")
    assert browser.heading() == "Gestionar consultas"
    browser.follow("Nueva consulta para el MSP")
    browser.fill("Título", title)
    browser.fill("Resumen", "Reglas para pedir y conceder el teletrabajo en el MSP.")
    if announce:
        browser.fill("Fecha de anuncio (hora de Ecuador, opcional)", announce)
    browser.fill("Abre el (hora de Ecuador)", _local(opens))
    browser.fill("Cierra el (hora de Ecuador)", _local(closes))


def test_an_official_imports_a_word_draft_previews_and_schedules_it(visitor, device,
                                                                    tmp_path):
    path = tmp_path / "reglamento-teletrabajo.docx"
    path.write_bytes(regulation())
    title = f"Reglamento de teletrabajo en salud ({device.name})"
    official = visitor("funcionaria")
    assert official.sign_in(MSP_OFFICIAL) == 200
    new_consultation(official, title, announce=_local(1), opens=8, closes=38)
    official.page.get_by_label("Importar el borrador desde Word (.docx)",
                               exact=True).set_input_files(str(path))
    assert official.press("Ver la vista previa de las secciones") == 200
    preview = official.page.get_by_role("region", name="Vista previa: 5 secciones")
    for article in ARTICLES:
        assert article in preview.inner_text()
    assert "15 días" in preview.inner_text()  # the table came along

    assert official.press("Guardar") == 200
    assert "Se anuncia al público el" in official.flash()
    assert official.heading() == "Editar consulta"
    assert "Borrador" in official.text()


def test_an_outcome_report_is_decided_in_one_go_previewed_and_published(visitor, device):
    title = f"Protocolo de citas médicas por internet ({device.name})"
    official = visitor("funcionaria")
    assert official.sign_in(MSP_OFFICIAL) == 200
    new_consultation(official, title, opens=-20, closes=-1)
    official.fill("O escriba el texto del borrador",
                  "Considerando la demanda de citas.\n\n## Agenda en línea\nLas citas se "
                  "piden en línea.\n\n## Recordatorios\nSe envía un recordatorio.")
    assert official.press("Guardar") == 200
    official.follow("Ver la consulta")
    assert official.heading() == title
    official.follow("Informe de resultados")
    assert official.heading() == "Informe de resultados"

    preamble = official.page.get_by_role("group", name="Preámbulo")
    preamble.get_by_label("Decisión", exact=True).select_option(label="No se recibieron aportes")
    agenda = official.page.get_by_role("group", name="1. Agenda en línea")
    agenda.get_by_label("Decisión", exact=True).select_option(label="Incorporado")
    agenda.get_by_label("Motivo", exact=True).fill("Se mantiene la agenda en línea.")
    reminders = official.page.get_by_role("group", name="2. Recordatorios")
    reminders.get_by_label("Decisión", exact=True).select_option(
        label="No se recibieron aportes")
    official.fill("Resumen final", "La consulta no recibió observaciones sobre el texto.")
    assert official.press("Guardar y ver la vista previa de la página pública") == 200
    assert official.heading() == "Vista previa del resultado"
    assert official.text().count("No se recibieron aportes sobre esta sección.") == 2

    assert official.press("Publicar el resultado") == 200
    assert official.flash() == ("Se publicó el resultado y se avisó a los participantes.")
    outcome = official.page.get_by_role("region", name="Resultado de la consulta")
    assert "no recibió observaciones" in outcome.inner_text()
    assert "Incorporado: Se mantiene la agenda en línea." in official.text()


def test_an_appeal_nobody_in_the_institution_may_decide_goes_to_the_platform(visitor,
                                                                             device):
    title = f"Horarios de farmacias de turno ({device.name})"
    official = visitor("funcionaria")
    assert official.sign_in(MSP_OFFICIAL) == 200
    new_consultation(official, title, opens=-1, closes=30)
    official.fill("O escriba el texto del borrador", "## Turnos\nCada farmacia publica su turno.")
    assert official.press("Guardar") == 200
    assert "está abierta a comentarios desde ahora" in official.flash()
    consultation = official.page.get_by_role("link", name="Ver la consulta").get_attribute(
        "href")

    author = new_person("Rebeca Chalén Mite")
    words = f"Vendo medicinas sin receta, escríbame ({device.name})."
    writer = visitor("autora")
    writer.register(author)
    writer.open(consultation)
    writer.fill("Su comentario", words)
    assert writer.press("Publicar comentario") == 200
    in_thread = "#" + writer.page.locator("article.comment").filter(
        has_text=words).get_attribute("id")

    flagger = visitor("marca")
    flagger.open(consultation)
    assert flagger.sign_in(FLAGGER) == 200
    flagger.follow(re.compile(r"^Señalar — comentario de "),
                   within=flagger.page.locator(in_thread))
    flagger.page.get_by_label("Spam o publicidad", exact=True).check()
    assert flagger.press("Enviar a los moderadores") == 200

    moderator = visitor("moderadora")
    assert moderator.sign_in(MSP_MODERATOR) == 200
    moderator.open("/moderacion/MSP")
    item = moderator.page.get_by_role("article").filter(has_text=words)
    item.locator("summary").filter(has_text="Ocultar").click()
    item.get_by_label("Motivo (el autor lo lee)", exact=True).fill("Venta de medicamentos.")
    assert moderator.press("Ocultar", within=item) == 200

    writer.open("/moderacion/avisos")
    notice = writer.page.get_by_role("listitem").filter(has_text=words).first
    notice.locator("summary").filter(has_text="Apelar esta decisión").click()
    notice.get_by_label("¿Por qué debería restablecerse?", exact=True).fill(
        "Era una pregunta sobre recetas, no una venta.")
    assert writer.press("Enviar la apelación", within=notice) == 200

    # The only moderator is not offered the appeal: it went to the platform.
    moderator.open("/moderacion/MSP")
    item = moderator.page.get_by_role("article").filter(has_text=words)
    assert "pasó a los administradores de la plataforma" in item.inner_text()
    assert not item.get_by_role("button", name="Restablecer").count()

    admin = visitor("plataforma")
    assert admin.sign_in(PLATFORM_ADMIN) == 200
    admin.open("/moderacion/")
    admin.follow(re.compile(r"^\d+ apelaci(ón espera|ones esperan) a la plataforma$"))
    assert admin.heading() == "Apelaciones para la plataforma"
    appeal = admin.page.get_by_role("listitem").filter(has_text=words)
    appeal.get_by_label("Motivo (el autor lo lee)").first.fill("Revisado: es una pregunta.")
    assert admin.press("Restablecer", within=appeal) == 200
    assert admin.flash() == "El contenido es público de nuevo."
    assert words not in admin.text()

    writer.open(consultation)
    assert words in writer.page.locator(in_thread).inner_text()

    # The decision stays listed for the institution, with what can still be done.
    moderator.open("/moderacion/MSP")
    moderator.follow("Elementos decididos")
    assert moderator.heading() == "Elementos decididos del MSP"
    decided = moderator.page.get_by_role("article").filter(has_text=words)
    assert "Decidido el" in decided.inner_text()
    assert decided.locator("summary").filter(has_text="Suspender al autor").count() == 1
