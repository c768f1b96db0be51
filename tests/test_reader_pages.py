"""A consultation's page for signed-in citizens is rendered once and completed per reader
(participa.consultations.reader_pages): each reader gets exactly the page a fresh rendering
would give them (their token, their supports, their vote), sees their own comment at once,
and those who run the consultation always get a fresh page."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import login_with_code
from factories_consultations import make_consultation, shift, uploads_in_tmp  # noqa: F401

from participa.ballots import service as ballots
from participa.consultations import comments
from participa.demo import demo_cedula
from participa.extensions import db
from participa.models import Comment, Stance
from participa.expiring_lru import ExpiringLRU
from participa.timeutil import utcnow

from test_page_cache import Clock

TOKEN = re.compile(r'(name="csrf_token"(?: type="hidden")? value=")[^"]+"')


@pytest.fixture
def kept(app):
    """The kept content turned on for 10 seconds, on a clock the test moves."""
    app.config["PAGE_CACHE_SECONDS"] = 10
    clock = Clock()
    app.extensions["kept_content"] = ExpiringLRU(16, clock=clock)
    return clock


@pytest.fixture
def readers(app, make_user, people):
    """Signed-in browsers: four verified citizens and the people of the permission table."""
    citizens = {name: make_user(f"{name}@example.ec", name=name.capitalize(),
                                cedula=demo_cedula(f"1720000{n:02d}"))
                for n, name in enumerate(["ana", "beto", "carla", "dora"])}
    everyone = {**people, **citizens}
    browsers = {}

    def browser(who: str):
        if who not in browsers:
            browsers[who] = app.test_client()
            assert login_with_code(browsers[who], everyone[who]).status_code == 302
            browsers[who].get("/privacidad")  # reads the "signed in" message
        return browsers[who]
    browser.people = everyone
    return browser


@pytest.fixture
def thread(make_consultation, people, readers):
    """An open consultation with a question and comments written an hour ago: Carla's with a
    reply by Beto, and Rosa's, which Beto supports."""
    consultation = make_consultation(phase="draft")
    question = ballots.add_question(people["official_msp"], consultation,
                                    text="¿Qué horario prefiere?", max_choices=1,
                                    options_text="Mañana\nTarde")
    db.session.commit()
    shift(consultation, opens_days=-1, closes_days=10)
    person = readers.people
    first = comments.add_comment(person["carla"], consultation, stance=Stance.FOR,
                                 body="Que el horario sea de mañana.")
    reply = comments.add_comment(person["beto"], consultation, stance=Stance.NEUTRAL,
                                 body="De acuerdo con la mañana.", parent_id=first.id)
    second = comments.add_comment(person["citizen"], consultation, stance=Stance.AGAINST,
                                  body="Mejor por la tarde.")
    db.session.flush()
    comments.support_comment(person["beto"], second)
    an_hour_ago = utcnow() - timedelta(hours=1)
    for comment in (first, reply, second):
        comment.created_at = an_hour_ago
    db.session.commit()
    return consultation, question, first, second


def page(consultation) -> str:
    return f"/consultas/{consultation.id}"


def html(response) -> str:
    assert response.status_code == 200
    return TOKEN.sub(r'\1TOKEN"', response.get_data(as_text=True))


def test_each_reader_gets_what_a_fresh_page_gives_them(app, readers, thread, kept):
    consultation, _question, _first, second = thread
    comments.support_comment(readers.people["dora"], second)
    db.session.commit()
    app.config["PAGE_CACHE_SECONDS"] = 0
    fresh = {who: html(readers(who).get(page(consultation))) for who in ("ana", "dora")}
    app.config["PAGE_CACHE_SECONDS"] = 10

    assert html(readers("ana").get(page(consultation))) == fresh["ana"]  # kept now
    second.body_html = "<p>Cambiado sin pasar por la aplicación.</p>"
    db.session.commit()
    dora = html(readers("dora").get(page(consultation)))
    assert dora == fresh["dora"]  # from the kept content, with Dora's own support
    assert "Usted apoya este comentario" in dora and "Usted apoya" not in fresh["ana"]


def test_a_support_shows_at_once_on_the_kept_page(app, readers, thread, kept):
    consultation, _question, first, _second = thread
    ana = readers("ana")
    before = ana.get(page(consultation)).get_data(as_text=True)
    assert "Usted apoya este comentario" not in before

    token = TOKEN.search(before)
    assert readers("ana").post(f"/consultas/{consultation.id}/comentarios/{first.id}/apoyar",
                               data={"csrf_token": token.group(0).split('value="')[1][:-1]}
                               ).status_code == 302
    after = ana.get(page(consultation)).get_data(as_text=True)
    article = after[after.index(f'id="c{first.id}"'):]
    assert "Usted apoya este comentario" in article[:article.index("</article>")]
    assert "1 apoyo" in article[:article.index("</article>")]


