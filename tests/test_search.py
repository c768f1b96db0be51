"""Full-text search: Spanish words found by their stem without accents, and nothing found
that the person searching may not read (held, hidden or deleted content, drafts, cases of
other institutions)."""
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from participa.consultations import comments as comment_service
from participa.extensions import db
from participa.models import Comment, ModerationState, Stance
from participa.models.search import SearchDocument
from participa.search import query as search_query
from participa.search.text import query_terms
from participa.timeutil import utcnow

from factories_cases import make_case, make_category
from factories_consultations import make_consultation  # noqa: F401 (fixture)


@pytest.fixture
def consultation(make_consultation):
    return make_consultation(phase="open", title="Plan nacional de inmunización")


def comment(people, consultation, body, who="citizen"):
    made = comment_service.add_comment(people[who], consultation, body=body,
                                       stance=Stance.FOR)
    db.session.commit()
    return made


def found(user, query, **filters):
    return [(hit.kind, hit.item_id) for hit in
            search_query.search(user, query, search_query.Filters(**filters)).hits]


def test_the_stem_without_accents_finds_every_form(people, consultation):
    vaccination = comment(people, consultation, "La vacunación de los niños debe ser gratuita.")
    vaccines = comment(people, consultation, "Faltan vacunas en el centro de salud de Tena.")
    unrelated = comment(people, consultation, "Las citas médicas tardan dos meses.")
    hits = found(people["citizen"], "vacunacion")
    assert ("comment", vaccination.id) in hits and ("comment", vaccines.id) in hits
    assert ("comment", unrelated.id) not in hits
    assert found(people["citizen"], "VACUNAS Tena") == [("comment", vaccines.id)]
    assert query_terms("¡Vacunación!") == query_terms("vacunas") == ["vacun"]


def test_articles_and_the_consultation_are_found(people, consultation):
    hits = found(people["citizen"], "historia clinica")
    assert ("consultation", consultation.id) in hits
    assert any(kind == "section" for kind, _ in hits)
    assert found(people["citizen"], "inmunizacion") == [("consultation", consultation.id)]


def test_hidden_held_and_deleted_comments_are_never_found(people, consultation):
    shown = comment(people, consultation, "Propongo brigadas de vacunación rural.")
    hidden = comment(people, consultation, "Vacunación obligatoria para todos ya.")
    deleted = comment(people, consultation, "Vacunación en las escuelas, por favor.")
    assert len(found(people["citizen"], "vacunacion")) == 3

    hidden.moderation = ModerationState.HIDDEN
    db.session.commit()
    comment_service.delete_comment(people["citizen"], deleted)
    db.session.commit()

    for who in ("citizen", "official_msp"):
        assert found(people[who], "vacunacion") == [("comment", shown.id)]

    consultation.premoderate_comments = True
    db.session.commit()
    held = comment(people, consultation, "Más vacunación en Esmeraldas.")
    assert held.moderation == ModerationState.PENDING
    assert ("comment", held.id) not in found(people["citizen"], "vacunacion Esmeraldas")


def test_drafts_are_found_only_by_their_institution(people, make_consultation):
    draft = make_consultation(phase="draft", title="Reglamento de teletrabajo")
    assert found(people["citizen"], "teletrabajo") == []
    assert found(people["admin_mdt"], "teletrabajo") == []
    assert ("consultation", draft.id) in found(people["official_msp"], "teletrabajo")

    draft.opens_at = utcnow() - timedelta(hours=1)  # the day it opens, the public finds it
    db.session.commit()
    assert ("consultation", draft.id) in found(people["citizen"], "teletrabajo")
    assert any(kind == "section" for kind, _ in found(people["citizen"], "paciente portal"))


