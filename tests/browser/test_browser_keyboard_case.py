"""A whole journey with the keyboard only (Tab, Shift+Tab, Enter, Space and typing, no
clicks): a citizen registers, files a Contacto Ciudadano case and reads its tracking code."""
import re

import pytest

from .kit import new_person

MSP = "Ministerio de Salud Pública"


def type_into(browser, label: str, text: str) -> None:
    browser.tab_to(label)
    browser.page.keyboard.type(text)


@pytest.mark.parametrize("device", ["desktop"], indirect=True)
def test_citizen_registers_and_files_a_case_with_the_keyboard_only(visitor, site):
    rocio = new_person("Rocío Tenesaca Morocho")
    browser = visitor("ciudadana")
    browser.open("/")

    browser.tab_to("Registrarse")
    browser.enter()
    assert browser.heading() == "Crear una cuenta"
    type_into(browser, "Nombre completo", rocio.name)
    type_into(browser, "Correo electrónico", rocio.email)
    type_into(browser, "Cédula (opcional)", rocio.cedula)
    type_into(browser, "Contraseña", rocio.password)
    type_into(browser, "Repita la contraseña", rocio.password)
    browser.tab_to("Crear cuenta")
    assert browser.enter() == 200
    [mail] = site.mails_to(rocio.email)
    # The link in the mail is typed (or pasted) into the address bar.
    assert browser.open(re.search(r"http://\S+/cuenta/confirmar/\S+",
                                  mail.get_content()).group(0)) == 200

    browser.tab_to("Contacto Ciudadano")
    browser.enter()
    browser.tab_to("Presentar un caso")
    browser.enter()
    browser.tab_to(f"MSP — {MSP}", limit=60)
    browser.enter()
    assert browser.heading() == f"Presentar un caso al {MSP}"

    # A closed list chooses by typing the first letters of the option.
    type_into(browser, "Tipo de caso", "Rec")
    assert browser.page.get_by_label("Tipo de caso", exact=True).evaluate(
        "el => el.options[el.selectedIndex].text") == "Reclamo"
    type_into(browser, "Categoría", "Med")
    assert browser.page.get_by_label("Categoría", exact=True).evaluate(
        "el => el.options[el.selectedIndex].text") == "Medicamentos e insumos"
    # The list of deadlines opens with Space, and Shift+Tab goes back.
    browser.tab_to("Plazos de respuesta por categoría")
    browser.page.keyboard.press("Space")
    assert browser.page.locator("main details", has_text="Plazos de respuesta").get_attribute(
        "open") is not None
    browser.page.keyboard.press("Shift+Tab")
    assert browser.page.evaluate("document.activeElement.id") == "category"
    type_into(browser, "Asunto", "Falta de insulina en el centro de salud")
    type_into(browser, "Descripción", "Desde hace dos semanas no hay insulina en el centro "
                                      "de salud de Colta.")
    browser.tab_to("Presentar el caso", limit=20)
    assert browser.enter() == 200
    code = re.search(r"Su código de seguimiento es (CC-[A-Z0-9-]+)", browser.flash()).group(1)
    assert browser.heading() == f"Caso {code}"
    assert "Falta de insulina en el centro de salud" in browser.text()