def test_each_reader_gets_their_own_form_token(app, readers, thread, kept):
    consultation, _question, first, second = thread
    for who in ("ana", "beto", "carla"):
        readers(who)  # signed in before the tokens are checked
    app.config["WTF_CSRF_ENABLED"] = True
    readers("ana").get(page(consultation))  # kept with Ana's token taken out
    beto_page = readers("beto").get(page(consultation)).get_data(as_text=True)
    carla_page = readers("carla").get(page(consultation)).get_data(as_text=True)
    beto_token = re.search(r'name="csrf_token" value="([^"]+)"', beto_page).group(1)
    carla_token = re.search(r'name="csrf_token" value="([^"]+)"', carla_page).group(1)
    assert beto_token != carla_token

    support = f"/consultas/{consultation.id}/comentarios/%d/apoyar"
    assert readers("carla").post(support % second.id,
                                 data={"csrf_token": beto_token}).status_code == 400
    assert readers("carla").post(support % second.id,
                                 data={"csrf_token": carla_token}).status_code == 302
    assert readers("beto").post(support % first.id,
                                data={"csrf_token": beto_token}).status_code == 302


def test_a_reader_sees_their_new_comment_at_once_and_others_within_seconds(
        app, readers, thread, kept):
    consultation, _question, _first, _second = thread
    assert "Propongo abrir los sábados" not in readers("dora").get(
        page(consultation)).get_data(as_text=True)  # kept, before Ana writes

    token = re.search(r'name="csrf_token" value="([^"]+)"', readers("ana").get(
        page(consultation)).get_data(as_text=True)).group(1)
    assert readers("ana").post(f"{page(consultation)}/comentarios", data={
        "csrf_token": token, "section": "", "stance": "for",
        "body": "Propongo abrir los sábados."}).status_code == 302

    assert "Propongo abrir los sábados" in readers("ana").get(
        page(consultation)).get_data(as_text=True)
    assert "Propongo abrir los sábados" not in readers("dora").get(
        page(consultation)).get_data(as_text=True)  # the kept page, for ten seconds at most
    kept.now += 10
    assert "Propongo abrir los sábados" in readers("dora").get(
        page(consultation)).get_data(as_text=True)


def test_an_author_of_a_comment_on_the_page_gets_their_own_page(app, readers, thread, kept):
    consultation, _question, first, _second = thread
    readers("ana").get(page(consultation))  # kept
    carla = readers("carla").get(page(consultation)).get_data(as_text=True)
    article = carla[carla.index(f'id="c{first.id}"'):]
    assert f"/comentarios/{first.id}/eliminar" in article[:article.index("</article>")]


def test_a_held_comment_is_seen_by_its_author_at_once(app, readers, thread, kept):
    consultation, _question, _first, _second = thread
    consultation.premoderate_comments = True
    db.session.commit()
    readers("ana").get(page(consultation))  # kept
    held = comments.add_comment(readers.people["dora"], consultation, stance=Stance.FOR,
                                body="Que también abran los domingos.")
    held.created_at = utcnow() - timedelta(hours=1)
    db.session.commit()

    dora = readers("dora").get(page(consultation)).get_data(as_text=True)
    assert "Que también abran los domingos." in dora
    assert "solo usted y los moderadores pueden verlo" in dora
    assert "Que también abran los domingos." not in readers("carla").get(
        page(consultation)).get_data(as_text=True)


def test_a_vote_shows_at_once_on_the_kept_page(app, readers, thread, kept):
    consultation, question, _first, _second = thread
    ana = readers("ana")
    before = ana.get(page(consultation)).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', before).group(1)
    morning = next(o.id for o in question.options if o.label == "Mañana")
    assert ana.post(f"{page(consultation)}/preguntas/{question.id}/votar",
                    data={"csrf_token": token, "option": str(morning)}).status_code == 302

    after = ana.get(page(consultation)).get_data(as_text=True)
    assert re.search(rf'value="{morning}"[^>]*checked', after)
    assert not re.search(rf'value="{morning}"[^>]*checked', readers("beto").get(
        page(consultation)).get_data(as_text=True))


@pytest.mark.parametrize("who", ["official_msp", "moderator_msp"])
def test_whoever_runs_the_consultation_gets_a_fresh_page(app, readers, thread, kept, who):
    consultation, _question, _first, second = thread
    readers("ana").get(page(consultation))  # kept
    second.body_html = "<p>Texto cambiado por el sistema.</p>"
    db.session.commit()
    assert "Texto cambiado por el sistema." in readers(who).get(
        page(consultation)).get_data(as_text=True)
    assert "Texto cambiado por el sistema." not in readers("dora").get(
        page(consultation)).get_data(as_text=True)


def test_nothing_is_kept_when_the_cache_is_off(app, readers, thread):
    consultation, _question, _first, _second = thread
    assert app.config["PAGE_CACHE_SECONDS"] == 0
    readers("ana").get(page(consultation))
    assert "kept_content" not in app.extensions
    assert Comment.query.count() == 3


