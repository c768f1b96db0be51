"""Registration and /cuenta/cedula never reveal whether a cédula has an account: they answer
the same, and a taken cédula opens a conflict that a platform administrator settles, moving
the cédula to the person who proved it is theirs or refusing; both accounts are told."""
from __future__ import annotations

import re
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from conftest import login, user_by_email
from factories_consultations import make_consultation, shift, uploads_in_tmp  # noqa: F401
from sqlalchemy import func, select

from participa.ballots import service as ballots
from participa.extensions import db
from participa.models import AuditEntry, CedulaConflict, User

CEDULA = "1710034065"
FREE_CEDULA = "0926687856"
PASSWORD = "mi huerta en Cotacachi"


def sent_mails(app) -> list[tuple[str, str, str]]:
    folder = Path(app.config["MAIL_DIR"])
    found = []
    for path in sorted(folder.glob("*.eml")) if folder.exists() else []:
        message = message_from_bytes(path.read_bytes(), policy=default_policy)
        found.append((message["To"], message["Subject"], message.get_content()))
    return found


def register(client, email: str, cedula: str):
    return client.post("/cuenta/registro", data={
        "name": "María Quishpe", "email": email, "password": PASSWORD, "confirm": PASSWORD,
        "cedula": cedula}, follow_redirects=True)


def page_text(response, email: str) -> str:
    """The page as the visitor reads it: their own address and the per-session CSRF token
    aside."""
    page = response.get_data(as_text=True).replace(email, "EMAIL")
    return re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "CSRF", page)


def conflicts() -> list[CedulaConflict]:
    return list(db.session.scalars(select(CedulaConflict).order_by(CedulaConflict.id)))


@pytest.fixture
def holder(make_user):
    return make_user("titular@example.ec", name="Titular Actual", cedula=CEDULA)


def test_registration_answers_the_same_for_a_taken_and_a_free_cedula(app, holder):
    free = register(app.test_client(), "libre@example.ec", FREE_CEDULA)
    taken = register(app.test_client(), "reclama@example.ec", CEDULA)
    assert free.status_code == taken.status_code == 200
    assert page_text(free, "libre@example.ec") == page_text(taken, "reclama@example.ec")
    assert "registrada en otra cuenta" not in taken.get_data(as_text=True)

    # The free cédula is the new account's; the taken one stays with its holder, and a
    # conflict waits for an administrator.
    assert user_by_email("libre@example.ec").cedula == FREE_CEDULA
    claimant = user_by_email("reclama@example.ec")
    assert claimant is not None and claimant.cedula is None
    db.session.refresh(holder)
    assert holder.cedula == CEDULA
    [conflict] = conflicts()
    assert (conflict.claimant_id, conflict.holder_id) == (claimant.id, holder.id)


def test_adding_a_cedula_answers_the_same_for_a_taken_and_a_free_cedula(app, holder,
                                                                        make_user):
    answers = []
    for email, cedula in (("libre@example.ec", FREE_CEDULA), ("reclama@example.ec", CEDULA)):
        make_user(email)
        browser = app.test_client()
        login(browser, email)
        response = browser.post("/cuenta/cedula", data={"cedula": cedula})
        assert response.status_code == 302
        page = browser.get(response.headers["Location"])
        answers.append((response.headers["Location"],
                        re.findall(r'<p class="flash[^"]*">(.*?)</p>',
                                   page.get_data(as_text=True), re.S)))
    assert answers[0] == answers[1] and answers[0][1]
    assert user_by_email("libre@example.ec").cedula == FREE_CEDULA
    claimant = user_by_email("reclama@example.ec")
    assert claimant.cedula is None
    [conflict] = conflicts()
    assert (conflict.claimant_id, conflict.holder_id) == (claimant.id, holder.id)
    # Sending it again opens no second conflict.
    browser = app.test_client()
    login(browser, "reclama@example.ec")
    assert browser.post("/cuenta/cedula", data={"cedula": CEDULA}).status_code in (302, 409)
    assert len(conflicts()) == 1


