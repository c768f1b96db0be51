"""Pages shared by an audience of signed-in people (participa.shared_pages): the next citizen
(or rector analyst) gets the kept page with their own name, unread count and form token, at
the cost of the one query that loads them; officials, suspended citizens and a reader with a
message waiting get their own page, and nobody else ever sees it."""
import re
from datetime import timedelta

import pytest

from participa.extensions import db
from participa.models import Ban
from participa.timeutil import utcnow

from conftest import login_with_code
from factories_cases import make_case, make_category
from test_page_cache import Clock, counted_queries

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def kept_pages(app):
    """The page memories turned on for 10 seconds, on a clock the test moves."""
    app.config["PAGE_CACHE_SECONDS"] = 10
    clock = Clock()
    with app.app_context():
        from participa import kept_content
        memory = kept_content.memory()
    memory.clear()
    memory.clock = clock
    yield clock
    memory.clear()


def body(response) -> str:
    return response.get_data(as_text=True)


def signed_in(app, user):
    """A client signed in as `user`, the welcome message already read."""
    client = app.test_client()
    login_with_code(client, user)
    with client.session_transaction() as session:
        session.pop("_flashes", None)
    return client


def test_the_next_citizen_gets_the_kept_page_with_their_own_header(
        app, people, make_user, institutions, kept_pages):
    rosa = signed_in(app, people["citizen"])
    other = make_user("pedro@example.ec", name="Pedro <b>Páez</b>")
    case = make_case(other, institutions["MSP"], make_category(institutions["MSP"]))
    case.last_public_at = utcnow()  # one unread notice for Pedro
    db.session.commit()
    pedro = signed_in(app, other)
    app.config["WTF_CSRF_ENABLED"] = True  # signed in through the form helpers without

    first = body(rosa.get("/acerca"))
    assert "Rosa Ciudadana" in first and "unread-count" not in first
    with counted_queries() as queries:
        second = pedro.get("/acerca")
    assert queries[0] == 1  # loading Pedro (and his session): the page is the kept one
    page = body(second)
    assert "Rosa Ciudadana" not in page
    assert "Pedro &lt;b&gt;Páez&lt;/b&gt;" in page and "<b>Páez" not in page
    assert '<span class="unread-count" aria-hidden="true">1</span>' in page
    assert "\x00" not in page
    assert second.headers["Cache-Control"] == "no-store"

    tokens = set(CSRF.findall(page))
    assert len(tokens) == 1 and tokens != set(CSRF.findall(first))
    refused = rosa.post("/cuenta/salir", data={"csrf_token": tokens.pop()})
    assert refused.status_code == 400  # Pedro's token is his alone
    token = CSRF.search(page).group(1)
    assert pedro.post("/cuenta/salir", data={"csrf_token": token}).status_code == 302
    assert "Pedro" not in body(pedro.get("/acerca"))  # signed out: the public page


def test_the_signed_in_version_is_the_one_kept(app, people, make_user, kept_pages):
    """A signed-in citizen's privacy page links to their data; the kept page keeps it for
    the next citizen, and a visitor who is not signed in never gets it."""
    rosa = signed_in(app, people["citizen"])
    assert "/cuenta/mis-datos" in body(rosa.get("/privacidad"))
    pedro = signed_in(app, make_user("pedro@example.ec", name="Pedro Páez"))
    with counted_queries() as queries:
        page = body(pedro.get("/privacidad"))
    assert queries[0] == 1 and "Pedro Páez" in page and "/cuenta/mis-datos" in page
    visitor = body(app.test_client().get("/privacidad"))
    assert "Pedro Páez" not in visitor and 'action="/cuenta/salir"' not in visitor


def test_role_holders_get_their_own_page_never_the_citizens(app, people, kept_pages):
    rosa = signed_in(app, people["citizen"])
    rosa.get("/acerca")
    official = signed_in(app, people["official_msp"])
    page = body(official.get("/acerca"))
    assert "Luis Funcionario" in page and "/gestion/" in page  # their Management link
    again = body(signed_in(app, people["moderator_msp"]).get("/acerca"))
    assert "Luis Funcionario" not in again and "Eva Moderadora" in again
    assert "/gestion/" not in body(rosa.get("/acerca"))  # never kept for citizens


