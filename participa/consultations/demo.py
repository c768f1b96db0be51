"""Demo consultations: MINTEL drafts on digital government, one open and one with its outcome."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from participa.consultations import comments, outcome, service
from participa.extensions import db
from participa.models import Consultation, Decision, Institution, Stance, Support, User
from participa.models.audit import record
from participa.timeutil import utcnow

OPEN_TITLE = ("Proyecto de Reglamento General a la Ley Orgánica para la Transformación Digital "
              "y Audiovisual")
OPEN_TEXT = """El Ministerio de Telecomunicaciones y de la Sociedad de la Información pone a consideración de la ciudadanía este proyecto de reglamento antes de su expedición.

## Artículo 1.- Objeto
El presente reglamento establece las normas para la aplicación de la Ley Orgánica para la Transformación Digital y Audiovisual en las entidades de la Administración Pública Central.

## Artículo 2.- Ventanilla única digital
Las entidades ofrecerán sus trámites en línea a través de la plataforma **gob.ec**, que será el punto único de acceso de la ciudadanía a los servicios públicos digitales.

## Artículo 3.- Identidad digital
La identidad digital se verificará con la cédula de ciudadanía y uno de estos medios:
- la firma electrónica;
- el código enviado al teléfono celular registrado;
- la validación biométrica en línea.

## Artículo 4.- Trámites sin papel
Ninguna entidad podrá exigir copias físicas de documentos que ya consten en las bases de datos del Estado. Los certificados se emitirán en formato electrónico con la misma validez que los impresos.

## Artículo 5.- Accesibilidad
Los servicios digitales cumplirán el nivel AA de las pautas de accesibilidad para el contenido web y estarán disponibles en castellano y, de forma progresiva, en kichwa y shuar.

## Artículo 6.- Protección de datos personales
El tratamiento de datos en los servicios digitales se sujetará a la Ley Orgánica de Protección de Datos Personales. Cada entidad publicará qué datos consulta y con qué finalidad.
"""

CLOSED_TITLE = "Norma Técnica de Accesibilidad de los Portales Web Institucionales"
CLOSED_TEXT = """## Artículo 1.- Objeto
Esta norma fija los requisitos de accesibilidad que deben cumplir los portales web y las aplicaciones móviles de las instituciones públicas.

## Artículo 2.- Nivel de conformidad
Los portales cumplirán el nivel AA de la norma NTE INEN-ISO/IEC 40500 en un plazo de **doce meses** desde la expedición de esta norma.

## Artículo 3.- Declaración de accesibilidad
Cada institución publicará una declaración de accesibilidad con los problemas conocidos y un canal para reportar barreras.

