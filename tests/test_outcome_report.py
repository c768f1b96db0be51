"""The outcome report as one form: every decision saved together, kept when publishing is
refused; sections nobody commented on marked as such; a preview, then publishing."""
from __future__ import annotations

from conftest import login_with_code
from factories_consultations import make_consultation, shift, uploads_in_tmp  # noqa: F401
from sqlalchemy import select

from participa.extensions import db
from participa.models import Comment, Decision, Section, Stance


def _sections(consultation) -> list[Section]:
    return list(db.session.scalars(select(Section).where(
        Section.consultation_id == consultation.id).order_by(Section.position)))


def _commented_on_article_3(make_consultation, people):
    consultation = make_consultation(phase="open")
    article3 = _sections(consultation)[3]
    db.session.add(Comment(consultation_id=consultation.id, section_id=article3.id,
                           author_id=people["citizen"].id, stance=Stance.AGAINST,
                           body_text="Falta el plazo.", body_html="<p>Falta el plazo.</p>"))
    db.session.commit()
    shift(consultation, opens_days=-30, closes_days=-2)
    return consultation


def test_a_decision_is_kept_when_publishing_is_refused(client, people, make_consultation):
    """Choosing a decision for one section and publishing was refused ("3 left") and the
    decision was lost."""
    consultation = _commented_on_article_3(make_consultation, people)
    article1 = _sections(consultation)[1]
    login_with_code(client, people["official_msp"])
    url = f"/consultas/{consultation.id}/resultado"
    client.post(url, data={"summary": "Se recibieron observaciones.", "adopted_text_url": "",
                           f"decision_{article1.id}": "incorporated",
                           f"reason_{article1.id}": "Se mantiene.", "action": "preview",
                           "publish": "1"})
    db.session.refresh(article1)
    assert article1.outcome == Decision.INCORPORATED
    assert article1.outcome_reason == "Se mantiene."
    page = client.post(f"{url}/publicar", follow_redirects=True).get_data(as_text=True)
    assert "faltan 3" in page
    db.session.refresh(article1)
    db.session.refresh(consultation)
    assert article1.outcome == Decision.INCORPORATED and consultation.outcome_published_at is None
    # The form shows the saved decision again.
    assert 'selected value="incorporated"' in client.get(url).get_data(as_text=True)


def test_an_outcome_decided_in_one_go_is_previewed_then_published(client, people,
                                                                   make_consultation):
    consultation = _commented_on_article_3(make_consultation, people)
    preamble, art1, art2, art3 = _sections(consultation)
    login_with_code(client, people["official_msp"])
    url = f"/consultas/{consultation.id}/resultado"
    response = client.post(url, data={
        "summary": "Se fijó un plazo de respuesta.", "adopted_text_url": "",
        f"decision_{preamble.id}": "no_contributions",
        f"decision_{art1.id}": "no_contributions",
        f"decision_{art2.id}": "not_incorporated", f"reason_{art2.id}": "Fuera del ámbito.",
        f"decision_{art3.id}": "partly", f"reason_{art3.id}": "Plazo de 48 horas.",
        "action": "preview"})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"{url}/vista-previa")
    preview = client.get(f"{url}/vista-previa").get_data(as_text=True)
    assert "Vista previa" in preview and "Parcialmente incorporado" in preview
    assert "No se recibieron aportes sobre esta sección." in preview
    assert db.session.get(type(consultation), consultation.id).outcome_published_at is None

    response = client.post(f"{url}/publicar")
    assert response.status_code == 302
    client.post("/cuenta/salir")
    page = client.get(f"/consultas/{consultation.id}").get_data(as_text=True)
    assert "Resultado de la consulta" in page and "Parcialmente incorporado" in page
    assert page.count("No se recibieron aportes sobre esta sección.") == 2
    assert ">Incorporado<" not in page


def test_a_commented_section_cannot_be_marked_without_contributions(client, people,
                                                                     make_consultation):
    consultation = _commented_on_article_3(make_consultation, people)
    art3 = _sections(consultation)[3]
    login_with_code(client, people["official_msp"])
    response = client.post(f"/consultas/{consultation.id}/resultado", data={
        "summary": "Resumen", f"decision_{art3.id}": "no_contributions",
        f"reason_{art3.id}": "Texto que se conserva", "action": "save"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "recibió comentarios" in page and "Texto que se conserva" in page
    db.session.refresh(art3)
    assert art3.no_contributions is False and art3.outcome is None


def test_only_the_owner_institution_publishes(client, people, make_consultation):
    consultation = _commented_on_article_3(make_consultation, people)
    login_with_code(client, people["admin_mdt"])
    url = f"/consultas/{consultation.id}/resultado"
    assert client.post(f"{url}/publicar").status_code == 403
    assert client.get(f"{url}/vista-previa").status_code == 403
