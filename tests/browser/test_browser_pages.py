"""A visitor looks around, in Spanish and in English, with the mouse and with the keyboard."""
import pytest

from .kit import demo_person

# (link to follow from the page before, within which landmark, the page's main heading)
TOUR = {
    "es": [
        ("Instituciones", "navigation", "Instituciones participantes"),
        ("Acerca de", "navigation", "Acerca de Participa"),
        ("Iniciar sesión", "banner", "Iniciar sesión"),
        ("¿Olvidó su contraseña?", "main", "¿Olvidó su contraseña?"),
        ("Registrarse", "banner", "Crear una cuenta"),
        ("Inicio", "navigation", "Participa en las decisiones del Estado"),
    ],
    "en": [
        ("Institutions", "navigation", "Participating institutions"),
        ("About", "navigation", "About Participa"),
        ("Sign in", "banner", "Sign in"),
        ("Forgot your password?", "main", "Forgot your password?"),
        ("Register", "banner", "Create an account"),
        ("Home", "navigation", "Take part in the decisions of the State"),
    ],
}
NOT_FOUND = {"es": "Página no encontrada", "en": "Page not found"}
SKIP_LINK = {"es": "Saltar al contenido principal", "en": "Skip to main content"}


def assert_skip_link_works(visitor, language: str) -> None:
    """From a fresh page, the first Tab reaches the skip link, visible; Enter moves focus
    to the main content, and the next Tab continues from there, not from the header."""
    page = visitor.page
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, "
                            "document.activeElement.textContent.trim()]")
    assert focused == ["skip-link", SKIP_LINK[language]], f"first focus on {page.url}: {focused}"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link is not on screen"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "contenido"
    page.keyboard.press("Tab")
    after_main_start = page.evaluate("""() => {
        const main = document.querySelector('main'), active = document.activeElement;
        return main.contains(active) ||
            !!(main.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    assert after_main_start, f"after the skip link, Tab went back to the header on {page.url}"


@pytest.mark.parametrize("language", ["es", "en"])
def test_public_pages_by_mouse_and_keyboard(visitor, language):
    browser = visitor("visitante")
    browser.open("/")
    if language == "en":
        browser.press("English", within="banner")
    assert browser.language() == language
    assert_skip_link_works(browser, language)

    for link, landmark, heading in TOUR[language]:
        browser.follow(link, within=landmark)
        assert browser.heading() == heading
        assert browser.language() == language
        assert_skip_link_works(browser, language)

    assert browser.open("/no-existe") == 404
    assert browser.heading() == NOT_FOUND[language]
    assert_skip_link_works(browser, language)


@pytest.mark.parametrize("device", ["desktop"], indirect=True)
def test_sign_in_and_out_with_the_keyboard_only(visitor):
    maria = demo_person("maria.quishpe@example.ec", "María Quishpe Guamán")
    browser = visitor("ciudadana")
    browser.open("/")

    browser.tab_to("Iniciar sesión")
    browser.enter()
    assert browser.heading() == "Iniciar sesión"
    browser.tab_to("Correo electrónico")
    browser.page.keyboard.type(maria.email)
    browser.tab_to("Contraseña")
    browser.page.keyboard.type(maria.password)
    browser.tab_to("Iniciar sesión")
    assert browser.enter() == 200
    assert "Ha iniciado sesión." in browser.flash()

    browser.tab_to(maria.name)
    browser.enter()
    assert browser.heading() == "Su cuenta"
    browser.tab_to("Cerrar sesión")
    assert browser.enter() == 200
    assert "Ha cerrado sesión." in browser.flash()
