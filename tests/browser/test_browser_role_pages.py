"""The pages of moderation, the dashboard and open data, in Spanish and in English, to the
people who use them: a visitor (open data, methodology), a moderator of MINTEL (the queue,
the notices, the error pages: the dashboard is refused), a rector analyst (the dashboard and an
institution, a period typed wrongly). Each page gets the checks every page gets: axe-core,
no sideways scrolling on a phone, a screenshot."""
from contextlib import contextmanager

from .kit import demo_person

MINTEL_MODERATOR = demo_person("moderador.mintel@mintel.gob.ec", "Pablo Moderador Ortiz")
ANALYST = demo_person("analista@mintel.gob.ec", "Verónica Analista Paredes")

HEADINGS = {
    "es": {"queue": "Cola de moderación del MINTEL", "notices": "Avisos",
           "dashboard": "Tablero de participación", "institution": "Cifras del Ministerio",
           "open_data": "Datos abiertos", "methodology": "Metodología",
           "forbidden": "No tiene permiso para hacer esto", "account": "Su cuenta",
           "wrong_period": "Corrija lo siguiente:", "not_found": "Página no encontrada"},
    "en": {"queue": "Moderation queue of MINTEL", "notices": "Notices",
           "dashboard": "Participation dashboard", "institution": "Figures of Ministerio",
           "open_data": "Open data", "methodology": "Methodology",
           "forbidden": "You do not have permission to do this", "account": "Your account",
           "wrong_period": "Please correct the following:", "not_found": "Page not found"},
}
BUTTON = {"es": "Español", "en": "English"}


def switch_to(browser, language: str) -> None:
    if browser.language() != language:
        browser.press(BUTTON[language], within="banner")
    assert browser.language() == language


@contextmanager
def each_language(browser):
    """Spanish, then English; a signed-in account remembers the choice, so the demo
    account is left in Spanish, as it was found, even when a check fails."""
    try:
        yield ["es", "en"]
    finally:
        switch_to(browser, "es")


def test_open_data_and_methodology_to_a_visitor(visitor):
    anyone = visitor("visitante")
    anyone.open("/")
    for language in ("es", "en"):
        switch_to(anyone, language)
        words = HEADINGS[language]
        assert anyone.open("/datos/") == 200
        assert anyone.heading().startswith(words["open_data"])
        assert anyone.follow(words["methodology"], within="main") == 200
        assert anyone.heading().startswith(words["methodology"])


def test_moderation_pages_to_a_moderator(visitor):
    moderator = visitor("moderador")
    assert moderator.sign_in(MINTEL_MODERATOR) == 200
    with each_language(moderator) as languages:
        for language in languages:
            switch_to(moderator, language)
            words = HEADINGS[language]
            assert moderator.open("/") == 200  # the home page, signed in
            assert moderator.open("/moderacion/") == 200  # one institution: its queue
            assert moderator.heading() == words["queue"]
            assert moderator.open("/moderacion/avisos") == 200  # now the one notices page
            assert moderator.heading() == words["notices"]
            assert moderator.open("/cuenta/") == 200
            assert moderator.heading() == words["account"]
            # The dashboard is for rector analysts: the error page, signed in.
            assert moderator.open("/tablero/") == 403
            assert moderator.heading() == words["forbidden"]
            assert moderator.open("/no-existe") == 404
            assert moderator.heading() == words["not_found"]


def test_dashboard_pages_to_a_rector_analyst(visitor):
    analyst = visitor("analista")
    assert analyst.sign_in(ANALYST) == 200
    with each_language(analyst) as languages:
        for language in languages:
            switch_to(analyst, language)
            words = HEADINGS[language]
            assert analyst.open("/tablero/") == 200
            assert analyst.heading() == words["dashboard"]
            assert analyst.open("/tablero/institucion/MINTEL") == 200
            assert analyst.heading().startswith(words["institution"])
            assert analyst.open("/tablero/?periodo=custom&desde=2025-13-01") == 400
            assert words["wrong_period"] in analyst.text()
            assert analyst.open("/datos/?periodo=quarter") == 200
            assert analyst.heading().startswith(words["open_data"])
            assert analyst.open("/datos/metodologia") == 200
