"""Public pages read without signing in are kept a few seconds (participa.page_cache): the
same page again costs no query; whoever is signed in sees their own writing at once; the
others see it once the few seconds are over; nothing personal is ever kept."""
import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from participa.extensions import db

from conftest import login_with_code
from factories_consultations import make_consultation, uploads_in_tmp  # noqa: F401 (fixtures)

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def kept_pages(app):
    """The page memory turned on for 10 seconds, on a clock the test moves."""
    app.config["PAGE_CACHE_SECONDS"] = 10
    memory = app.extensions["page_memory"]
    memory.clear()
    clock = Clock()
    memory.clock = clock
    yield clock
    memory.clear()


@contextmanager
def counted_queries():
    count = [0]

    def tally(*_args):
        count[0] += 1

    event.listen(db.engine, "before_cursor_execute", tally)
    try:
        yield count
    finally:
        event.remove(db.engine, "before_cursor_execute", tally)


def test_a_reader_gets_the_kept_page_and_the_author_sees_their_comment_at_once(
        app, client, people, make_consultation, kept_pages):
    consultation = make_consultation()
    reader = app.test_client()
    page = f"/consultas/{consultation.id}"
    assert reader.get(page).status_code == 200

    with counted_queries() as queries:
        again = reader.get(page)
    assert again.status_code == 200 and queries[0] == 0  # not rendered again
    assert "X-Request-ID" in again.headers and "Content-Security-Policy" in again.headers

    login_with_code(client, people["citizen"])
    client.post(f"{page}/comentarios", data={
        "section": "", "stance": "for", "body": "Que el plazo de respuesta sea de diez días."})
    assert "Que el plazo de respuesta sea de diez días." in client.get(page).get_data(
        as_text=True)  # signed in: a fresh page
    assert "Que el plazo de respuesta sea de diez días." not in reader.get(page).get_data(
        as_text=True)  # still the kept page, for at most ten seconds

    kept_pages.now += 10
    assert "Que el plazo de respuesta sea de diez días." in reader.get(page).get_data(
        as_text=True)


def test_each_language_is_kept_apart(app, make_consultation, kept_pages):
    make_consultation()
    spanish = app.test_client().get("/consultas", headers={"Accept-Language": "es"})
    english = app.test_client().get("/consultas", headers={"Accept-Language": "en"})
    assert 'lang="es"' in spanish.get_data(as_text=True)
    assert 'lang="en"' in english.get_data(as_text=True)
    assert 'lang="es"' in app.test_client().get(
        "/consultas", headers={"Accept-Language": "es"}).get_data(as_text=True)


def test_each_reader_of_a_kept_page_gets_their_own_form_token(app, make_consultation,
                                                               kept_pages):
    """Every page has the language form: a kept page is handed out with the reader's own
    token (and session cookie), which the form then accepts."""
    app.config["WTF_CSRF_ENABLED"] = True
    make_consultation()
    first, second = app.test_client(), app.test_client()
    one = first.get("/consultas")
    with counted_queries() as queries:
        two = second.get("/consultas")
    assert queries[0] == 0  # the kept page
    assert "Set-Cookie" in one.headers and "Set-Cookie" in two.headers
    token_one = CSRF.search(one.get_data(as_text=True)).group(1)
    token_two = CSRF.search(two.get_data(as_text=True)).group(1)
    assert token_one != token_two
    switched = second.post("/idioma", data={"csrf_token": token_two, "lang": "en",
                                            "next": "/consultas"})
    assert switched.status_code == 302
    assert 'lang="en"' in second.get("/consultas").get_data(as_text=True)
    refused = first.post("/idioma", data={"csrf_token": token_two, "lang": "en",
                                          "next": "/consultas"})
    assert refused.status_code == 400  # another visitor's token


def test_a_page_with_a_message_for_one_visitor_is_not_kept(app, make_consultation,
                                                            kept_pages):
    """A message waiting in one visitor's session is theirs: their page is rendered for
    them, never kept, and the next visitor does not see it."""
    make_consultation()
    told = app.test_client()
    with told.session_transaction() as session:
        session["_flashes"] = [("info", "Su solicitud fue recibida.")]
    assert "Su solicitud fue recibida." in told.get("/consultas").get_data(as_text=True)
    assert len(app.extensions["page_memory"]) == 0
    assert "Su solicitud fue recibida." not in app.test_client().get(
        "/consultas").get_data(as_text=True)


