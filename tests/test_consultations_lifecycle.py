"""The life of a consultation on its dates: draft, information, comments, evaluation, outcome;
and what the institution is told when it saves."""
from __future__ import annotations

from datetime import datetime, timedelta

from conftest import login_with_code
from factories_consultations import DRAFT_TEXT, uploads_in_tmp  # noqa: F401
from sqlalchemy import select

from participa.consultations.service import utc_to_local
from participa.extensions import db
from participa.models import Consultation, Phase
from participa.timeutil import utcnow

OPENS = datetime(2026, 3, 1, 14, 0)
CLOSES = datetime(2026, 3, 31, 22, 0)


def _local(days: float) -> str:
    return utc_to_local(utcnow() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _new(client, **dates):
    data = {"title": "Reglamento de teletrabajo", "summary": "Cómo se pide el teletrabajo.",
            "topic": "Empleo", "body": DRAFT_TEXT, "announces_at": "", **dates}
    return client.post("/consultas/nueva/MSP", data=data, follow_redirects=True)


def test_the_information_phase_lies_between_the_announcement_and_the_opening():
    consultation = Consultation(opens_at=OPENS, closes_at=CLOSES,
                                announces_at=OPENS - timedelta(days=10))
    assert consultation.phase_at(OPENS - timedelta(days=11)) == Phase.DRAFT
    assert consultation.phase_at(OPENS - timedelta(days=10)) == Phase.INFORMATION
    assert consultation.phase_at(OPENS - timedelta(seconds=1)) == Phase.INFORMATION
    assert consultation.phase_at(OPENS) == Phase.OPEN


def test_saving_with_a_past_opening_date_says_it_is_open(client, people):
    """Saving with a past opening date published the consultation at once while the message
    said it remained a draft."""
    login_with_code(client, people["official_msp"])
    page = _new(client, opens_at=_local(-1), closes_at=_local(20)).get_data(as_text=True)
    consultation = db.session.scalar(select(Consultation))
    assert consultation.phase == Phase.OPEN
    assert "Permanece como borrador" not in page
    assert "Se publicó la consulta: está abierta a comentarios desde ahora" in page


def test_a_future_opening_is_saved_as_a_private_draft(client, people):
    login_with_code(client, people["official_msp"])
    page = _new(client, opens_at=_local(5), closes_at=_local(20)).get_data(as_text=True)
    assert db.session.scalar(select(Consultation)).phase == Phase.DRAFT
    assert "Se guardó la consulta como borrador, visible solo para su institución" in page


def test_an_announced_draft_is_public_and_closed_to_comments(client, people):
    login_with_code(client, people["official_msp"])
    page = _new(client, announces_at=_local(-1), opens_at=_local(5),
                closes_at=_local(20)).get_data(as_text=True)
    assert "el público ya puede leerla; los comentarios se abren el" in page
    consultation = db.session.scalar(select(Consultation))
    assert consultation.phase == Phase.INFORMATION
    client.post("/cuenta/salir")

    page = client.get(f"/consultas/{consultation.id}").get_data(as_text=True)
    assert "Reglamento de teletrabajo" in page and "Artículo 1.- Objeto" in page
    assert "Anunciada" in page and "Publicar comentario" not in page
    assert "Reglamento de teletrabajo" in client.get("/consultas").get_data(as_text=True)
    login_with_code(client, people["citizen"])
    response = client.post(f"/consultas/{consultation.id}/comentarios",
                           data={"section": "", "stance": "for", "body": "Muy bien."})
    assert response.status_code == 409
    assert "aún no está abierta a comentarios" in response.get_data(as_text=True)


def test_an_announcement_after_the_opening_is_refused(client, people):
    login_with_code(client, people["official_msp"])
    response = _new(client, announces_at=_local(6), opens_at=_local(5), closes_at=_local(20))
    assert response.status_code == 400
    assert "El anuncio debe ser anterior a la apertura." in response.get_data(as_text=True)
    assert db.session.scalar(select(Consultation)) is None
