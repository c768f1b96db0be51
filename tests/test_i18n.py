"""Languages: Spanish by default, the browser's language next, the person's choice first."""
from pathlib import Path

import pytest

from participa.catalogues import incomplete_messages
from participa.config import ROOT_DIR
from participa.extensions import db

from conftest import login


def test_home_is_in_spanish_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "Participa en las decisiones del Estado" in page


def test_browser_language_is_used_when_nothing_was_chosen(client):
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Take part in the decisions of the State" in page


def test_unsupported_browser_language_falls_back_to_spanish(client):
    page = client.get("/", headers={"Accept-Language": "fr-FR"}).get_data(as_text=True)
    assert '<html lang="es">' in page


def test_switcher_choice_is_remembered_over_the_browser_language(client):
    response = client.post("/idioma", data={"lang": "en", "next": "/acerca"})
    assert response.status_code == 302 and response.headers["Location"] == "/acerca"
    page = client.get("/", headers={"Accept-Language": "es-EC"}).get_data(as_text=True)
    assert '<html lang="en">' in page
    client.post("/idioma", data={"lang": "es"})
    assert '<html lang="es">' in client.get("/").get_data(as_text=True)


def test_unknown_language_is_ignored(client):
    client.post("/idioma", data={"lang": "xx"})
    assert '<html lang="es">' in client.get("/").get_data(as_text=True)


def test_signed_in_choice_is_kept_on_the_account_across_devices(client, app, people):
    login(client, people["citizen"].email)
    client.post("/idioma", data={"lang": "en"})
    db.session.refresh(people["citizen"])
    assert people["citizen"].locale == "en"
    other_device = app.test_client()
    login(other_device, people["citizen"].email)
    assert '<html lang="en">' in other_device.get("/").get_data(as_text=True)


def test_error_pages_speak_the_visitors_language(client):
    spanish = client.get("/no-existe")
    assert spanish.status_code == 404
    assert "Página no encontrada" in spanish.get_data(as_text=True)
    english = client.get("/no-existe", headers={"Accept-Language": "en"})
    assert "Page not found" in english.get_data(as_text=True)


@pytest.mark.parametrize("locale", ["es", "en"])
def test_catalogue_is_complete(locale):
    po = ROOT_DIR / "translations" / locale / "LC_MESSAGES" / "messages.po"
    missing = incomplete_messages(po)
    assert missing == [], f"{len(missing)} untranslated or fuzzy messages in {locale}: {missing[:10]}"


def test_catalogues_cover_every_message_in_the_code(tmp_path, monkeypatch):
    """Extract the messages afresh: a string added to the code but not to the catalogues fails."""
    from babel.messages.frontend import CommandLineInterface
    from babel.messages.pofile import read_po

    pot = tmp_path / "fresh.pot"
    # babel.cfg's patterns are relative to the project root: extracting from absolute paths
    # matches none of them and finds nothing, so run from the root as the Makefile does.
    monkeypatch.chdir(ROOT_DIR)
    CommandLineInterface().run([
        "pybabel", "-q", "extract", "-F", "babel.cfg", "-k", "_l",
        "-k", "lazy_gettext", "-k", "lazy_pgettext:1c,2", "-o", str(pot),
        "."])
    with open(pot, "rb") as handle:
        fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert len(fresh) > 500, "the extraction found almost no message: it read the wrong files"
    for locale in ("es", "en"):
        po = ROOT_DIR / "translations" / locale / "LC_MESSAGES" / "messages.po"
        with open(po, "rb") as handle:
            known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
        assert sorted(fresh - known) == [], f"messages missing from the {locale} catalogue"
