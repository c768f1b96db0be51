"""Demo questions: two on the open MINTEL consultation, two on the closed one, with ballots."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from participa.consultations.demo import CLOSED_TITLE, OPEN_TITLE
from participa.extensions import db
from participa.models import Ballot, BallotChoice, Consultation, Question, QuestionOption, User

# title of the consultation -> [(question, max choices, options, {voter: option positions})]
QUESTIONS = {
    OPEN_TITLE: [
        ("¿Qué medio prefiere para verificar su identidad digital?", 1,
         ["Firma electrónica", "Código enviado al celular", "Validación biométrica en línea",
          "Atención presencial en el Registro Civil"],
         {"maria.quishpe@example.ec": [4], "carlos.mendoza@example.ec": [1]}),
        ("¿Qué trámites deberían estar en línea primero? (elija hasta dos)", 2,
         ["Certificados del Registro Civil", "Permisos de funcionamiento",
          "Citas médicas", "Matrículas escolares"],
         {"maria.quishpe@example.ec": [3, 4], "ana.torres@example.ec": [1, 3]}),
    ],
    CLOSED_TITLE: [
        ("¿En qué plazo deberían ser accesibles los portales institucionales?", 1,
         ["Seis meses", "Doce meses", "Dieciocho meses"],
         {"maria.quishpe@example.ec": [1], "carlos.mendoza@example.ec": [2],
          "ana.torres@example.ec": [1]}),
        ("¿Qué barreras encuentra con más frecuencia? (elija hasta tres)", 3,
         ["Formularios sin etiquetas", "Documentos escaneados como imagen",
          "Videos sin subtítulos", "Textos con poco contraste"],
         {"maria.quishpe@example.ec": [2, 3], "carlos.mendoza@example.ec": [1, 2, 4],
          "ana.torres@example.ec": [2]}),
    ],
}


def load_ballots_demo() -> None:
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(
        {email for questions in QUESTIONS.values() for *_, votes in questions
         for email in votes})))}
    for title, questions in QUESTIONS.items():
        consultation = db.session.scalar(select(Consultation).where(Consultation.title == title))
        if consultation is None or db.session.scalar(select(Question.id).where(
                Question.consultation_id == consultation.id)):
            continue
        voted_at = min(consultation.opens_at + timedelta(days=2), consultation.closes_at)
        for position, (text, max_choices, labels, votes) in enumerate(questions, start=1):
            question = Question(consultation_id=consultation.id, position=position, text=text,
                                max_choices=max_choices,
                                created_at=consultation.created_at,
                                options=[QuestionOption(position=n, label=label)
                                         for n, label in enumerate(labels, start=1)])
            db.session.add(question)
            db.session.flush()
            for email, positions in votes.items():
                if email not in users or users[email].cedula is None:
                    continue
                ballot = Ballot(question_id=question.id, user_id=users[email].id,
                                cast_at=voted_at, changed_at=voted_at)
                db.session.add(ballot)
                db.session.flush()
                db.session.add_all(BallotChoice(ballot_id=ballot.id,
                                                option_id=question.options[p - 1].id)
                                   for p in positions)
    db.session.flush()
