"""Demo proposals: one at every state, addressed to the demo institutions."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from participa.extensions import db
from participa.models import (
    AnswerOutcome,
    Institution,
    ModerationState,
    Proposal,
    ProposalAnswer,
    ProposalSettings,
    ProposalState,
    ProposalSupport,
    ProposalTopic,
    User,
)
from participa.proposals.deadlines import answer_due_on, is_past_due, local_date
from participa.timeutil import utcnow

# acronym, threshold, collection days, answer business days, pre-moderation
SETTINGS = [
    ("MINTEL", 2, 60, 15, False),
    ("MSP", 3, 90, 30, True),
    ("MDT", 3, 30, 30, False),
    ("MINEDUC", 3, 90, 30, False),
    ("MTOP", 2, 60, 20, False),
]

BODY = ("<p>{summary}</p><h3>Por qué</h3><p>Muchas personas lo piden desde hace años y hoy "
        "no existe un canal claro para resolverlo.</p><h3>Cómo</h3><ul><li>Un plan piloto de "
        "seis meses.</li><li>Evaluación pública de resultados.</li></ul>")

# key, institution, author, title, summary, topic, state, days ago published, supporters
PROPOSALS = [
    ("open", "MINEDUC", "maria.quishpe@example.ec",
     "Bibliotecas escolares abiertas los sábados",
     "Abrir las bibliotecas de las unidades educativas fiscales los sábados por la mañana "
     "para estudiantes y vecinos.", ProposalTopic.EDUCATION, ProposalState.OPEN, 5,
     ["carlos.mendoza@example.ec"]),
    ("awaiting", "MINTEL", "carlos.mendoza@example.ec",
     "Wifi gratuito en las plazas de las cabeceras parroquiales",
     "Instalar puntos de acceso gratuito a internet en las plazas centrales de las parroquias "
     "rurales.", ProposalTopic.TECHNOLOGY, ProposalState.AWAITING_ANSWER, 20,
     ["maria.quishpe@example.ec", "ana.torres@example.ec"]),
    ("answered", "MINTEL", "ana.torres@example.ec",
     "Trámites en línea sin contraseña adicional",
     "Permitir que los trámites del Estado usen una sola identidad digital, sin crear una "
     "cuenta nueva en cada portal.", ProposalTopic.TECHNOLOGY, ProposalState.ANSWERED, 40,
     ["maria.quishpe@example.ec", "carlos.mendoza@example.ec"]),
    ("late", "MTOP", "maria.quishpe@example.ec",
     "Señalización en kichwa en las vías de la Sierra centro",
     "Incluir el kichwa en la señalética vial de Chimborazo, Cotopaxi y Tungurahua.",
     ProposalTopic.TRANSPORT, ProposalState.ANSWERED, 80,
     ["carlos.mendoza@example.ec", "ana.torres@example.ec"]),
    ("archived", "MDT", "carlos.mendoza@example.ec",
     "Bolsa de empleo para personas mayores de 50 años",
     "Una sección de la bolsa de empleo pública dedicada a personas mayores de 50 años.",
     ProposalTopic.EMPLOYMENT, ProposalState.ARCHIVED, 45, ["ana.torres@example.ec"]),
    ("withdrawn", "MINEDUC", "ana.torres@example.ec",
     "Uniforme escolar único para todo el país",
     "Un solo modelo de uniforme para todas las escuelas fiscales, más barato para las "
     "familias.", ProposalTopic.EDUCATION, ProposalState.WITHDRAWN, 10, []),
    ("pending", "MSP", "ana.torres@example.ec",
     "Turnos médicos por mensaje de texto",
     "Agendar y confirmar turnos en los centros de salud por SMS, para quien no tiene "
     "internet.", ProposalTopic.HEALTH, ProposalState.OPEN, None, []),
]


def load_proposals_demo() -> None:
    """Add the demo proposals once (the titles tell whether they are there)."""
    if db.session.scalar(select(Proposal.id).where(Proposal.title == PROPOSALS[0][3])):
        return
    now = utcnow()
    institutions = {i.acronym: i for i in db.session.scalars(select(Institution))}
    users = {u.email: u for u in db.session.scalars(select(User))}
    settings = {}
    for acronym, threshold, days, answer_days, premoderate in SETTINGS:
        settings[acronym] = ProposalSettings(
            institution=institutions[acronym], support_threshold=threshold,
            collection_days=days, answer_business_days=answer_days,
            premoderate_proposals=premoderate)
        db.session.add(settings[acronym])
    official = users.get("funcionario.mintel@mintel.gob.ec")

    for (key, acronym, author, title, summary, topic, state, days_ago,
         supporters) in PROPOSALS:
        rules = settings[acronym]
        proposal = Proposal(
            institution=institutions[acronym], author=users[author], title=title,
            summary=summary, body=BODY.format(summary=summary), topic=topic, state=state,
            support_threshold=rules.support_threshold)
        if days_ago is None:
            proposal.moderation = ModerationState.PENDING
            proposal.created_at = proposal.updated_at = now - timedelta(days=1)
        else:
            published = now - timedelta(days=days_ago)
            proposal.moderation = ModerationState.PUBLISHED
            proposal.created_at = proposal.updated_at = proposal.published_at = published
            proposal.closes_at = published + timedelta(days=rules.collection_days)
        if key == "archived":
            proposal.closes_at = now - timedelta(days=15)
            proposal.archived_at = proposal.closes_at
        if key == "withdrawn":
            proposal.withdrawn_at = now - timedelta(days=8)
        if state in (ProposalState.AWAITING_ANSWER, ProposalState.ANSWERED):
            reached = proposal.published_at + timedelta(days=3)
            proposal.threshold_reached_at = reached
            proposal.answer_due_on = answer_due_on(local_date(reached),
                                                   rules.answer_business_days)
        db.session.add(proposal)
        db.session.flush()
        for email in supporters:
            db.session.add(ProposalSupport(proposal_id=proposal.id, user_id=users[email].id,
                                           created_at=proposal.published_at + timedelta(days=1)))
        if key == "answered":
            db.session.add(ProposalAnswer(
                proposal=proposal, outcome=AnswerOutcome.ALREADY_PLANNED, answered_by=official,
                answered_at=proposal.threshold_reached_at + timedelta(days=7), is_late=False,
                text="La identidad digital única forma parte de la Estrategia de Transformación "
                     "Digital; los primeros trámites la usarán este año."))
        if key == "late":
            answered_at = now - timedelta(days=2)
            db.session.add(ProposalAnswer(
                proposal=proposal, outcome=AnswerOutcome.UNDER_STUDY, answered_at=answered_at,
                is_late=is_past_due(answered_at, proposal.answer_due_on),
                text="La propuesta se analiza con los gobiernos provinciales, responsables de "
                     "parte de la red vial."))
    db.session.flush()
