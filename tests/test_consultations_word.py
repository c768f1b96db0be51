"""Drafts imported from Word: sections from the headings, a preview before saving, and a
clear refusal of what cannot be converted."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta
from html import unescape

import pytest
from conftest import login_with_code
from docx_files import ARTICLES, regulation
from factories_consultations import uploads_in_tmp  # noqa: F401
from sqlalchemy import select

from participa.consultations import word
from participa.consultations.service import utc_to_local
from participa.domain import DomainError
from participa.extensions import db
from participa.models import Consultation, Phase
from participa.timeutil import utcnow


def _local(days: float) -> str:
    return utc_to_local(utcnow() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _fields(**extra) -> dict:
    return {"title": "Reglamento de teletrabajo", "summary": "Reglas del teletrabajo.",
            "topic": "Empleo", "body": "", "announces_at": _local(1), "opens_at": _local(8),
            "closes_at": _local(38), **extra}


def test_headings_become_sections_and_lists_tables_emphasis_are_kept(app):
    with app.test_request_context():
        imported = word.import_docx(regulation())
    assert [s.heading for s in imported.sections] == ["", *ARTICLES]
    preamble, first, second, _third, fourth = imported.sections
    assert "teletrabajo requiere reglas claras" in preamble.body_html
    assert "<strong>regla 1</strong>" in first.body_html
    assert "<h3>Excepciones</h3>" in second.body_html and "<li>" in second.body_html
    assert "<table>" in fourth.body_html and "15 días" in fourth.body_html


def test_the_converted_html_goes_through_the_sanitiser(app):
    sections = word.split_html('<p onclick="x()">Hola<script>alert(1)</script></p>'
                               '<h2>Art. 1</h2><p><a href="javascript:x()">y</a></p>')
    html = "".join(s.body_html for s in sections)
    assert "script" not in html and "onclick" not in html and "javascript" not in html
    assert sections[1].heading == "Art. 1"


def _zip(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("data, message", [
    (b"%PDF-1.4 un pdf", "Solo se pueden importar documentos de Word (.docx)"),
    (b"", "Elija un documento de Word (.docx)"),
    (_zip({"[Content_Types].xml": "<x", "word/document.xml": "<roto"}),
     "No se pudo leer el documento de Word"),
    (regulation(headings=False), "El documento de Word no tiene títulos"),
    (regulation(image=True), "El documento de Word contiene imágenes"),
])
def test_what_cannot_be_converted_is_refused_with_the_reason(app, client, people, data,
                                                             message):
    login_with_code(client, people["official_msp"])
    response = client.post("/consultas/nueva/MSP", data=_fields(
        word_file=(io.BytesIO(data), "borrador.docx"), action="preview"),
        content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert "Reglamento de teletrabajo" in page  # what the official typed stays
    assert db.session.scalar(select(Consultation)) is None


def test_a_document_over_the_limit_is_refused(app):
    app.config["CONSULTATION_DOCX_MAX_BYTES"] = 1024 * 1024
    with app.test_request_context(), pytest.raises(DomainError) as refused:
        word.import_docx(b"PK" + b"0" * (1024 * 1024 + 1))
    assert refused.value.field == "word_file"


def test_an_official_imports_previews_then_saves_and_schedules(client, people):
    login_with_code(client, people["official_msp"])
    response = client.post("/consultas/nueva/MSP", data=_fields(
        word_file=(io.BytesIO(regulation()), "reglamento.docx"), action="preview"),
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vista previa: 5 secciones" in page and "Artículo 4.- Plazos" in page
    assert db.session.scalar(select(Consultation)) is None  # nothing saved yet

    # Save: the imported draft travels in the form, and is sanitised again.
    hidden = unescape(re.search(r'name="imported_html"[^>]*value="([^"]*)"', page).group(1))
    response = client.post("/consultas/nueva/MSP", data=_fields(
        imported_html=hidden, action="save"), follow_redirects=True)
    assert response.status_code == 200
    consultation = db.session.scalar(select(Consultation))
    assert [s.heading for s in consultation.sections] == ["", *ARTICLES]
    assert consultation.phase == Phase.DRAFT and consultation.announces_at is not None
    assert "Se anuncia al público el" in response.get_data(as_text=True)

    # Editing other fields keeps the imported sections.
    response = client.post(f"/consultas/{consultation.id}/editar", data=_fields(
        title="Reglamento de teletrabajo (v2)", action="save"))
    assert response.status_code == 302
    db.session.refresh(consultation)
    assert len(consultation.sections) == 5 and consultation.title.endswith("(v2)")


def test_markdown_stays_and_has_a_preview(client, people):
    login_with_code(client, people["official_msp"])
    response = client.post("/consultas/nueva/MSP", data=_fields(
        body="Preámbulo.\n\n## Art. 1\nUno\n\n## Art. 2\nDos", action="preview"))
    page = response.get_data(as_text=True)
    assert "Vista previa: 3 secciones" in page and "Art. 2" in page
    assert db.session.scalar(select(Consultation)) is None
