"""One person, one voice, even after deleting an account: a person who deletes their account
and registers again with the same cédula still holds at most one ballot per question and one
support per proposal; the deleted account keeps no readable cédula."""
from __future__ import annotations

import re
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from conftest import PASSWORD, login, user_by_email
from factories_consultations import make_consultation, shift, uploads_in_tmp  # noqa: F401
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from participa.ballots import service as ballots
from participa.cedula_hash import cedula_hash
from participa.demo import demo_cedula
from participa.domain import Conflict
from participa.extensions import db
from participa.models import (Ballot, Proposal, ProposalSettings, ProposalState,
                              ProposalSupport, ProposalTopic)
from participa.proposals import service as proposals
from participa.timeutil import utcnow

CEDULA = "1710034065"
NEW_PASSWORD = "mi huerta en Cotacachi"


@pytest.fixture
def scene(people, institutions, make_consultation, make_user):
    """An open question and an open proposal with a threshold of two supports."""
    db.session.add(ProposalSettings(institution=institutions["MSP"], support_threshold=2,
                                    collection_days=30, answer_business_days=10))
    db.session.commit()
    consultation = make_consultation(phase="draft")
    question = ballots.add_question(people["official_msp"], consultation,
                                    text="¿Qué color prefiere?", max_choices=1,
                                    options_text="Verde\nAzul\nRojo")
    db.session.commit()
    shift(consultation, opens_days=-1, closes_days=10)
    author = make_user("autora@example.ec", name="Autora", cedula=demo_cedula("010203040"))
    now = utcnow()
    proposal = Proposal(institution=institutions["MSP"], author=author,
                        title="Farmacias de turno", summary="Publicar las farmacias de turno.",
                        body="<p>Texto</p>", topic=ProposalTopic.HEALTH,
                        state=ProposalState.OPEN, support_threshold=2,
                        published_at=now - timedelta(days=1), closes_at=now + timedelta(days=20))
    db.session.add(proposal)
    db.session.commit()
    return consultation, question, proposal


def option(question, label) -> int:
    return next(o.id for o in question.options if o.label == label)


def vote(client, consultation, question, label):
    return client.post(f"/consultas/{consultation.id}/preguntas/{question.id}/votar",
                       data={"option": option(question, label)})


def last_link(app) -> str:
    paths = sorted(Path(app.config["MAIL_DIR"]).glob("*.eml"))
    message = message_from_bytes(paths[-1].read_bytes(), policy=default_policy)
    return re.search(r"http://localhost(?::\d+)?(/cuenta/confirmar/\S+)", message.get_content()).group(1)