def test_a_suspended_citizen_sees_their_banner_and_it_is_kept_for_nobody(
        app, people, make_user, institutions, kept_pages):
    banned = make_user("bruno@example.ec", name="Bruno Baneado")
    db.session.add(Ban(institution_id=institutions["MSP"].id, user_id=banned.id,
                       until=utcnow() + timedelta(days=3), reason="Insultos repetidos."))
    db.session.commit()
    page = body(signed_in(app, banned).get("/acerca"))
    assert "suspension-banner" in page and "Insultos repetidos." in page
    rosa = body(signed_in(app, people["citizen"]).get("/acerca"))
    assert "suspension-banner" not in rosa and "Bruno" not in rosa


def test_a_message_for_one_citizen_is_shown_to_them_and_kept_for_nobody(
        app, people, make_user, kept_pages):
    rosa = signed_in(app, people["citizen"])
    with rosa.session_transaction() as session:
        session["_flashes"] = [("info", "Su solicitud fue recibida.")]
    assert "Su solicitud fue recibida." in body(rosa.get("/acerca"))
    pedro = signed_in(app, make_user("pedro@example.ec", name="Pedro Páez"))
    assert "Su solicitud fue recibida." not in body(pedro.get("/acerca"))


def test_a_tracking_code_in_the_address_is_never_kept(app, people, make_user, kept_pages):
    rosa = signed_in(app, people["citizen"])
    rosa.get("/casos/?code=CC-2026-ABCDEF")
    pedro = signed_in(app, make_user("pedro@example.ec", name="Pedro Páez"))
    with counted_queries() as queries:
        pedro.get("/casos/?code=CC-2026-ABCDEF")
        pedro.get("/casos/")
        pedro.get("/casos/")
    assert queries[0] == 3  # the first two rendered; the third from memory


def test_a_kept_page_is_read_again_after_the_few_seconds(app, people, make_user,
                                                           kept_pages):
    rosa = signed_in(app, people["citizen"])
    with counted_queries() as queries:
        rosa.get("/")
    rendered = queries[0]
    with counted_queries() as queries:
        rosa.get("/")
    kept = queries[0]
    assert kept == 1 < rendered
    kept_pages.now += 10
    with counted_queries() as queries:
        rosa.get("/")
    assert queries[0] > kept


def test_every_shared_page_is_a_page_of_the_application(app):
    from participa.shared_pages import PAGES

    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    listed = set().union(*PAGES.values())
    assert listed <= endpoints, listed - endpoints


def test_rector_analysts_share_the_national_figures_until_they_change(
        app, people, make_user, institutions, cached, kept_pages):
    from participa.models import GlobalRole

    ana = signed_in(app, people["rector"])
    first = body(ana.get("/tablero/"))
    assert "Ana Analista" in first
    other = make_user("beto@mintel.gob.ec", name="Beto Analista",
                      global_role=GlobalRole.RECTOR_ANALYST)
    beto = signed_in(app, other)
    with counted_queries() as queries:
        page = body(beto.get("/tablero/"))
    assert queries[0] == 1 and "Beto Analista" in page and "Ana Analista" not in page

    make_case(people["citizen"], institutions["MSP"], make_category(institutions["MSP"]))
    with counted_queries() as queries:
        beto.get("/tablero/")
    assert queries[0] > 1  # a case changed the figures: the page is made again


def test_nobody_outside_the_audience_gets_its_pages(app, people, cached, kept_pages):
    signed_in(app, people["rector"]).get("/tablero/")
    signed_in(app, people["rector"]).get("/tablero/institucion/MSP")
    assert signed_in(app, people["citizen"]).get("/tablero/").status_code == 403
    official = signed_in(app, people["official_msp"])
    assert official.get("/tablero/").status_code == 403
    assert official.get("/tablero/institucion/MSP").status_code == 403


def test_a_kept_workbook_comes_back_whole_with_its_file_name(app, people, make_user,
                                                             institutions, cached, kept_pages):
    """A file among the analysts' pages has no header to fill: the next analyst gets the
    same bytes, still offered as a download under its name."""
    from participa.models import GlobalRole

    path = "/transparencia/MSP/informe/2025.xlsx"
    first = signed_in(app, people["rector"]).get(path)
    assert first.status_code == 200
    other = signed_in(app, make_user("beto@mintel.gob.ec", name="Beto Analista",
                                     global_role=GlobalRole.RECTOR_ANALYST))
    with counted_queries() as queries:
        again = other.get(path)
    assert queries[0] == 1 and again.get_data() == first.get_data()
    assert again.headers["Content-Disposition"] == first.headers["Content-Disposition"]
