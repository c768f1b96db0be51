"""Levels: a declared cédula (check digit only) is not a verified identity. Questions and
proposals say which level they need, the server enforces it, results count ballots per level,
and two accounts never hold the same verified identity, on SQLite and PostgreSQL, even after
an account is deleted."""
from __future__ import annotations

import pytest
from conftest import login_with_code
from factories_consultations import make_consultation, shift, uploads_in_tmp  # noqa: F401
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participa.ballots import service as ballots
from participa.cedula_hash import cedula_hash
from participa.demo import demo_cedula
from participa.domain import Forbidden
from participa.extensions import db
from participa.models import Ballot, Level, Verification, VerificationMethod
from participa.privacy.deletion import delete_account
from participa.verification import service as verification

MADE_UP = demo_cedula("170000001")  # a generated number: its check digit is right


@pytest.fixture
def binding_vote(make_consultation, people):
    consultation = make_consultation(phase="draft")
    binding = ballots.add_question(people["official_msp"], consultation, text="¿Se aprueba?",
                                   max_choices=1, options_text="Sí\nNo", binding=True)
    advisory = ballots.add_question(people["official_msp"], consultation, text="¿Qué color?",
                                    max_choices=1, options_text="Verde\nAzul")
    db.session.commit()
    shift(consultation, opens_days=-1, closes_days=10)
    return consultation, binding, advisory


def test_levels_are_named_for_what_is_known(make_user):
    declared = make_user("declarada@example.ec", cedula=MADE_UP)
    plain = make_user("sin-cedula@example.ec")
    assert declared.verification_level == Level.CEDULA_DECLARED
    assert plain.verification_level == Level.EMAIL_CONFIRMED
    verification.grant(declared, VerificationMethod.CENSUS)
    db.session.commit()
    assert declared.verification_level == Level.IDENTITY_VERIFIED


def test_a_made_up_cedula_cannot_vote_on_a_binding_question(binding_vote, make_user, client):
    consultation, binding, advisory = binding_vote
    person = make_user("inventada@example.ec", cedula=MADE_UP)
    assert binding.needed_level == Level.IDENTITY_VERIFIED
    assert advisory.needed_level == Level.CEDULA_DECLARED
    with pytest.raises(Forbidden):
        ballots.cast_ballot(person, binding, [binding.options[0].id])
    db.session.rollback()

    assert login_with_code(client, person).status_code == 302
    page = client.get(f"/consultas/{consultation.id}").get_data(as_text=True)
    assert "/cuenta/identidad" in page
    response = client.post(f"/consultas/{consultation.id}/preguntas/{binding.id}/votar",
                           data={"option": str(binding.options[0].id)})
    assert response.status_code in (302, 403)
    assert db.session.scalar(select(Ballot).where(Ballot.question_id == binding.id)) is None
    # The advisory question only needs the declared cédula.
    client.post(f"/consultas/{consultation.id}/preguntas/{advisory.id}/votar",
                data={"option": str(advisory.options[0].id)})
    ballot = db.session.scalar(select(Ballot).where(Ballot.question_id == advisory.id))
    assert ballot is not None and ballot.level == Level.CEDULA_DECLARED


def test_the_same_person_verified_can_vote_and_results_count_levels(binding_vote, make_user):
    consultation, binding, advisory = binding_vote
    person = make_user("verificada@example.ec", cedula=MADE_UP)
    verification.grant(person, VerificationMethod.IN_PERSON)
    ballots.cast_ballot(person, binding, [binding.options[0].id])
    other = make_user("otra@example.ec", cedula=demo_cedula("170000002"))
    ballots.cast_ballot(person, advisory, [advisory.options[0].id])
    ballots.cast_ballot(other, advisory, [advisory.options[1].id])
    db.session.commit()
    found = ballots.results([binding, advisory], by_level=True)
    assert found.levels[binding.id] == {Level.IDENTITY_VERIFIED: 1}
    assert found.levels[advisory.id] == {Level.IDENTITY_VERIFIED: 1, Level.CEDULA_DECLARED: 1}