def test_a_bad_cedula_is_still_refused_clearly_and_kept_in_the_form(client, make_user):
    make_user("nueva@example.ec")
    login(client, "nueva@example.ec")
    response = client.post("/cuenta/cedula", data={"cedula": "1710034066"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "no es un número de cédula ecuatoriana válido" in page
    assert 'value="1710034066"' in page
    assert conflicts() == []


@pytest.fixture
def claim(holder, make_user):
    claimant = make_user("reclama@example.ec", name="Reclamante Legítima")
    ballots.add_cedula(claimant, CEDULA)
    db.session.commit()
    [conflict] = conflicts()
    return conflict, claimant


ADMIN_PAGES = {"anonymous": 302, "citizen": 403, "official_msp": 403, "moderator_msp": 403,
               "admin_mdt": 403, "rector": 403, "platform_admin": 200}


@pytest.mark.parametrize("who, status", ADMIN_PAGES.items())
def test_only_platform_administrators_settle_conflicts(app, client, login_as, claim, who,
                                                       status):
    conflict, claimant = claim
    if who != "anonymous":
        login_as(who)
    page = client.get("/admin/cedulas")
    assert page.status_code == status
    if status == 200:
        text = page.get_data(as_text=True)
        assert CEDULA in text and "Reclamante Legítima" in text and "Titular Actual" in text
        return
    for action in ("mover", "rechazar"):
        response = client.post(f"/admin/cedulas/{conflict.id}/{action}")
        assert response.status_code == status
    db.session.expire_all()
    assert db.session.get(User, claimant.id).cedula is None
    assert len(conflicts()) == 1 and sent_mails(app) == []


def test_moving_the_cedula_gives_the_claimant_the_voice_and_tells_both(
        app, client, login_as, claim, holder, make_consultation, people):
    conflict, claimant = claim
    consultation = make_consultation(phase="draft")
    question = ballots.add_question(people["official_msp"], consultation, text="¿Color?",
                                    max_choices=1, options_text="Verde\nAzul")
    db.session.commit()
    shift(consultation, opens_days=-1, closes_days=10)
    green, blue = (o.id for o in question.options)
    ballots.cast_ballot(holder, question, [green])
    db.session.commit()

    login_as("platform_admin")
    response = client.post(f"/admin/cedulas/{conflict.id}/mover")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/cedulas")
    db.session.expire_all()
    assert db.session.get(User, claimant.id).cedula == CEDULA
    assert db.session.get(User, holder.id).cedula is None
    assert conflicts() == []
    # The ballot stays with the person the cédula identifies: one ballot, now hers to change.
    claimant = db.session.get(User, claimant.id)
    assert ballots.my_choices(claimant, [question]) == {question.id: {green}}
    assert ballots.my_choices(db.session.get(User, holder.id), [question]) == {}
    ballots.cast_ballot(claimant, question, [blue])
    db.session.commit()
    assert ballots.results([question]).ballots[question.id] == 1
    # Both accounts are told, and the decision is in the audit log.
    recipients = sorted(to for to, _subject, _body in sent_mails(app))
    assert recipients == ["reclama@example.ec", "titular@example.ec"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "cedula.moved"))
    assert entry.actor_id == people["platform_admin"].id and entry.target_id == claimant.id
    assert CEDULA not in str(entry.details)


def test_refusing_keeps_the_cedula_with_its_holder_and_tells_both(app, client, login_as,
                                                                 claim, holder, people):
    conflict, claimant = claim
    conflict_id = conflict.id
    login_as("platform_admin")
    assert client.post(f"/admin/cedulas/{conflict_id}/rechazar").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, holder.id).cedula == CEDULA
    assert db.session.get(User, claimant.id).cedula is None
    assert conflicts() == []
    assert sorted(to for to, *_ in sent_mails(app)) == ["reclama@example.ec",
                                                         "titular@example.ec"]
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "cedula.claim_refused")) == 1
    # A conflict already settled is not found again.
    assert client.post(f"/admin/cedulas/{conflict_id}/mover").status_code == 404


def test_deleting_either_account_closes_the_conflict(claim):
    from participa.privacy.deletion import delete_account

    conflict, claimant = claim
    delete_account(claimant)
    db.session.commit()
    assert conflicts() == []
