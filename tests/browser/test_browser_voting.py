"""Voting on a consultation's questions in a real browser, in Spanish: a citizen who
registered with their cédula votes, sees that they voted, changes the vote; a choice the
question does not allow is refused next to the question, with the focus on it."""
from participa.consultations.demo import OPEN_TITLE

from .kit import new_person

SINGLE = "¿Qué medio prefiere para verificar su identidad digital?"
MULTIPLE = "¿Qué trámites deberían estar en línea primero? (elija hasta dos)"


def question(browser, text: str):
    """The question's part of the consultation page (its form, or its results)."""
    return browser.page.locator("article.question").filter(
        has=browser.page.get_by_role("group", name=text, exact=True))


def test_verified_citizen_votes_and_changes_the_vote(visitor, device):
    rosa = new_person("Rosa Yánez Caicedo")  # registers with her cédula: a verified citizen
    citizen = visitor("votante")
    citizen.register(rosa)
    citizen.follow("Consultas", within="navigation")
    citizen.follow(OPEN_TITLE)
    assert citizen.page.get_by_role("heading", name="Preguntas", exact=True).is_visible()
    assert "El voto es secreto" in citizen.text()

    # One option of a single-choice question.
    single = question(citizen, SINGLE)
    assert not single.get_by_text("Usted votó en esta pregunta.").count()
    single.get_by_label("Código enviado al celular", exact=True).check()
    assert citizen.press("Votar", within=single) == 200
    assert citizen.flash() == ("Su voto ha sido registrado. Puede cambiarlo hasta el cierre "
                               "de la consulta.")
    single = question(citizen, SINGLE)
    assert "Usted votó en esta pregunta." in single.inner_text()
    assert single.get_by_label("Código enviado al celular", exact=True).is_checked()

    # The vote changes until the consultation closes; the page shows the new choice.
    single.get_by_label("Firma electrónica", exact=True).check()
    assert citizen.press("Cambiar mi voto", within=single) == 200
    assert citizen.flash() == "Su voto ha sido cambiado."
    single = question(citizen, SINGLE)
    assert single.get_by_label("Firma electrónica", exact=True).is_checked()
    assert not single.get_by_label("Código enviado al celular", exact=True).is_checked()

    # Three choices where two are allowed: refused next to the question, the choices kept,
    # the group marked invalid and the focus moved to it.
    multiple = question(citizen, MULTIPLE)
    for option in ("Certificados del Registro Civil", "Citas médicas", "Matrículas escolares"):
        multiple.get_by_label(option, exact=True).check()
    assert citizen.press("Votar", within=multiple) == 400
    multiple = question(citizen, MULTIPLE)
    group = multiple.get_by_role("group", name=MULTIPLE, exact=True)
    assert group.get_attribute("aria-invalid") == "true"
    assert "Elija como máximo 2 opciones." in multiple.inner_text()
    # (The page opens at the question's anchor; the focus moves on to the error after that.)
    citizen.page.wait_for_function(
        "() => { const group = document.activeElement.closest('fieldset');"
        "        return !!group && group.getAttribute('aria-invalid') === 'true'; }")
    assert multiple.get_by_label("Matrículas escolares", exact=True).is_checked()

    multiple.get_by_label("Matrículas escolares", exact=True).uncheck()
    assert citizen.press("Votar", within=multiple) == 200
    assert citizen.flash().startswith("Su voto ha sido registrado.")
    multiple = question(citizen, MULTIPLE)
    assert "Usted votó en esta pregunta." in multiple.inner_text()
    assert [multiple.get_by_label(o, exact=True).is_checked() for o in (
        "Certificados del Registro Civil", "Permisos de funcionamiento", "Citas médicas",
        "Matrículas escolares")] == [True, False, True, False]
    # The earlier question keeps its vote.
    single = question(citizen, SINGLE)
    assert single.get_by_label("Firma electrónica", exact=True).is_checked()
    assert "Usted votó en esta pregunta." in single.inner_text()