# --- the proposal list -----------------------------------------------------------------

def test_the_proposal_list_is_shared_by_citizens_and_fresh_for_reviewers(
        app, readers, institutions, kept):
    from test_proposals import make_proposal

    make_proposal(readers.people["ana"], institutions["MSP"], title="Más ciclovías")
    app.config["PAGE_CACHE_SECONDS"] = 0
    fresh = {who: html(readers(who).get("/propuestas/")) for who in ("ana", "beto")}
    app.config["PAGE_CACHE_SECONDS"] = 10
    assert html(readers("ana").get("/propuestas/")) == fresh["ana"]  # kept now

    make_proposal(readers.people["carla"], institutions["MSP"], title="Parques infantiles")
    assert html(readers("beto").get("/propuestas/")) == fresh["beto"]  # the kept list
    official = readers("official_msp").get("/propuestas/").get_data(as_text=True)
    assert "Parques infantiles" in official  # reviews proposals: a fresh page
    assert "Propuestas por revisar" in official and "Propuestas por revisar" not in fresh["beto"]

    kept.now += 10
    assert "Parques infantiles" in readers("beto").get("/propuestas/").get_data(as_text=True)


# --- a proposal's page -----------------------------------------------------------------

@pytest.fixture
def proposal_thread(readers, institutions):
    """A published proposal by Carla with a comment by Beto written an hour ago."""
    from test_proposals import make_proposal

    proposal = make_proposal(readers.people["carla"], institutions["MSP"], title="Más ciclovías",
                             threshold=10)
    comment = comments.add_comment(readers.people["beto"], proposal, stance=Stance.FOR,
                                   body="Sí, y con parqueaderos de bicicletas.")
    comment.created_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    return proposal, comment


def test_a_proposal_page_from_the_kept_content_is_each_readers_own(
        app, readers, proposal_thread, kept):
    proposal, comment = proposal_thread
    url = f"/propuestas/{proposal.id}"
    comments.support_comment(readers.people["dora"], comment)
    db.session.commit()
    app.config["PAGE_CACHE_SECONDS"] = 0
    fresh = {who: html(readers(who).get(url)) for who in ("ana", "dora")}
    app.config["PAGE_CACHE_SECONDS"] = 10

    assert html(readers("ana").get(url)) == fresh["ana"]  # kept now
    proposal.summary = "Cambiado sin pasar por la aplicación."
    db.session.commit()
    assert html(readers("dora").get(url)) == fresh["dora"]  # kept, with Dora's support
    assert "Usted apoya este comentario" in fresh["dora"]

    # Ana supports the proposal: her box says so at once, the count too.
    token = re.search(r'name="csrf_token" value="([^"]+)"', readers("ana").get(url).get_data(
        as_text=True)).group(1)
    assert readers("ana").post(f"{url}/apoyar", data={"csrf_token": token}).status_code == 302
    ana = readers("ana").get(url).get_data(as_text=True)
    assert "Retirar mi apoyo" in ana and "Cambiado sin pasar" not in ana
    assert "Retirar mi apoyo" not in readers("dora").get(url).get_data(as_text=True)


@pytest.mark.parametrize("who, sees", [("carla", "Retirar mi propuesta"),
                                       ("beto", "/eliminar"),
                                       ("official_msp", "Marcar como respondido")])
def test_the_author_the_commenter_and_the_institution_get_a_fresh_proposal_page(
        app, readers, proposal_thread, kept, who, sees):
    proposal, _comment = proposal_thread
    readers("ana").get(f"/propuestas/{proposal.id}")  # kept
    page_html = readers(who).get(f"/propuestas/{proposal.id}").get_data(as_text=True)
    assert sees in page_html
    assert sees not in readers("ana").get(f"/propuestas/{proposal.id}").get_data(as_text=True)


# --- the consultation list ---------------------------------------------------------------

def test_the_consultation_list_is_shared_but_each_readers_notices_are_their_own(
        app, readers, make_consultation, kept):
    make_consultation(title="Reglamento de turnos")
    app.config["PAGE_CACHE_SECONDS"] = 0
    fresh = {who: html(readers(who).get("/consultas")) for who in ("ana", "official_msp")}
    app.config["PAGE_CACHE_SECONDS"] = 10
    assert html(readers("ana").get("/consultas")) == fresh["ana"]  # kept now
    make_consultation(title="Reglamento de vacunas")
    official = html(readers("official_msp").get("/consultas"))
    assert official == fresh["official_msp"]  # the kept list, with the official's own link
    assert "Gestionar consultas" in official and "Gestionar consultas" not in fresh["ana"]

    kept.now += 10
    assert "Reglamento de vacunas" in readers("ana").get("/consultas").get_data(as_text=True)
