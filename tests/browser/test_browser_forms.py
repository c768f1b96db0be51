"""Forms announce their errors in a real browser: after an invalid form is sent, the focus
is on the error summary at the top (a screen reader reads it at once), its links move the
focus to each field, and each field names its error message."""
import pytest

SUMMARY_FOCUSED = "() => document.activeElement.classList.contains('error-summary')"
FOCUSED_ID = "() => document.activeElement.id"


def described_by(browser, label: str) -> str:
    """The text of the elements the field's aria-describedby names."""
    return browser.page.get_by_label(label, exact=True).evaluate(
        "el => (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)"
        ".map(id => document.getElementById(id).textContent.trim()).join(' | ')")


def test_invalid_registration_focuses_the_error_summary(visitor):
    browser = visitor("visitante")
    browser.open("/cuenta/registro")
    assert browser.page.evaluate(FOCUSED_ID) != "error-summary"
    browser.fill("Correo electrónico", "no es un correo")
    assert browser.press("Crear cuenta") == 400

    summary = browser.page.get_by_role("alert").filter(has_text="Corrija lo siguiente:")
    assert summary.is_visible()
    browser.page.wait_for_function(SUMMARY_FOCUSED)
    # What was typed stays; the field is marked invalid and names its message.
    email = browser.page.get_by_label("Correo electrónico", exact=True)
    assert email.input_value() == "no es un correo"
    assert email.get_attribute("aria-invalid") == "true"
    assert "Error:" in described_by(browser, "Correo electrónico")
    assert browser.page.get_by_label("Nombre completo", exact=True).get_attribute(
        "aria-invalid") == "true"

    # Each link of the summary takes the focus to its field.
    summary.get_by_role("link", name="Nombre completo", exact=False).click()
    assert browser.page.evaluate(FOCUSED_ID) == "name"
    summary.get_by_role("link", name="Correo electrónico", exact=False).click()
    assert browser.page.evaluate(FOCUSED_ID) == "email"


@pytest.mark.parametrize("device", ["desktop"], indirect=True)
def test_the_summary_is_read_first_with_the_keyboard(visitor):
    """From the focused summary, Tab reaches its first link, then Enter reaches the field."""
    browser = visitor("visitante")
    browser.open("/cuenta/entrar")
    assert browser.press("Iniciar sesión", within="main") == 400
    browser.page.wait_for_function(SUMMARY_FOCUSED)
    browser.page.keyboard.press("Tab")
    assert browser.page.evaluate("() => document.activeElement.textContent.trim()") \
        .startswith("Correo electrónico")
    browser.page.keyboard.press("Enter")
    assert browser.page.evaluate(FOCUSED_ID) == "email"
    browser.page.keyboard.type("maria.quishpe@example.ec")
    assert browser.page.get_by_label("Correo electrónico", exact=True).input_value() == \
        "maria.quishpe@example.ec"
