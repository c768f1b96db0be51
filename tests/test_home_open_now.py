"""The home page shows what is open now, and each institution has a public page."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from participa.extensions import db
from participa.main import open_now
from participa.models import ModerationState, Proposal, ProposalState, ProposalTopic
from participa.timeutil import utcnow

from factories_consultations import shift

pytest_plugins = ["factories_consultations"]


def _proposal(institution, author, title, supports, threshold=100, days_left=20):
    now = utcnow()
    proposal = Proposal(
        institution=institution, author=author, title=title, summary=f"Resumen de {title}",
        body="<p>Texto</p>", topic=ProposalTopic.HEALTH, state=ProposalState.OPEN,
        moderation=ModerationState.PUBLISHED, support_threshold=threshold,
        support_count=supports, created_at=now - timedelta(days=5),
        published_at=now - timedelta(days=5), closes_at=now + timedelta(days=days_left))
    db.session.add(proposal)
    db.session.commit()
    return proposal


@pytest.fixture
def open_things(people, institutions, make_consultation):
    later = make_consultation(title="Reglamento que cierra tarde")
    soon = make_consultation(title="Reglamento que cierra pronto")
    shift(soon, opens_days=-5, closes_days=2)
    make_consultation(title="Borrador aún no abierto", phase="draft")
    decided = make_consultation(title="Reglamento con resultado", phase="closed")
    decided.outcome_summary = "Se incorporaron 12 aportes."
    decided.outcome_published_at = utcnow() - timedelta(days=1)
    db.session.commit()
    near = _proposal(institutions["MSP"], people["citizen"], "Farmacias de turno", 90)
    far = _proposal(institutions["MSP"], people["citizen"], "Más ciclovías", 3)
    return {"soon": soon, "later": later, "decided": decided, "near": near, "far": far}


def test_the_lists_of_what_is_open(app, open_things):
    closing = open_now.closing_soon()
    assert [c.title for c in closing][:2] == ["Reglamento que cierra pronto",
                                              "Reglamento que cierra tarde"]
    assert all(c.title != "Borrador aún no abierto" for c in closing)
    assert [p.title for p in open_now.near_threshold()] == ["Farmacias de turno",
                                                            "Más ciclovías"]
    outcomes = open_now.just_published()
    assert [(o.kind, o.title) for o in outcomes] == [("consultation", "Reglamento con resultado")]


def test_the_home_page_links_to_what_is_open(client, open_things):
    page = client.get("/").get_data(as_text=True)
    soon, near, decided = open_things["soon"], open_things["near"], open_things["decided"]
    assert f'href="/consultas/{soon.id}">Reglamento que cierra pronto</a>' in page
    assert page.index("Reglamento que cierra pronto") < page.index("Reglamento que cierra tarde")
    assert f'href="/propuestas/{near.id}">Farmacias de turno</a>' in page
    assert "90 de 100" in page
    assert f'href="/consultas/{decided.id}#resultado">Reglamento con resultado</a>' in page
    assert "Borrador aún no abierto" not in page
    # The three ways to take part are links.
    for path in ("/consultas", "/propuestas/", "/casos/"):
        assert re.search(rf'<li class="card card-link">\s*<h3><a href="{path}"', page), path


def test_the_home_page_says_when_nothing_is_open(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Reglamento" not in response.get_data(as_text=True)


def test_every_institution_has_a_page_that_the_list_links_to(client, open_things):
    listing = client.get("/instituciones").get_data(as_text=True)
    assert 'href="/instituciones/MSP"' in listing
    page = client.get("/instituciones/msp").get_data(as_text=True)
    assert "Ministerio de Salud" in page
    assert "Reglamento que cierra pronto" in page and "Borrador aún no abierto" not in page
    assert "Farmacias de turno" in page and "90 de 100" in page
    assert "Reglamento con resultado" in page
    assert client.get("/instituciones/NOEXISTE").status_code == 404


def test_an_inactive_institution_has_no_public_page(client, institutions):
    institutions["MDT"].active = False
    db.session.commit()
    assert client.get("/instituciones/MDT").status_code == 404


def test_the_home_lists_are_kept_a_minute_as_plain_values(app, client, open_things):
    app.config["STATS_CACHE_SECONDS"] = 300
    first = client.get("/").get_data(as_text=True)
    assert "Reglamento que cierra pronto" in first
    # Kept: a consultation opened since shows within a minute, not on every request.
    open_things["later"].title = "Reglamento renombrado"
    db.session.commit()
    second = client.get("/").get_data(as_text=True)
    assert "Reglamento que cierra tarde" in second and "Reglamento renombrado" not in second
    lists = open_now.home_lists()
    assert all(isinstance(item, open_now.Open) for item in lists.closing + lists.near)


def test_the_institution_page_is_kept_yet_shows_what_people_do_at_once(app, client, people,
                                                                        institutions,
                                                                        open_things):
    from sqlalchemy import update

    from participa.cases.businessdays import local_date
    from participa.extensions import cache
    from participa.main import institution_page
    from participa.models import Consultation, ProposalSupport

    app.config["STATS_CACHE_SECONDS"] = 300
    try:
        assert "90 de 100" in client.get("/instituciones/MSP").get_data(as_text=True)
        # A support is counted by the database, behind the ORM: the page shows it at once.
        db.session.add(ProposalSupport(proposal_id=open_things["near"].id,
                                       user_id=people["official_msp"].id,
                                       voter_key="clave-de-prueba"))
        db.session.commit()
        page = client.get("/instituciones/MSP").get_data(as_text=True)
        assert "91 de 100" in page
        open_things["later"].title = "Reglamento renombrado"  # an official edits it
        db.session.commit()
        assert "Reglamento renombrado" in client.get("/instituciones/MSP").get_data(as_text=True)
        # Kept: a change behind the application's back waits for the end of the period.
        db.session.execute(update(Proposal).values(title="Título cambiado por fuera"))
        db.session.commit()
        assert "Título cambiado por fuera" not in client.get("/instituciones/MSP").get_data(
            as_text=True)
        with app.app_context():
            cache.clear()
        assert "Título cambiado por fuera" in client.get("/instituciones/MSP").get_data(
            as_text=True)
        # The body expires when a consultation, even an unlisted draft, changes phase by
        # the clock alone.
        draft = db.session.scalar(db.select(Consultation).where(
            Consultation.title == "Borrador aún no abierto"))
        now = utcnow()
        draft.opens_at = now + timedelta(hours=1)
        db.session.commit()
        page = institution_page.build(institutions["MSP"], local_date(now))
        assert institution_page.next_change(page, now) == draft.opens_at
    finally:
        app.config["STATS_CACHE_SECONDS"] = 0
        with app.app_context():
            cache.clear()


def test_the_kept_list_of_institutions_shows_a_renamed_one_at_once(app, client, institutions):
    from participa.extensions import cache

    app.config["STATS_CACHE_SECONDS"] = 300
    try:
        assert "Ministerio del Trabajo" in client.get("/instituciones").get_data(as_text=True)
        institutions["MDT"].name = "Ministerio del Trabajo y Empleo"  # an administrator
        db.session.commit()
        assert "Ministerio del Trabajo y Empleo" in client.get("/instituciones").get_data(
            as_text=True)
    finally:
        app.config["STATS_CACHE_SECONDS"] = 0
        with app.app_context():
            cache.clear()
