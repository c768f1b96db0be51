"""What every signed-in request pays before its page: the user, their session and the facts
the guards and the header ask are read in one query (participa.auth.signed_in). These tests
keep that bound, and check that what is read once per request is still read on every
request: a change shows on the next page."""
from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import event

from participa.assisted import infocentros
from participa.extensions import db
from participa.models import Ban
from participa.timeutil import utcnow

from conftest import login_with_code
from factories_cases import make_case, make_category


def queries_for(client, path: str) -> tuple[int, int]:
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        status = client.get(path).status_code
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return status, len(statements)


@pytest.mark.parametrize("who", ["citizen", "official_msp", "rector"])
def test_a_simple_signed_in_page_takes_one_query(client, people, who):
    """The user with their session, memberships, two-step credential, consent, Infocentros,
    suspensions and the header's unread count, in one query. Anonymous: none."""
    assert queries_for(client, "/acerca") == (200, 0)
    login_with_code(client, people[who])
    client.get("/acerca")
    assert queries_for(client, "/acerca") == (200, 1)


def test_a_suspension_shows_on_the_next_page(client, people, institutions):
    login_with_code(client, people["citizen"])
    assert "suspension-banner" not in client.get("/acerca").get_data(as_text=True)
    db.session.add(Ban(institution_id=institutions["MSP"].id, user_id=people["citizen"].id,
                       until=utcnow() + timedelta(days=3), reason="Insultos repetidos."))
    db.session.commit()
    page = client.get("/acerca").get_data(as_text=True)
    assert "suspension-banner" in page and "Insultos repetidos." in page


def test_new_infocentro_staff_must_turn_on_two_step_at_their_next_request(
        client, people, make_user):
    person = make_user("operador@infocentro.gob.ec", name="Otto Operador")
    login_with_code(client, person)
    assert client.get("/acerca").status_code == 200
    place = infocentros.create(people["platform_admin"], name="Infocentro Calderón",
                               place_code="170184")
    infocentros.add_staff(people["platform_admin"], place, person.email)
    db.session.commit()
    response = client.get("/acerca")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/cuenta/dos-pasos")


def test_the_header_count_leaves_out_the_news_read_on_the_same_page(client, people,
                                                                      institutions):
    """The count read with the user is taken before the view; the case page marks its news
    read, so that page counts again."""
    case = make_case(people["citizen"], institutions["MSP"], make_category(institutions["MSP"]))
    case.last_public_at = utcnow()
    db.session.commit()
    login_with_code(client, people["citizen"])
    assert '<span class="unread-count" aria-hidden="true">1</span>' in client.get(
        "/acerca").get_data(as_text=True)
    assert "unread-count" not in client.get(f"/casos/{case.code}").get_data(as_text=True)
    assert "unread-count" not in client.get("/acerca").get_data(as_text=True)


def test_marking_the_session_seen_reads_nothing_again(client, people):
    """Once a minute the request writes the session's "last seen" time and commits; what the
    loader read stays loaded (one query to read, one to write)."""
    from participa.models import UserSession

    login_with_code(client, people["official_msp"])
    row = db.session.scalar(db.select(UserSession).where(
        UserSession.user_id == people["official_msp"].id))
    row.last_seen_at = utcnow() - timedelta(minutes=2)
    db.session.commit()
    assert queries_for(client, "/acerca") == (200, 2)
    db.session.refresh(row)
    assert utcnow() - row.last_seen_at < timedelta(seconds=30)


def test_the_verification_is_read_with_the_person_and_a_revocation_shows_at_once(
        client, people, make_user):
    """Whether the person holds a live verification comes with them (no query of its own on
    the pages that show their level); verified or revoked elsewhere, the next page says so."""
    from participa.demo import demo_cedula
    from participa.models import Level, VerificationMethod
    from participa.verification import service as verification
    from participa.verification.labels import level_label

    person = make_user("verificada@example.ec", cedula=demo_cedula("170000001"))
    login_with_code(client, person)
    english = {"Accept-Language": "en"}
    with force_locale("en"):
        verified, declared = (level_label(Level.IDENTITY_VERIFIED),
                              level_label(Level.CEDULA_DECLARED))
    granted = verification.grant(person, VerificationMethod.CENSUS)
    db.session.commit()
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        page = client.get("/cuenta/", headers=english).get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert verified in page
    assert not [s for s in statements if "FROM verifications" in s and "EXISTS" not in s]
    verification.revoke(people["platform_admin"], granted, "Documento adulterado")
    db.session.commit()
    page = client.get("/cuenta/", headers=english).get_data(as_text=True)
    assert declared in page and verified not in page