def test_a_visitor_with_a_session_gets_a_fresh_page(app, client, people, make_consultation,
                                                     kept_pages):
    consultation = make_consultation(title="Reglamento de salud mental")
    anonymous = app.test_client()
    assert "Reglamento de salud mental" in anonymous.get("/consultas").get_data(as_text=True)
    login_with_code(client, people["citizen"])
    with counted_queries() as queries:
        signed_in = client.get("/consultas")
    assert queries[0] > 0 and "Reglamento de salud mental" in signed_in.get_data(as_text=True)
    assert signed_in.headers["Cache-Control"] == "no-store"
    assert f"/consultas/{consultation.id}" in signed_in.get_data(as_text=True)


def test_missing_pages_and_case_pages_are_not_kept(app, kept_pages):
    reader = app.test_client()
    assert reader.get("/consultas/999").status_code == 404
    with counted_queries() as queries:
        assert reader.get("/consultas/999").status_code == 404
    assert queries[0] > 0
    assert reader.get("/casos/").status_code == 200  # reached by tracking codes: never kept
    with counted_queries() as queries:
        reader.get("/casos/")
    assert queries[0] > 0 or len(app.extensions["page_memory"]) == 0


def test_every_kept_endpoint_is_a_page_of_the_application(app):
    """A renamed view would silently stop being kept: the list must name real endpoints."""
    from participa.page_cache import PUBLIC_PAGES

    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    assert PUBLIC_PAGES <= endpoints, PUBLIC_PAGES - endpoints


def test_the_kept_registration_page_registers_each_visitor_with_their_own_token(
        app, kept_pages):
    """The registration and sign-in forms are the same for every visitor but the token:
    from memory, each visitor's own token opens their account, another's is refused."""
    from conftest import user_by_email

    app.config["WTF_CSRF_ENABLED"] = True
    first, second = app.test_client(), app.test_client()
    first.get("/cuenta/registro")
    with counted_queries() as queries:
        page = second.get("/cuenta/registro")
    assert queries[0] == 0  # the kept page
    token = CSRF.search(page.get_data(as_text=True)).group(1)
    form = {"name": "Marta Vera", "email": "marta@example.ec", "cedula": "",
            "password": "una clave larga y segura 2026", "confirm": "una clave larga y segura 2026",
            "accept": "y"}
    assert first.post("/cuenta/registro", data={**form, "csrf_token": token}).status_code == 400
    assert user_by_email("marta@example.ec") is None
    assert second.post("/cuenta/registro", data={**form, "csrf_token": token}).status_code == 302
    assert user_by_email("marta@example.ec") is not None


def test_signed_in_readers_get_data_files_from_memory_without_being_loaded(
        app, client, people, kept_pages):
    """A file or an API answer is the same whoever asks: a signed-in reader gets the kept
    one with no query at all (not even the one that loads them), and what they fetched
    first is kept for the next reader, signed in or not."""
    login_with_code(client, people["citizen"])
    with counted_queries() as queries:
        first = client.get("/api/v1/stats/summary")
    assert first.status_code == 200 and queries[0] > 0
    assert first.headers.get("Cache-Control") != "no-store"  # nothing personal in it
    with counted_queries() as queries:
        anonymous = app.test_client().get("/api/v1/stats/summary")
        again = client.get("/api/v1/stats/summary")
    assert queries[0] == 0
    assert anonymous.get_data() == again.get_data() == first.get_data()

    csv_anonymous = app.test_client().get("/datos/instituciones.csv")
    with counted_queries() as queries:
        csv_signed_in = client.get("/datos/instituciones.csv")
    assert queries[0] == 0 and csv_signed_in.get_data() == csv_anonymous.get_data()


def test_a_data_file_is_kept_per_language(app, client, people, kept_pages):
    """Signing in makes the account's language this browser's choice: the file in that
    language comes from memory, the other language's file is kept apart."""
    from participa.models import User

    user = db.session.get(User, people["citizen"].id)
    user.locale = "en"
    db.session.commit()
    english = app.test_client().get("/datos/catalogo.json",
                                    headers={"Accept-Language": "en"}).get_data()
    spanish = app.test_client().get("/datos/catalogo.json",
                                    headers={"Accept-Language": "es"}).get_data()
    assert english != spanish
    login_with_code(client, user)
    with counted_queries() as queries:
        mine = client.get("/datos/catalogo.json", headers={"Accept-Language": "es"})
    assert queries[0] == 0 and mine.get_data() == english


def test_pages_with_a_layout_are_not_data_files(app):
    """Only what has no header may skip loading the person: every DATA_PAGES answer is a
    file, never an HTML page (whose header names who is signed in)."""
    from participa.page_cache import DATA_PAGES, PUBLIC_PAGES

    assert DATA_PAGES < PUBLIC_PAGES
    reader = app.test_client()
    for rule in app.url_map.iter_rules():
        if rule.endpoint in DATA_PAGES and not rule.arguments:
            response = reader.get(rule.rule)
            assert response.mimetype != "text/html", rule.rule
