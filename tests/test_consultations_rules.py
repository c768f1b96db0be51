"""Consultations: who may do what, bad input, documents, threads, export and notices."""
from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import login, login_with_code
from factories_consultations import make_consultation, shift, uploads_in_tmp
from sqlalchemy import event, func, select

from participa.consultations import comments as comment_service
from participa.consultations.notify import unsubscribe_token
from participa.extensions import db
from participa.models import (
    Comment,
    Consultation,
    Document,
    MailOptOut,
    Notification,
    Section,
    Stance,
    Support,
    User,
)
from participa.timeutil import utcnow

# --- the permission table ---------------------------------------------------------------

ACTIONS = ("new_msp", "edit_open", "view_draft", "manage", "outcome_closed", "export_open")
EXPECTED = {
    #                 new  edit view_draft manage outcome export
    "anonymous":     (302, 302, 404,       302,   302,    403),
    "citizen":       (403, 403, 404,       403,   403,    403),
    "official_msp":  (200, 200, 200,       200,   200,    200),
    "moderator_msp": (403, 403, 404,       403,   403,    403),
    "admin_mdt":     (403, 403, 404,       200,   403,    403),
    "rector":        (403, 403, 404,       403,   403,    403),
    "platform_admin": (403, 403, 404,      403,   403,    403),
}
CASES = [(who, action, status) for who, statuses in EXPECTED.items()
         for action, status in zip(ACTIONS, statuses)]


@pytest.mark.parametrize("who, action, status", CASES)
def test_consultation_permission_table(client, people, make_consultation, who, action, status):
    draft = make_consultation(phase="draft")
    open_ = make_consultation(phase="open")
    closed = make_consultation(phase="closed")
    urls = {
        "new_msp": "/consultas/nueva/MSP",
        "edit_open": f"/consultas/{open_.id}/editar",
        "view_draft": f"/consultas/{draft.id}",
        "manage": "/consultas/gestion",
        "outcome_closed": f"/consultas/{closed.id}/resultado",
        "export_open": f"/consultas/{open_.id}/comentarios.csv",
    }
    if who != "anonymous":
        login_with_code(client, people[who])
    assert client.get(urls[action]).status_code == status


def test_only_officials_of_the_owner_answer_and_mark(client, people, make_consultation):
    consultation = make_consultation(phase="open")
    comment = comment_service.add_comment(people["citizen"], consultation, body="Propuesta",
                                          stance=Stance.FOR)
    db.session.commit()
    login_with_code(client, people["admin_mdt"])
    url = f"/consultas/{consultation.id}/comentarios/{comment.id}/respondido"
    assert client.post(url).status_code == 403
    # An official of another institution replies as any person: no badge.
    client.post(f"/consultas/{consultation.id}/comentarios/{comment.id}/responder",
                data={"body": "Opino como ciudadano."})
    reply = db.session.scalar(select(Comment).where(Comment.parent_id == comment.id))
    assert reply is not None and not reply.is_official
    db.session.refresh(comment)
    assert comment.answered_at is None
    client.post("/cuenta/salir")
    login_with_code(client, people["official_msp"])
    assert client.post(url).status_code == 302
    db.session.refresh(comment)
    assert comment.answered_at is not None


# --- bad input --------------------------------------------------------------------------

def test_comment_on_another_institutions_draft_is_not_found(client, people, make_consultation):
    draft = make_consultation(phase="draft")
    login_with_code(client, people["admin_mdt"])
    response = client.post(f"/consultas/{draft.id}/comentarios",
                           data={"section": "", "stance": "for", "body": "Hola"})
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(Comment.id))) == 0


@pytest.mark.parametrize("body, status, message", [
    ("", 400, "Escriba su comentario."),
    ("x" * 5001, 400, "El comentario supera los 5000 caracteres."),
    ('Mire esto <script>alert("hola")</script>', 400, "no pueden contener scripts"),
    ('<a href="#" onclick="robar()">clic</a>', 400, "no pueden contener scripts"),
    ("[clic](javascript:alert(1))", 400, "no pueden contener scripts"),
])
def test_bad_comments_are_refused_and_the_text_kept(client, people, make_consultation, body,
                                                    status, message):
    consultation = make_consultation(phase="open")
    login_with_code(client, people["citizen"])
    response = client.post(f"/consultas/{consultation.id}/comentarios",
                           data={"section": "", "stance": "for", "body": body})
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in page
    if body and len(body) < 200:
        assert body.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;") in page
    assert db.session.scalar(select(func.count(Comment.id))) == 0