def test_an_announced_draft_is_found_from_its_announce_date(people, make_consultation):
    draft = make_consultation(phase="draft", title="Reglamento de teletrabajo")
    assert found(people["citizen"], "teletrabajo") == []
    draft.announces_at = utcnow() - timedelta(minutes=5)  # information phase: readable
    db.session.commit()
    assert ("consultation", draft.id) in found(people["citizen"], "teletrabajo")
    assert any(kind == "section" for kind, _ in found(people["citizen"], "paciente portal"))


def test_cases_are_found_only_by_the_staff_of_their_institution(people, institutions):
    category = make_category(institutions["MSP"])
    case = make_case(people["citizen"], institutions["MSP"], category,
                     subject="Demora en la vacunación del recién nacido")
    assert ("case", case.id) in found(people["official_msp"], "vacunacion recien nacido")
    assert found(people["citizen"], "vacunacion recien nacido") == []
    assert found(people["admin_mdt"], "vacunacion recien nacido") == []
    assert found(people["official_msp"], case.code) == [("case", case.id)]


def test_filters_by_kind_institution_and_date(people, consultation, institutions):
    made = comment(people, consultation, "Vacunación gratuita en parroquias rurales.")
    category = make_category(institutions["MSP"])
    case = make_case(people["citizen"], institutions["MSP"], category,
                     subject="Vacunación rural pendiente")
    official = people["official_msp"]
    assert found(official, "vacunacion rural", kind="comment") == [("comment", made.id)]
    assert found(official, "vacunacion rural", kind="case") == [("case", case.id)]
    assert found(official, "vacunacion rural", institution_id=institutions["MDT"].id) == []
    today = utcnow().date()
    assert found(official, "vacunacion rural", since=today + timedelta(days=1)) == []
    assert len(found(official, "vacunacion rural", since=today, until=today)) == 2


def test_the_search_page(client, people, consultation, login_as):
    comment(people, consultation, "La vacunación de los niños debe ser gratuita.")
    page = client.get("/buscar?q=vacunacion+ninos")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "La vacunación de los niños debe ser gratuita." in html
    assert f"/consultas/{consultation.id}#comentario-" in html
    # A case type is offered only to staff
    assert 'value="case"' not in html
    login_as("official_msp")
    assert 'value="case"' in client.get("/buscar").get_data(as_text=True)


def test_a_wrong_date_is_explained_and_the_query_kept(client):
    page = client.get("/buscar?q=vacunas&desde=31/12/2026")
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "2026-03-31" in html  # the expected form, in the message
    assert 'value="vacunas"' in html
    reversed_range = client.get("/buscar?q=vacunas&desde=2026-05-01&hasta=2026-04-01")
    assert reversed_range.status_code == 400


def test_rebuild_gives_back_the_same_index(app, people, consultation, institutions):
    comment(people, consultation, "Vacunación gratuita en parroquias rurales.")
    make_case(people["citizen"], institutions["MSP"], make_category(institutions["MSP"]))
    before = sorted(db.session.execute(
        select(SearchDocument.kind, SearchDocument.item_id, SearchDocument.terms)).all())
    db.session.execute(delete(SearchDocument))
    db.session.commit()
    assert found(people["citizen"], "vacunacion") == []

    result = app.test_cli_runner().invoke(args=["participa", "search-rebuild"])
    assert result.exit_code == 0, result.output
    after = sorted(db.session.execute(
        select(SearchDocument.kind, SearchDocument.item_id, SearchDocument.terms)).all())
    assert after == before and len(after) >= 5
    assert found(people["citizen"], "vacunacion") != []


def test_deleting_a_consultation_removes_what_it_held(people, make_consultation):
    draft = make_consultation(phase="draft", title="Reglamento de teletrabajo")
    assert db.session.scalar(select(func.count()).select_from(SearchDocument).where(
        SearchDocument.consultation_id == draft.id)) > 1
    db.session.delete(draft)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(SearchDocument).where(
        SearchDocument.consultation_id == draft.id)) == 0
    assert found(people["official_msp"], "teletrabajo") == []