## Artículo 4.- Evaluación
El MINTEL evaluará anualmente la accesibilidad de los portales y publicará los resultados.
"""


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def load_consultations_demo() -> None:
    mintel = db.session.scalar(select(Institution).where(Institution.acronym == "MINTEL"))
    official = _user("funcionario.mintel@mintel.gob.ec")
    maria, carlos, ana = (_user(e) for e in (
        "maria.quishpe@example.ec", "carlos.mendoza@example.ec", "ana.torres@example.ec"))
    if None in (mintel, official, maria, carlos, ana):
        return
    if db.session.scalar(select(Consultation.id).where(Consultation.title == OPEN_TITLE)):
        return
    now = utcnow()

    # Open: started a week ago, closes in three weeks.
    draft = service.create_consultation(
        official, mintel, title=OPEN_TITLE, topic="Gobierno digital",
        summary="Cómo se aplicará la ley de transformación digital: ventanilla única, identidad "
                "digital, trámites sin papel, accesibilidad y protección de datos.",
        body=OPEN_TEXT, opens_at=now - timedelta(days=7), closes_at=now + timedelta(days=21))
    sections = {s.position: s for s in draft.sections}
    first = comments.add_comment(
        maria, draft, stance=Stance.AGAINST, section_id=sections[4].id,
        body="En muchas parroquias rurales no hay cobertura celular estable. Pedir un código "
             "por SMS deja fuera a quien no tiene señal: debería haber una alternativa "
             "presencial en el GAD parroquial.", now=now - timedelta(days=5))
    comments.add_comment(
        carlos, draft, stance=Stance.FOR, section_id=sections[5].id,
        body="Muy bien que no se exijan copias. Sugiero añadir que tampoco se pida el "
             "certificado de votación impreso.", now=now - timedelta(days=4))
    comments.add_comment(
        ana, draft, stance=Stance.FOR, section_id=sections[6].id,
        body="Incluir kichwa y shuar es importante. ¿Habrá un plazo para esa traducción?",
        now=now - timedelta(days=3))
    comments.add_comment(
        carlos, draft, stance=Stance.NEUTRAL, section_id=None,
        body="Sería útil publicar el informe de impacto regulatorio junto con el proyecto.",
        now=now - timedelta(days=2))
    db.session.add_all([Support(comment_id=first.id, user_id=carlos.id),
                        Support(comment_id=first.id, user_id=ana.id)])
    db.session.flush()
    comments.add_comment(
        official, draft, stance=Stance.NEUTRAL, parent_id=first.id,
        body="Gracias por la observación. Estamos evaluando que los puntos de atención "
             "presencial del Registro Civil validen la identidad sin necesidad de SMS.",
        now=now - timedelta(days=1))

    # Closed two months ago, with its outcome published.
    closed = service.create_consultation(
        official, mintel, title=CLOSED_TITLE, topic="Gobierno digital",
        summary="Requisitos de accesibilidad para los portales web y las aplicaciones de las "
                "instituciones públicas.",
        body=CLOSED_TEXT, opens_at=now - timedelta(days=100),
        closes_at=now - timedelta(days=60))
    csec = {s.position: s for s in closed.sections}
    during = now - timedelta(days=80)
    c1 = comments.add_comment(
        ana, closed, stance=Stance.AGAINST, section_id=csec[2].id,
        body="Doce meses es demasiado para los portales que hoy son inaccesibles del todo. "
             "Propongo seis meses para los trámites más usados.", now=during)
    c2 = comments.add_comment(
        maria, closed, stance=Stance.FOR, section_id=csec[3].id,
        body="La declaración debería incluir una fecha de solución para cada problema.",
        now=during + timedelta(days=1))
    comments.add_comment(
        carlos, closed, stance=Stance.NEUTRAL, section_id=csec[4].id,
        body="Que la evaluación la haga también una organización de personas con "
             "discapacidad.", now=during + timedelta(days=2))
    after = now - timedelta(days=30)
    decisions = {
        1: (Decision.INCORPORATED, "Se mantiene el objeto sin cambios."),
        2: (Decision.PARTLY, "Se fija un plazo de seis meses para los veinte trámites más "
                             "usados y doce meses para el resto del portal."),
        3: (Decision.INCORPORATED, "La declaración incluirá una fecha prevista de solución."),
        4: (Decision.NOT_INCORPORATED, "La evaluación es competencia del MINTEL; las "
                                       "organizaciones participarán como observadoras."),
    }
    for position, (decision, reason) in decisions.items():
        outcome.record_section_outcome(official, csec[position], decision=decision,
                                       reason=reason, now=after)
    outcome.record_comment_outcome(official, c1, decision=Decision.PARTLY,
                                   reason="Plazo de seis meses para los trámites más usados.",
                                   now=after)
    outcome.record_comment_outcome(official, c2, decision=Decision.INCORPORATED,
                                   reason="Añadido al artículo 3.", now=after)
    outcome.save_summary(
        official, closed, now=after,
        summary="Se recibieron comentarios de tres personas. Se acortó el plazo para los "
                "trámites más usados y la declaración de accesibilidad tendrá fechas de "
                "solución. La norma se expidió mediante Acuerdo Ministerial.",
        adopted_text_url="https://www.telecomunicaciones.gob.ec/")
    closed.outcome_published_at = after
    record("consultation.outcome_published", actor=official, institution=mintel, target=closed,
           via="demo")
    db.session.flush()