def test_a_revoked_verification_keeps_the_ballot_cast_while_it_was_valid(binding_vote,
                                                                           make_user, people):
    consultation, binding, _ = binding_vote
    person = make_user("revocada@example.ec", cedula=MADE_UP)
    granted = verification.grant(person, VerificationMethod.CENSUS)
    ballots.cast_ballot(person, binding, [binding.options[0].id])
    db.session.commit()
    verification.revoke(people["platform_admin"], granted, "Documento adulterado")
    db.session.commit()
    assert ballots.results([binding]).ballots[binding.id] == 1
    with pytest.raises(Forbidden):  # no new or changed ballot without a verification
        ballots.cast_ballot(person, binding, [binding.options[1].id])


def test_the_database_refuses_two_active_verifications_of_one_identity(make_user):
    first = make_user("una@example.ec", cedula=MADE_UP)
    second = make_user("dos@example.ec")
    key = cedula_hash(MADE_UP)
    db.session.add(Verification(user_id=first.id, identity_key=key,
                                method=VerificationMethod.CENSUS))
    db.session.commit()
    db.session.add(Verification(user_id=second.id, identity_key=key,
                                method=VerificationMethod.IN_PERSON))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_deleting_an_account_frees_its_identity_for_the_next_one_only(make_user):
    first = make_user("antes@example.ec", cedula=MADE_UP)
    verification.grant(first, VerificationMethod.CENSUS)
    db.session.commit()
    delete_account(first)
    db.session.commit()
    assert first.verification_level is None or first.verification_level < Level.IDENTITY_VERIFIED
    again = make_user("despues@example.ec", cedula=MADE_UP)
    verification.grant(again, VerificationMethod.CENSUS)
    db.session.commit()
    active = db.session.scalars(select(Verification).where(
        Verification.identity_key == cedula_hash(MADE_UP),
        Verification.revoked_at.is_(None))).all()
    assert [v.user_id for v in active] == [again.id]


def test_a_proposal_needing_a_verified_identity_refuses_a_declared_cedula(make_user,
                                                                           institutions):
    from participa.proposals import service as proposals
    from participa.models import ProposalTopic

    author = make_user("autora@example.ec")
    proposals.update_settings(author, institutions["MSP"], support_threshold=10,
                              collection_days=30, answer_business_days=30,
                              premoderate_proposals=False,
                              supporter_level=Level.IDENTITY_VERIFIED)
    proposal = proposals.submit_proposal(author, institutions["MSP"], title="Más parques",
                                         summary="Parques", body="Más parques en Quito",
                                         topic=ProposalTopic.ENVIRONMENT)
    db.session.commit()
    assert proposal.required_level == Level.IDENTITY_VERIFIED
    person = make_user("apoyo@example.ec", cedula=MADE_UP)
    with pytest.raises(Forbidden):
        proposals.support_proposal(person, proposal)
    db.session.rollback()
    verification.grant(person, VerificationMethod.REGISTRY)
    proposals.support_proposal(person, proposal)
    db.session.commit()
    assert proposals.support_count(proposal) == 1


def test_closed_results_show_the_ballots_of_each_level(binding_vote, make_user, client):
    consultation, binding, advisory = binding_vote
    verified = make_user("v@example.ec", cedula=MADE_UP)
    verification.grant(verified, VerificationMethod.CENSUS)
    declared = make_user("d@example.ec", cedula=demo_cedula("170000002"))
    ballots.cast_ballot(verified, advisory, [advisory.options[0].id])
    ballots.cast_ballot(declared, advisory, [advisory.options[0].id])
    db.session.commit()
    shift(consultation, opens_days=-10, closes_days=-1)
    page = client.get(f"/consultas/{consultation.id}").get_data(as_text=True)
    assert ("Identity verified: 1" in page or "Identidad verificada: 1" in page)
    assert ("Cédula declared: 1" in page or "Cédula declarada: 1" in page)
