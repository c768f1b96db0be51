"""A small public world for the open data and the public API: what anyone may read, and, beside
it, what nobody outside the institution may (drafts, held, hidden and deleted content)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from participa.extensions import db
from participa.models import (AnswerOutcome, Ballot, BallotChoice, Comment, Consultation,
                              DataRequest, DataRequestAnswer, DataRequestState, Decision,
                              ModerationState, Proposal, ProposalAnswer, ProposalState,
                              ProposalTopic, Question, QuestionOption, Reuse, Section, Stance,
                              Support)
from participa.models.observatory import ReuseKind, ReviewStatus
from participa.timeutil import utcnow

# Text that must never leave through a public output.
SECRET = "TEXTO-QUE-NO-DEBE-SALIR"


@pytest.fixture
def public_world(app, people, institutions, make_user):
    now = utcnow()
    msp, mdt = institutions["MSP"], institutions["MDT"]
    voter = make_user("votante@example.ec", name="Vera Votante", cedula="1710034065")
    citizen = people["citizen"]

    def consultation(title, opens, closes, institution=msp, outcome=False):
        item = Consultation(institution=institution, title=title, summary="Resumen.",
                            topic="Salud", body_markdown="Texto.",
                            opens_at=now + timedelta(days=opens),
                            closes_at=now + timedelta(days=closes))
        db.session.add(item)
        db.session.flush()
        if outcome:
            item.outcome_summary = "Se incorporaron los aportes."
            item.outcome_published_at = now - timedelta(days=1)
        return item

    done = consultation("Reglamento de historia clínica", -40, -10, outcome=True)
    preamble = Section(consultation=done, position=1, heading="", body_html="<p>Vistos</p>",
                       outcome=Decision.NOT_INCORPORATED, outcome_reason="Sin cambios.")
    article = Section(consultation=done, position=2, heading="Artículo 1.- Objeto",
                      body_html="<p>Objeto</p>", outcome=Decision.INCORPORATED,
                      outcome_reason="Se amplió el objeto.")
    db.session.add_all([preamble, article])
    db.session.flush()

    def comment(text, **extra):
        values = {"consultation": done, "author_id": citizen.id, "stance": Stance.FOR,
                  "body_text": text, "body_html": f"<p>{text}</p>",
                  "created_at": now - timedelta(days=20)}
        values.update(extra)
        item = Comment(**values)
        db.session.add(item)
        db.session.flush()
        return item

    public = comment("Apoyo el artículo primero.", section_id=article.id,
                     outcome=Decision.PARTLY, outcome_reason="Se recogió en parte.")
    reply = comment("Gracias por su aporte.", parent_id=public.id, root_id=public.id, depth=1,
                    is_official=True, author_id=people["official_msp"].id)
    hidden = comment(f"{SECRET} oculto", moderation=ModerationState.HIDDEN)
    held = comment(f"{SECRET} retenido", moderation=ModerationState.PENDING)
    deleted = comment(f"{SECRET} borrado", deleted_at=now - timedelta(days=15))
    db.session.add(Support(comment_id=public.id, user_id=voter.id))

    question = Question(consultation=done, position=1, text="¿Aprueba el reglamento?")
    yes, no = (QuestionOption(question=question, position=1, label="Sí"),
               QuestionOption(question=question, position=2, label="No"))
    db.session.add_all([question, yes, no])
    db.session.flush()
    ballot = Ballot(question_id=question.id, user_id=voter.id)
    db.session.add(ballot)
    db.session.flush()
    db.session.add(BallotChoice(ballot_id=ballot.id, option_id=yes.id))

    running = consultation("Norma de teletrabajo", -2, 20, institution=mdt)
    secret_question = Question(consultation=running, position=1, text="¿Teletrabajo?")
    db.session.add_all([secret_question,
                        QuestionOption(question=secret_question, position=1, label="Sí")])
    draft = consultation(f"{SECRET} borrador", 5, 30)

    def proposal(title, **extra):
        values = {"institution": msp, "author_id": citizen.id, "title": title,
                  "summary": "Resumen de la propuesta.", "body": "Cuerpo.",
                  "topic": ProposalTopic.HEALTH, "support_threshold": 1,
                  "published_at": now - timedelta(days=9),
                  "created_at": now - timedelta(days=10)}
        values.update(extra)
        item = Proposal(**values)
        db.session.add(item)
        db.session.flush()
        return item

    answered = proposal("Más centros de salud rurales", state=ProposalState.ANSWERED,
                        support_count=3, threshold_reached_at=now - timedelta(days=5))
    db.session.add(ProposalAnswer(proposal=answered, outcome=AnswerOutcome.UNDER_STUDY,
                                  text="Lo estudiamos.", answered_at=now - timedelta(days=2)))
    collecting = proposal("Horarios nocturnos", institution=mdt,
                          published_at=now - timedelta(days=3))
    hidden_proposal = proposal(f"{SECRET} propuesta oculta",
                               moderation=ModerationState.HIDDEN)
    held_proposal = proposal(f"{SECRET} propuesta retenida", published_at=None,
                             moderation=ModerationState.PENDING)

    request = DataRequest(institution=msp, author_id=citizen.id, title="Camas hospitalarias",
                          description="Camas por hospital.", purpose=f"{SECRET} propósito",
                          format_wanted="CSV", state=DataRequestState.PUBLISHED,
                          due_on=date.today() + timedelta(days=20),
                          first_answer_at=now - timedelta(days=1))
    db.session.add(request)
    db.session.flush()
    db.session.add(DataRequestAnswer(request_id=request.id, outcome=DataRequestState.PUBLISHED,
                                     due_on=request.due_on,
                                     url="https://datos.salud.gob.ec/camas.csv"))
    approved = Reuse(title="Mapa de camas", url="https://mapa.example.ec", description="Mapa.",
                     kind=ReuseKind.VISUALISATION, author_name="Laboratorio Cívico",
                     submitted_by_id=citizen.id, status=ReviewStatus.APPROVED,
                     reviewed_at=now - timedelta(days=1), institutions=[msp],
                     datasets="http://localhost/datos/solicitudes.csv")
    pending = Reuse(title=f"{SECRET} reutilización", url="https://x.example.ec",
                    description="x", kind=ReuseKind.OTHER, author_name="Alguien",
                    submitted_by_id=citizen.id)
    db.session.add_all([approved, pending])
    db.session.commit()
    return {
        "consultation": done, "running": running, "draft": draft, "sections": [preamble, article],
        "comment": public, "reply": reply, "unseen_comments": [hidden, held, deleted],
        "question": question, "secret_question": secret_question,
        "proposal": answered, "collecting": collecting,
        "unseen_proposals": [hidden_proposal, held_proposal],
        "request": request, "reuse": approved, "voter": voter,
    }