def register_and_confirm(client, app, email: str, cedula: str) -> None:
    response = client.post("/cuenta/registro", data={
        "name": "Rosa Vuelve", "email": email, "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD, "cedula": cedula})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert client.get(last_link(app)).status_code == 302


def counts(question, proposal):
    found = ballots.results([question])
    db.session.refresh(proposal)
    return (found.ballots.get(question.id, 0),
            {o.label: found.options[o.id].votes for o in question.options},
            db.session.scalar(select(func.count(ProposalSupport.id))),
            proposal.support_count, proposal.state)


def cedula_in_clear_anywhere(cedula: str) -> list[str]:
    """Every table.column that holds the cédula's digits in clear."""
    found = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            for column, value in row.items():
                if value is not None and cedula in str(value):
                    found.append(f"{table.name}.{column}")
    return found


def test_a_person_who_deletes_and_comes_back_keeps_one_voice(app, client, people, scene):
    consultation, question, proposal = scene
    citizen = people["citizen"]
    citizen.cedula = CEDULA
    db.session.commit()

    login(client, citizen.email)
    assert vote(client, consultation, question, "Verde").status_code == 302
    assert client.post(f"/propuestas/{proposal.id}/apoyar").status_code == 302
    before = counts(question, proposal)
    assert before == (1, {"Verde": 1, "Azul": 0, "Rojo": 0}, 1, 1, ProposalState.OPEN)

    assert client.post("/cuenta/eliminar", data={"password": PASSWORD}).status_code == 200
    assert counts(question, proposal) == before  # the deleted account's voice stays counted
    assert cedula_in_clear_anywhere(CEDULA) == []

    # The same person comes back with the same cédula.
    register_and_confirm(client, app, "rosa.vuelve@example.ec", CEDULA)
    back = user_by_email("rosa.vuelve@example.ec")
    assert back.cedula == CEDULA and back.id != citizen.id

    # Her support is already counted: supporting again adds nothing.
    response = client.post(f"/propuestas/{proposal.id}/apoyar")
    assert response.status_code == 409
    assert "Usted ya apoya esta propuesta" in response.get_data(as_text=True)
    assert counts(question, proposal) == before
    assert proposals.has_supported(back, proposal)

    # Her ballot is hers again: she sees it and may change it, it is not counted twice.
    assert ballots.my_choices(back, [question]) == {question.id: {option(question, "Verde")}}
    assert vote(client, consultation, question, "Azul").status_code == 302
    assert counts(question, proposal) == (1, {"Verde": 0, "Azul": 1, "Rojo": 0}, 1, 1,
                                          ProposalState.OPEN)
    assert ballots.my_choices(back, [question]) == {question.id: {option(question, "Azul")}}


def test_adding_the_cedula_later_finds_the_earlier_voice(app, people, scene, make_user):
    consultation, question, proposal = scene
    citizen = people["citizen"]
    citizen.cedula = CEDULA
    db.session.commit()
    ballots.cast_ballot(citizen, question, [option(question, "Rojo")])
    proposals.support_proposal(citizen, proposal)
    db.session.commit()
    from participa.privacy.deletion import delete_account

    delete_account(citizen)
    db.session.commit()

    newcomer = make_user("nueva@example.ec")
    ballots.add_cedula(newcomer, CEDULA)
    db.session.commit()
    assert ballots.my_choices(newcomer, [question]) == {question.id: {option(question, "Rojo")}}
    with pytest.raises(Conflict):
        proposals.support_proposal(newcomer, proposal)
    db.session.rollback()
    ballots.cast_ballot(newcomer, question, [option(question, "Verde")])
    db.session.commit()
    assert counts(question, proposal)[:4] == (1, {"Verde": 1, "Azul": 0, "Rojo": 0}, 1, 1)
    # Withdrawing the support she gave with her first account is hers to do.
    proposals.withdraw_support(newcomer, proposal)
    db.session.commit()
    assert counts(question, proposal)[2:4] == (0, 0)


def test_the_database_refuses_a_second_ballot_or_support_for_the_same_cedula(people, scene,
                                                                             make_user):
    """Integrity by unique constraints: whatever the application checks, two rows with the
    same person's key on one question or proposal cannot be stored."""
    consultation, question, proposal = scene
    key = cedula_hash(CEDULA)
    first, second = make_user("una@example.ec"), make_user("otra@example.ec")
    db.session.add(Ballot(question_id=question.id, user_id=first.id, voter_key=key))
    db.session.commit()
    db.session.add(Ballot(question_id=question.id, user_id=second.id, voter_key=key))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    db.session.add(ProposalSupport(proposal_id=proposal.id, user_id=first.id, voter_key=key))
    db.session.commit()
    db.session.add(ProposalSupport(proposal_id=proposal.id, user_id=second.id, voter_key=key))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    db.session.refresh(proposal)
    assert proposal.support_count == 1


def test_the_key_is_a_keyed_hash_not_the_cedula(app, people, scene):
    consultation, question, proposal = scene
    citizen = people["citizen"]
    citizen.cedula = CEDULA
    db.session.commit()
    ballots.cast_ballot(citizen, question, [option(question, "Verde")])
    db.session.commit()
    stored = db.session.scalar(text("SELECT voter_key FROM ballots"))
    assert stored == cedula_hash(CEDULA) and CEDULA not in stored
    assert cedula_hash(CEDULA, key="another key") != stored


def test_the_migration_keys_existing_ballots_and_supports_without_losing_one(empty_app):
    """Upgrading a database with ballots and supports: every row stays, each is keyed by its
    voter's cédula, and rows of accounts deleted earlier (no cédula left) by their account."""
    from flask_migrate import upgrade

    upgrade(revision="5d7e9f1a3b62")
    now = utcnow()
    rows = [
        "INSERT INTO users (id, email, name, password_hash, is_active_account, failed_logins, "
        "created_at, cedula) VALUES (1, 'a@example.ec', 'A', 'x', true, 0, :now, '1710034065'),"
        " (2, 'b@example.ec', '', 'x', false, 0, :now, NULL)",
        "INSERT INTO institutions (id, acronym, name, sector, active, created_at) "
        "VALUES (1, 'MSP', 'Salud', 'Salud', true, :now)",
        "INSERT INTO consultations (id, institution_id, title, summary, topic, body_markdown, "
        "opens_at, closes_at, outcome_summary, adopted_text_url, created_at) "
        "VALUES (1, 1, 'C', 'S', 'T', 'B', :now, :now, '', '', :now)",
        "INSERT INTO consultation_questions (id, consultation_id, position, text, max_choices, "
        "created_at) VALUES (1, 1, 1, '¿?', 1, :now)",
        "INSERT INTO proposals (id, institution_id, title, summary, body, topic, state, "
        "moderation, support_threshold, created_at, updated_at) "
        "VALUES (1, 1, 'P', 'S', 'B', 'health', 'open', 'published', 2, :now, :now)",
        "INSERT INTO ballots (id, question_id, user_id, cast_at, changed_at) "
        "VALUES (1, 1, 1, :now, :now), (2, 1, 2, :now, :now)",
        "INSERT INTO proposal_supports (id, proposal_id, user_id, created_at) "
        "VALUES (1, 1, 1, :now), (2, 1, 2, :now)",
    ]
    with db.engine.begin() as connection:
        for statement in rows:
            connection.execute(text(statement), {"now": now})
    upgrade()
    with db.engine.connect() as connection:
        for table in ("ballots", "proposal_supports"):
            assert connection.execute(text(
                f"SELECT id, user_id, voter_key FROM {table} ORDER BY id")).all() == [
                (1, 1, cedula_hash(CEDULA)), (2, 2, "account-2")]
