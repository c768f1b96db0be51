"""Consultations for tests: a draft regulation with three articles, at any point of its life."""
from __future__ import annotations

from datetime import timedelta

import pytest

from participa.consultations import service
from participa.extensions import db
from participa.timeutil import utcnow

DRAFT_TEXT = """Considerando que la Constitución garantiza el acceso a los servicios públicos.

## Artículo 1.- Objeto
El presente reglamento regula la **historia clínica electrónica** en el Sistema Nacional de Salud.

## Artículo 2.- Ámbito
Se aplica a:
- los establecimientos públicos de salud;
- los establecimientos privados que integran la Red Complementaria.

## Artículo 3.- Acceso del paciente
El paciente puede consultar su historia clínica en [el portal](https://www.salud.gob.ec).
"""


def shift(consultation, *, opens_days: float, closes_days: float) -> None:
    """Move a consultation's dates relative to now, as the calendar would."""
    now = utcnow()
    consultation.opens_at = now + timedelta(days=opens_days)
    consultation.closes_at = now + timedelta(days=closes_days)
    db.session.commit()


@pytest.fixture
def make_consultation(app, people, institutions):
    def factory(*, phase: str = "open", institution: str = "MSP", title: str | None = None,
                topic: str = "Salud", summary: str = "Reglamento de historia clínica electrónica.",
                body: str = DRAFT_TEXT):
        now = utcnow()
        consultation = service.create_consultation(
            people["official_msp"], institutions[institution],
            title=title or "Reglamento de la historia clínica electrónica", summary=summary,
            topic=topic, body=body, opens_at=now + timedelta(days=3),
            closes_at=now + timedelta(days=30))
        db.session.commit()
        if phase == "open":
            shift(consultation, opens_days=-1, closes_days=10)
        elif phase == "closed":
            shift(consultation, opens_days=-30, closes_days=-2)
        return consultation
    return factory


@pytest.fixture(autouse=True)
def uploads_in_tmp(app, tmp_path):
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