def test_comment_on_a_section_of_another_consultation_is_refused(client, people,
                                                                  make_consultation):
    mine = make_consultation(phase="open")
    other = make_consultation(phase="open", title="Otra consulta")
    foreign = other.sections[1]
    login_with_code(client, people["citizen"])
    response = client.post(f"/consultas/{mine.id}/comentarios",
                           data={"section": str(foreign.id), "stance": "for", "body": "Hola"})
    assert response.status_code == 400
    assert "Elija una sección de esta consulta." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Comment.id))) == 0


def test_comment_before_opening_is_refused(client, people, make_consultation):
    draft = make_consultation(phase="draft")
    login_with_code(client, people["official_msp"])
    response = client.post(f"/consultas/{draft.id}/comentarios",
                           data={"section": "", "stance": "for", "body": "Prueba interna"})
    assert response.status_code == 409
    assert "aún no está abierta a comentarios" in response.get_data(as_text=True)


def test_links_are_nofollow_and_raw_html_in_drafts_is_escaped(client, people,
                                                               make_consultation):
    consultation = make_consultation(
        phase="open", body="## Artículo 1\n<script>alert(1)</script> **Texto** [enlace](https://x.ec)")
    body_html = consultation.sections[0].body_html
    assert "<script>" not in body_html and "&lt;script&gt;" in body_html
    assert 'rel="nofollow ugc noopener"' in body_html and "<strong>Texto</strong>" in body_html


def test_closing_before_opening_is_refused(client, people):
    login_with_code(client, people["official_msp"])
    response = client.post("/consultas/nueva/MSP", data={
        "title": "Borrador", "summary": "Resumen", "topic": "", "body": "## Artículo 1\nTexto",
        "opens_at": "2030-02-05T09:00", "closes_at": "2030-01-05T09:00"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "La consulta debe cerrar después de abrir." in page and 'value="Borrador"' in page


def test_open_consultation_text_cannot_change(client, people, make_consultation):
    consultation = make_consultation(phase="open")
    login_with_code(client, people["official_msp"])
    response = client.post(f"/consultas/{consultation.id}/editar", data={
        "title": "Nuevo título", "summary": consultation.summary, "topic": consultation.topic,
        "body": consultation.body_markdown, "opens_at": "2020-01-01T09:00",
        "closes_at": "2040-01-01T09:00"})
    assert response.status_code == 409
    assert "solo puede cambiar su fecha de cierre" in response.get_data(as_text=True)
    db.session.refresh(consultation)
    assert consultation.title != "Nuevo título"


# --- documents --------------------------------------------------------------------------

def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def _upload(client, consultation, name: str, data: bytes):
    return client.post(f"/consultas/{consultation.id}/documentos",
                       data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_documents_are_checked_by_content_and_served_as_downloads(app, client, people,
                                                                   make_consultation):
    consultation = make_consultation(phase="draft")
    login_with_code(client, people["official_msp"])
    pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
    assert _upload(client, consultation, "Informe técnico.pdf", pdf).status_code == 302
    assert _upload(client, consultation, "borrador.docx", _docx()).status_code == 302
    assert _upload(client, consultation, "borrador.odt", _odt()).status_code == 302
    documents = db.session.scalars(select(Document).order_by(Document.id)).all()
    assert [d.content_type for d in documents] == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text"]
    stored = Path(app.config["UPLOAD_DIR"]) / documents[0].stored_name
    assert stored.read_bytes() == pdf and "static" not in stored.parts

    response = client.get(f"/consultas/{consultation.id}/documentos/{documents[0].id}")
    assert response.status_code == 200 and response.data == pdf
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    client.post("/cuenta/salir")
    # A draft's documents are as hidden as the draft.
    assert client.get(f"/consultas/{consultation.id}/documentos/{documents[0].id}") \
        .status_code == 404


@pytest.mark.parametrize("name, data", [
    ("informe.pdf", b"MZ\x90\x00 este es un ejecutable"),
    ("informe.docx", b"PK\x03\x04 no es un zip de verdad"),
    ("pagina.pdf", b"<html><script>alert(1)</script></html>"),
])
def test_files_that_are_not_documents_are_refused(client, people, make_consultation, name,
                                                  data):
    consultation = make_consultation(phase="draft")
    login_with_code(client, people["official_msp"])
    response = _upload(client, consultation, name, data)
    assert response.status_code == 400
    assert "Solo se pueden subir documentos PDF, ODT y DOCX." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Document.id))) == 0


