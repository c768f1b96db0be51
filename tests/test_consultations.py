"""Consultations through HTTP: the whole life of a draft, from publishing to the outcome."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import login, login_with_code
from factories_consultations import DRAFT_TEXT, make_consultation, shift, uploads_in_tmp
from sqlalchemy import func, select

from participa.extensions import db
from participa.models import (
    AuditEntry,
    Comment,
    Consultation,
    Notification,
    NotificationKind,
    Section,
    Stance,
    Support,
)


def _section(consultation, position: int) -> Section:
    return db.session.scalar(select(Section).where(
        Section.consultation_id == consultation.id, Section.position == position))


def _mails(app) -> list[str]:
    folder = Path(app.config["MAIL_DIR"])
    return [p.read_text() for p in sorted(folder.glob("*.eml"))] if folder.exists() else []


def test_whole_life_of_a_consultation(app, client, people, make_user):
    # Publish: an official of the MSP writes a draft that opens in a few days.
    login_with_code(client, people["official_msp"])
    response = client.post("/consultas/nueva/MSP", data={
        "title": "Reglamento de la historia clínica electrónica",
        "summary": "Cómo se guarda y quién consulta la historia clínica.",
        "topic": "Salud", "body": DRAFT_TEXT,
        "opens_at": "2030-01-05T09:00", "closes_at": "2030-02-05T17:00"})
    assert response.status_code == 302
    consultation = db.session.scalar(select(Consultation))
    # 09:00 in Guayaquil is 14:00 UTC.
    assert consultation.opens_at.hour == 14
    assert [s.heading for s in consultation.sections] == [
        "", "Artículo 1.- Objeto", "Artículo 2.- Ámbito", "Artículo 3.- Acceso del paciente"]
    assert "<strong>historia clínica electrónica</strong>" in consultation.sections[1].body_html
    assert consultation.section_number(2) == 1  # the preamble is not numbered
    client.post("/cuenta/salir")

    # While a draft, the public sees nothing.
    assert client.get(f"/consultas/{consultation.id}").status_code == 404
    assert "historia clínica" not in client.get("/consultas").get_data(as_text=True)

    # Open on date: once the opening date has passed, it is public and open.
    shift(consultation, opens_days=-1, closes_days=5)
    page = client.get(f"/consultas/{consultation.id}").get_data(as_text=True)
    assert "Abierta a comentarios" in page and "Días restantes" in page
    assert "Reglamento de la historia clínica electrónica" in client.get(
        "/consultas").get_data(as_text=True)

    # Comment: a citizen comments on article 3, against.
    citizen = people["citizen"]
    login_with_code(client, citizen)
    article3 = _section(consultation, 4)
    response = client.post(f"/consultas/{consultation.id}/comentarios", data={
        "section": str(article3.id), "stance": "against",
        "body": "Falta decir en qué plazo se responde. Ver https://www.salud.gob.ec"})
    assert response.status_code == 302
    comment = db.session.scalar(select(Comment))
    assert comment.section_id == article3.id and comment.stance == Stance.AGAINST
    assert 'rel="nofollow ugc noopener"' in comment.body_html
    page = client.get(f"/consultas/{consultation.id}").get_data(as_text=True)
    assert "1 comentario" in page and "En contra: 1" in page
    client.post("/cuenta/salir")

    # Support once: another person supports it; a second time is refused.
    other = make_user("pedro@example.ec", name="Pedro Apoyo")
    login_with_code(client, other)
    url = f"/consultas/{consultation.id}/comentarios/{comment.id}/apoyar"
    assert client.post(url).status_code == 302
    page = client.post(url, follow_redirects=True).get_data(as_text=True)
    assert "Usted ya apoya este comentario." in page
    assert db.session.scalar(select(func.count(Support.id))) == 1
    client.post("/cuenta/salir")

    # Reply: the official answers; the citizen gets a notice and a mail.
    login_with_code(client, people["official_msp"])

    response = client.post(f"/consultas/{consultation.id}/comentarios/{comment.id}/responder",
                           data={"body": "Gracias: el plazo será de 48 horas."})
    assert response.status_code == 302
    page = client.get(f"/consultas/{consultation.id}").get_data(as_text=True)
    assert "Respuesta oficial del MSP" in page and "Comentario respondido" in page
    notice = db.session.scalar(select(Notification).where(Notification.user_id == citizen.id))
    assert notice.kind == NotificationKind.OFFICIAL_REPLY
    mail = _mails(app)[-1]
    assert citizen.email in mail and "/correo/baja/" in mail
    client.post("/cuenta/salir")

    # Close on date: no more comments, the outcome is pending.
    shift(consultation, opens_days=-10, closes_days=-3)
    login_with_code(client, citizen)
    response = client.post(f"/consultas/{consultation.id}/comentarios", data={
        "section": "", "stance": "for", "body": "Tarde, pero a favor."})
    assert response.status_code == 409
    assert "ya no se aceptan comentarios" in response.get_data(as_text=True)
    assert "Tarde, pero a favor." in response.get_data(as_text=True)
    page = client.get(f"/consultas/{consultation.id}").get_data(as_text=True)
    assert "Resultado pendiente: 3 días desde el cierre." in page
    client.post("/cuenta/salir")

    # Outcome: the official records every section and publishes.
    login_with_code(client, people["official_msp"])
    report = {"summary": "Se recibieron observaciones sobre los plazos.",
              "adopted_text_url": "https://www.salud.gob.ec/acuerdo-123", "action": "preview"}
    for section in consultation.sections:
        report[f"decision_{section.id}"] = "partly" if section.position == 4 \
            else "no_contributions"
        report[f"reason_{section.id}"] = "Se fija un plazo de 48 horas."
    client.post(f"/consultas/{consultation.id}/comentarios/{comment.id}/resultado",
                data={"decision": "incorporated", "reason": "Se añadió el plazo."})
    assert client.post(f"/consultas/{consultation.id}/resultado", data=report).status_code == 302
    response = client.post(f"/consultas/{consultation.id}/resultado/publicar")
    assert response.status_code == 302
    client.post("/cuenta/salir")
    page = client.get(f"/consultas/{consultation.id}").get_data(as_text=True)
    assert "Resultado de la consulta" in page and "Parcialmente incorporado" in page
    assert "Se añadió el plazo." in page
    assert db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == citizen.id,
        Notification.kind == NotificationKind.OUTCOME_PUBLISHED)) == 1

    # Export: the public gets no author ids, the institution gets anonymised ones.
    public = client.get(f"/consultas/{consultation.id}/comentarios.csv")
    assert public.status_code == 200 and public.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(public.get_data(as_text=True).lstrip("\ufeff"))))
    assert "author_id" not in rows[0] and rows[0]["stance"] == "against"
    assert rows[0]["supports"] == "1" and rows[0]["section_number"] == "3"
    login_with_code(client, people["official_msp"])
    full = client.get(f"/consultas/{consultation.id}/comentarios.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(full.lstrip("\ufeff"))))
    assert rows[0]["author_id"] and citizen.email not in full and str(citizen.name) not in full
    assert "consultation.outcome_published" in db.session.scalars(select(AuditEntry.action)).all()


def test_demo_has_an_open_and_a_closed_consultation_with_its_outcome(app, client):
    from participa import demo
    from participa.consultations.demo import load_consultations_demo

    demo.load()
    db.session.commit()
    load_consultations_demo()  # loading twice adds nothing
    db.session.commit()
    consultations = db.session.scalars(select(Consultation).order_by(Consultation.id)).all()
    assert [c.phase.value for c in consultations] == ["open", "outcome"]
    listing = client.get("/consultas?institucion=MINTEL").get_data(as_text=True)
    assert "Transformación Digital" in listing and "Accesibilidad" in listing
    page = client.get(f"/consultas/{consultations[1].id}").get_data(as_text=True)
    assert "Resultado de la consulta" in page and "No incorporado" in page