def test_oversized_documents_are_refused(app, client, people, make_consultation):
    app.config["CONSULTATION_DOCUMENT_MAX_BYTES"] = 1024 * 1024
    consultation = make_consultation(phase="draft")
    login_with_code(client, people["official_msp"])
    response = _upload(client, consultation, "grande.pdf", b"%PDF-1.7\n" + b"0" * 1024 * 1024)
    assert response.status_code == 400
    assert "El archivo supera los 1 MB." in response.get_data(as_text=True)


# --- threads ----------------------------------------------------------------------------

def test_edit_window_delete_keeps_the_thread_and_depth_is_bounded(client, people, make_user,
                                                                   make_consultation):
    consultation = make_consultation(phase="open")
    citizen, other = people["citizen"], make_user("otro@example.ec", name="Otro Vecino")
    root = comment_service.add_comment(citizen, consultation,
                                       body="Primera versión, ver [la norma](https://a.ec)",
                                       stance=Stance.FOR)
    reply = comment_service.add_comment(other, consultation, body="Respuesta de Otro Vecino",
                                        stance=Stance.FOR, parent_id=root.id)
    deeper = comment_service.add_comment(citizen, consultation, body="Contra-respuesta",
                                         stance=Stance.FOR, parent_id=reply.id)
    db.session.commit()
    login_with_code(client, citizen)
    base = f"/consultas/{consultation.id}/comentarios"

    response = client.post(f"{base}/{deeper.id}/responder", data={"body": "Más hondo"})
    assert response.status_code == 400
    assert "profundidad máxima" in response.get_data(as_text=True)
    assert "Más hondo" in response.get_data(as_text=True)
    response = client.post(f"{base}/{root.id}/responder", data={"body": "<script>x</script>"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "no pueden contener scripts" in page
    assert "&lt;script&gt;x&lt;/script&gt;</textarea>" in page

    edit_page = client.get(f"{base}/{root.id}/editar").get_data(as_text=True)
    assert "Primera versión, ver [la norma](https://a.ec)" in edit_page
    assert client.post(f"{base}/{root.id}/editar", data={"body": "Segunda versión"}) \
        .status_code == 302
    db.session.refresh(root)
    assert "Segunda versión" in root.body_html and root.edited_at is not None
    root.created_at = utcnow() - timedelta(minutes=16)
    db.session.commit()
    response = client.post(f"{base}/{root.id}/editar", data={"body": "Tercera versión"})
    assert response.status_code == 409 and "Ya pasó el tiempo" in response.get_data(as_text=True)
    # Someone else's comment cannot be edited or deleted.
    assert client.post(f"{base}/{reply.id}/editar", data={"body": "x"}).status_code == 403
    client.post(f"{base}/{reply.id}/eliminar")
    db.session.refresh(reply)
    assert not reply.is_deleted

    assert client.post(f"{base}/{root.id}/eliminar").status_code == 302
    page = client.get(f"/consultas/{consultation.id}").get_data(as_text=True)
    assert "Comentario eliminado por su autor" in page and "Segunda versión" not in page
    assert "Respuesta de Otro Vecino" in page


def test_own_comments_cannot_be_supported(client, people, make_consultation):
    consultation = make_consultation(phase="open")
    comment = comment_service.add_comment(people["citizen"], consultation, body="Mío",
                                          stance=Stance.FOR)
    db.session.commit()
    login_with_code(client, people["citizen"])
    page = client.post(f"/consultas/{consultation.id}/comentarios/{comment.id}/apoyar",
                       follow_redirects=True).get_data(as_text=True)
    assert "No puede apoyar su propio comentario." in page
    assert db.session.scalar(select(func.count(Support.id))) == 0


def test_sorting_and_filtering_comments(client, people, make_user, make_consultation):
    consultation = make_consultation(phase="open")
    sections = {s.position: s for s in consultation.sections}
    a = comment_service.add_comment(people["citizen"], consultation, body="Sobre el ámbito",
                                    stance=Stance.FOR, section_id=sections[3].id)
    b = comment_service.add_comment(people["citizen"], consultation, body="Sobre el objeto",
                                    stance=Stance.AGAINST, section_id=sections[2].id)
    for n in range(2):
        supporter = make_user(f"apoyo{n}@example.ec")
        db.session.add(Support(comment_id=a.id, user_id=supporter.id))
    db.session.commit()
    url = f"/consultas/{consultation.id}"
    newest = client.get(url).get_data(as_text=True)
    assert newest.index("Sobre el objeto") < newest.index("Sobre el ámbito")
    supported = client.get(url + "?orden=apoyados").get_data(as_text=True)
    assert supported.index("Sobre el ámbito") < supported.index("Sobre el objeto")
    by_section = client.get(url + "?orden=seccion").get_data(as_text=True)
    assert by_section.index("Sobre el objeto") < by_section.index("Sobre el ámbito")
    only = client.get(url + f"?seccion={sections[2].id}").get_data(as_text=True)
    assert "Sobre el objeto" in only and "Sobre el ámbito" not in only
    assert b.id


def test_comment_page_queries_do_not_grow_with_comments(app, client, people, make_user,
                                                        make_consultation):
    consultation = make_consultation(phase="open")
    section = consultation.sections[1]

    def add(n: int) -> None:
        for i in range(n):
            author = make_user(f"vecino{utcnow().timestamp()}{i}@example.ec")
            root = comment_service.add_comment(author, consultation, body=f"Comentario {i}",
                                               stance=Stance.AGAINST, section_id=section.id)
            comment_service.add_comment(people["citizen"], consultation, body="Réplica",
                                        stance=Stance.FOR, parent_id=root.id)
            db.session.add(Support(comment_id=root.id, user_id=people["citizen"].id))
        db.session.commit()

    def count_queries() -> int:
        statements = []

        def listener(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(f"/consultas/{consultation.id}").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    login_with_code(client, people["citizen"])
    add(2)
    few = count_queries()
    add(12)
    assert count_queries() == few


def test_a_thread_page_reads_authors_replies_and_supports_in_few_queries(
        app, people, make_user, make_consultation):
    """The authors come with their comments and the viewer's own supports with the counts:
    the support counts and "You support this comment" stay exact for each viewer."""
    consultation = make_consultation(phase="open")
    authors = [make_user(f"autora{i}@example.ec") for i in range(3)]
    roots = [comment_service.add_comment(author, consultation, body=f"Comentario {i}",
                                         stance=Stance.FOR) for i, author in enumerate(authors)]
    comment_service.add_comment(authors[1], consultation, body="Réplica", stance=Stance.FOR,
                                parent_id=roots[0].id)
    for supporter in (people["citizen"], authors[2]):
        db.session.add(Support(comment_id=roots[0].id, user_id=supporter.id))
    db.session.add(Support(comment_id=roots[1].id, user_id=authors[0].id))
    db.session.commit()
    ids = (consultation.id, people["citizen"].id, [root.id for root in roots])
    db.session.expunge_all()
    consultation = db.session.get(Consultation, ids[0])
    viewer = db.session.get(User, ids[1])
    roots = [db.session.get(Comment, root_id) for root_id in ids[2]]
    consultation.institution  # noqa: B018 - loaded before counting, as the page has it
    statements = []

    def listener(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        with app.test_request_context():
            page = comment_service.comment_page(consultation, viewer=viewer, public_total=3)
            names = [c.author.public_name for c in page.pagination.items] + [
                r.author.public_name for r in page.replies[roots[0].id]]
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert page.supports == {roots[0].id: 2, roots[1].id: 1}
    assert page.supported_by_me == {roots[0].id}
    assert len(names) == 4 and all(names)
    # its own held comments, the comments with authors, the replies with authors, supports;
    # whom the viewer moderates for may be asked too
    assert len([s for s in statements if "memberships" not in s]) == 4, statements
    with app.test_request_context():
        anonymous = comment_service.comment_page(consultation, viewer=None, public_total=3)
    assert anonymous.supports == page.supports and anonymous.supported_by_me == set()


# --- list, export and notices -----------------------------------------------------------

def test_public_list_filters_and_search(client, make_consultation):
    make_consultation(phase="open", title="Reglamento de historia clínica", topic="Salud")
    make_consultation(phase="closed", institution="MDT", title="Norma de teletrabajo",
                      topic="Empleo", summary="Jornada y desconexión digital.")
    make_consultation(phase="draft", title="Borrador secreto", topic="Salud")

    def titles(query: str) -> str:
        return client.get("/consultas" + query).get_data(as_text=True)

    everything = titles("")
    assert "historia clínica" in everything and "teletrabajo" in everything
    assert "Borrador secreto" not in everything
    assert "historia clínica" not in titles("?institucion=MDT")
    assert "teletrabajo" not in titles("?tema=Salud")
    assert "historia clínica" not in titles("?fase=closed")
    assert "Resultado pendiente: 2 días desde el cierre." in titles("?fase=closed")
    assert "teletrabajo" not in titles("?fase=open")
    assert "teletrabajo" in titles("?q=DESCONEXIÓN".replace("Ó", "ó"))
    assert "Borrador secreto" not in titles("?fase=draft&q=secreto")


def test_public_export_waits_for_the_close(client, people, make_consultation):
    consultation = make_consultation(phase="open")
    comment_service.add_comment(people["citizen"], consultation, body="Texto público",
                                stance=Stance.FOR)
    comment_service.add_comment(people["citizen"], consultation, body="=HYPERLINK(\"x\")",
                                stance=Stance.AGAINST)
    db.session.commit()
    url = f"/consultas/{consultation.id}/comentarios.csv"
    assert client.get(url).status_code == 403
    shift(consultation, opens_days=-20, closes_days=-1)
    response = client.get(url)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Texto público" in body
    assert "author_id" not in body and people["citizen"].name not in body
    assert "'=HYPERLINK" in body  # a spreadsheet shows it as text, never runs it
    assert response.headers["Content-Disposition"].startswith("attachment")


def test_notices_and_unsubscribing_without_signing_in(app, client, people,
                                                      make_consultation):
    consultation = make_consultation(phase="open")
    citizen = people["citizen"]
    comment = comment_service.add_comment(citizen, consultation, body="Pregunta",
                                          stance=Stance.NEUTRAL)
    db.session.commit()
    token = unsubscribe_token(citizen.id)
    assert client.get("/avisos/baja/manipulado").status_code == 404
    page = client.get(f"/avisos/baja/{token}").get_data(as_text=True)
    assert "Darse de baja" in page
    assert client.post(f"/avisos/baja/{token}").status_code == 200
    assert db.session.get(MailOptOut, citizen.id) is not None

    mail_dir = Path(app.config["MAIL_DIR"])
    before = len(list(mail_dir.glob("*.eml"))) if mail_dir.exists() else 0
    login_with_code(client, people["official_msp"])
    client.post(f"/consultas/{consultation.id}/comentarios/{comment.id}/responder",
                data={"body": "Respuesta oficial"})
    after = len(list(mail_dir.glob("*.eml"))) if mail_dir.exists() else 0
    assert after == before  # unsubscribed: no mail ...
    assert db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == citizen.id)) == 1  # ... but the notice is there
    client.post("/cuenta/salir")
    login_with_code(client, citizen)
    assert "Sus avisos (1 nuevo)" in client.get("/consultas").get_data(as_text=True)
    assert client.get("/avisos").headers["Location"].endswith("/cuenta/avisos")
    page = client.get("/cuenta/avisos").get_data(as_text=True)
    assert "La institución respondió su comentario" in page and "Nuevo" in page
    client.post("/cuenta/avisos")
    assert "Nuevo:" not in client.get("/cuenta/avisos").get_data(as_text=True)
    assert "(1 nuevo)" not in client.get("/consultas").get_data(as_text=True)


def test_outcome_needs_every_section_and_a_summary(client, people, make_consultation):
    consultation = make_consultation(phase="closed")
    login_with_code(client, people["official_msp"])
    url = f"/consultas/{consultation.id}/resultado"
    page = client.post(f"{url}/publicar", follow_redirects=True).get_data(as_text=True)
    assert "Escriba el resumen final" in page
    response = client.post(url, data={"summary": "Resumen", "adopted_text_url": "ftp://x",
                                      "action": "save"})
    assert "El enlace debe empezar por https://" in response.get_data(as_text=True)
    client.post(url, data={"summary": "Resumen", "adopted_text_url": "", "action": "save"})
    page = client.post(f"{url}/publicar", follow_redirects=True).get_data(as_text=True)
    assert "faltan 4" in page
    db.session.refresh(consultation)
    assert consultation.outcome_published_at is None
    # Nothing can be recorded while the consultation is still open.
    shift(consultation, opens_days=-1, closes_days=3)
    section = db.session.scalar(select(Section).where(Section.consultation_id == consultation.id))
    page = client.post(url, data={f"decision_{section.id}": "incorporated", "summary": "x",
                                  f"reason_{section.id}": "x", "action": "save"},
                       ).get_data(as_text=True)
    assert "solo se puede registrar después del cierre" in page
    db.session.refresh(section)
    assert section.outcome is None


def test_a_closed_consultation_offers_no_edit_form(client, people, make_consultation):
    consultation = make_consultation(phase="closed")
    login_with_code(client, people["official_msp"])
    page = client.get(f"/consultas/{consultation.id}/editar").get_data(as_text=True)
    assert "Una consulta cerrada no se puede modificar." in page
    assert 'name="title"' not in page
    response = client.post(f"/consultas/{consultation.id}/editar", data={
        "title": "Cambio tardío", "summary": "x", "topic": "", "body": "## A\nb",
        "opens_at": "2020-01-01T09:00", "closes_at": "2040-01-01T09:00"})
    assert response.status_code == 409
    db.session.refresh(consultation)
    assert consultation.title != "Cambio tardío"
