"""Comments under proposals: the consultation's thread machinery on a proposal, through HTTP
and the service (stance, replies, supports, pages, closed threads, notices, moderation)."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from participa.consultations import comments
from participa.domain import Conflict
from participa.extensions import db
from participa.models import (
    Comment,
    ModerationState,
    Notification,
    NotificationKind,
    ProposalState,
    Stance,
    Support,
)
from participa.mail_preferences import MailKind, set_wanted
from participa.timeutil import utcnow

from test_proposals import citizens, client_for, mails, make_proposal  # noqa: F401


@pytest.fixture
def proposal(citizens, institutions):
    return make_proposal(citizens["autora"], institutions["MSP"], title="Farmacias de turno")


def page_of(browser, proposal, **query) -> str:
    response = browser.get(f"/propuestas/{proposal.id}", query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def post_comment(browser, proposal, body, stance="for"):
    return browser.post(f"/propuestas/{proposal.id}/comentarios",
                        data={"body": body, "stance": stance})


def test_a_citizen_comments_with_a_stance_and_the_author_is_told(
        client_for, proposal, citizens, tmp_path):
    ana = client_for("ana")
    response = post_comment(ana, proposal, "Muy útil para las **noches** en Loja.")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/propuestas/{proposal.id}#comentario-"
                                                 f"{db.session.scalar(select(Comment.id))}")
    comment = db.session.scalar(select(Comment))
    assert comment.proposal_id == proposal.id and comment.consultation_id is None
    assert comment.stance == Stance.FOR and comment.moderation == ModerationState.PUBLISHED
    html = page_of(ana, proposal)
    assert "<strong>noches</strong>" in html and "Ana" in html
    assert "1 comentario" in html
    # The proposal's author gets a notice and a mail (proposal mail), nobody else does.
    notice = db.session.scalar(select(Notification))
    assert (notice.user_id, notice.kind, notice.comment_id) == (
        citizens["autora"].id, NotificationKind.PROPOSAL_COMMENT, comment.id)
    sent = mails(tmp_path)
    assert len(sent) == 1 and sent[0].startswith("autora@example.ec")
    assert "Farmacias de turno" in sent[0]
    notices = client_for("autora").get("/cuenta/avisos").get_data(as_text=True)
    assert f"/propuestas/{proposal.id}#comentario-{comment.id}" in notices


def test_the_author_who_stopped_proposal_mail_gets_only_the_notice(
        client_for, proposal, citizens, tmp_path):
    set_wanted(citizens["autora"], MailKind.PROPOSALS, False)
    db.session.commit()
    assert post_comment(client_for("ana"), proposal, "De acuerdo.").status_code == 302
    assert mails(tmp_path) == []
    assert db.session.scalar(select(Notification.kind)) == NotificationKind.PROPOSAL_COMMENT


def test_the_author_commenting_on_their_own_proposal_is_not_told(client_for, proposal):
    assert post_comment(client_for("autora"), proposal, "Aclaro un punto.").status_code == 302
    assert db.session.scalar(select(Notification)) is None


def test_replies_supports_and_sorting(client_for, proposal, citizens):
    ana, beto = client_for("ana"), client_for("beto")
    post_comment(ana, proposal, "Primero", "for")
    post_comment(beto, proposal, "Segundo", "against")
    first, second = db.session.scalars(select(Comment).order_by(Comment.id)).all()
    assert beto.post(f"/propuestas/{proposal.id}/comentarios/{first.id}/apoyar").status_code \
        == 302
    assert db.session.scalar(select(Support.user_id)) == citizens["beto"].id
    again = beto.post(f"/propuestas/{proposal.id}/comentarios/{first.id}/apoyar",
                      follow_redirects=True).get_data(as_text=True)
    assert "Usted ya apoya este comentario" in again
    assert beto.post(f"/propuestas/{proposal.id}/comentarios/{first.id}/responder",
                     data={"body": "Respondo"}).status_code == 302
    reply = db.session.scalar(select(Comment).where(Comment.parent_id == first.id))
    assert reply.root_id == first.id and reply.proposal_id == proposal.id
    newest = page_of(ana, proposal)
    assert newest.index("Segundo") < newest.index("Primero") < newest.index("Respondo")
    supported = page_of(ana, proposal, orden="apoyados")
    assert supported.index("Primero") < supported.index("Segundo")


def test_keyset_pages_of_a_long_thread(client_for, proposal, citizens):
    start = utcnow() - timedelta(hours=1)
    db.session.add_all([Comment(proposal_id=proposal.id, author_id=citizens["ana"].id,
                                body_text=f"n{i}", body_html=f"<p>numero-{i:02d}</p>",
                                created_at=start + timedelta(minutes=i)) for i in range(25)])
    db.session.commit()
    ana = client_for("ana")
    first = page_of(ana, proposal)
    assert "numero-24" in first and "numero-05" in first and "numero-04" not in first
    next_link = re.search(r'href="([^"]*despues=\d+[^"]*)"', first).group(1)
    second = ana.get(next_link.replace("&amp;", "&")).get_data(as_text=True)
    assert "numero-04" in second and "numero-00" in second and "numero-05" not in second
    assert "Página 2 de 2" in second or "Page 2 of 2" in second


@pytest.mark.parametrize("state", [ProposalState.ANSWERED, ProposalState.WITHDRAWN,
                                   ProposalState.ARCHIVED])
def test_a_closed_proposal_keeps_its_thread_read_only(client_for, citizens, institutions,
                                                      state):
    proposal = make_proposal(citizens["autora"], institutions["MSP"], state=state)
    db.session.add(Comment(proposal_id=proposal.id, author_id=citizens["beto"].id,
                           body_text="antes", body_html="<p>dicho antes</p>"))
    db.session.commit()
    ana = client_for("ana")
    html = page_of(ana, proposal)
    assert "dicho antes" in html and 'name="body"' not in html
    response = post_comment(ana, proposal, "Mi texto tardío")
    assert response.status_code == 409
    refused = response.get_data(as_text=True)
    assert "Mi texto tardío" in refused  # kept for the citizen to copy
    assert db.session.scalar(select(Comment).where(Comment.body_text == "Mi texto tardío")) \
        is None


def test_a_proposal_past_its_window_is_closed_to_comments(citizens, institutions):
    proposal = make_proposal(citizens["autora"], institutions["MSP"], published_days_ago=40)
    with pytest.raises(Conflict):
        comments.add_comment(citizens["ana"], proposal, body="tarde", stance=Stance.NEUTRAL)


def test_awaiting_answer_still_takes_comments(citizens, institutions):
    proposal = make_proposal(citizens["autora"], institutions["MSP"],
                             state=ProposalState.AWAITING_ANSWER)
    comment = comments.add_comment(citizens["ana"], proposal, body="¿Cuándo responden?",
                                   stance=Stance.NEUTRAL)
    assert comment.proposal_id == proposal.id


def test_bad_input_is_shown_on_the_form_with_the_text_kept(client_for, proposal):
    ana = client_for("ana")
    empty = post_comment(ana, proposal, "   ")
    assert empty.status_code == 400
    scripted = post_comment(ana, proposal, "hola <script>alert(1)</script>")
    assert scripted.status_code == 400
    html = scripted.get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "scripts" in html.lower()
    assert db.session.scalar(select(Comment)) is None


def test_signing_in_is_needed_and_the_honeypot_refuses_robots(client, client_for, proposal):
    anonymous = post_comment(client, proposal, "hola")
    assert anonymous.status_code == 302 and "/cuenta/entrar" in anonymous.headers["Location"]
    robot = client_for("ana").post(f"/propuestas/{proposal.id}/comentarios",
                                   data={"body": "compre", "stance": "for",
                                         "sitio_web": "http://spam.example"})
    assert robot.status_code == 400
    assert db.session.scalar(select(Comment)) is None
    assert "Inicie sesión" in page_of(client, proposal) or "Sign in" in page_of(client, proposal)


def test_a_held_proposal_takes_no_comments(client_for, citizens, institutions):
    proposal = make_proposal(citizens["autora"], institutions["MSP"],
                             moderation=ModerationState.PENDING)
    assert post_comment(client_for("ana"), proposal, "hola").status_code == 404


def test_an_official_answers_a_comment_and_its_author_is_told(
        client_for, proposal, citizens, people, tmp_path):
    post_comment(client_for("ana"), proposal, "¿Incluye zonas rurales?")
    question = db.session.scalar(select(Comment))
    official = client_for("official_msp")
    response = official.post(f"/propuestas/{proposal.id}/comentarios/{question.id}/responder",
                             data={"body": "Sí, todas las parroquias."})
    assert response.status_code == 302
    answer = db.session.scalar(select(Comment).where(Comment.parent_id == question.id))
    assert answer.is_official
    db.session.refresh(question)
    assert question.answered_at is not None
    notice = db.session.scalar(select(Notification).where(
        Notification.user_id == citizens["ana"].id))
    assert notice.kind == NotificationKind.OFFICIAL_REPLY and notice.comment_id == answer.id
    assert any(m.startswith("ana@example.ec") for m in mails(tmp_path))
    html = page_of(client_for("ana"), proposal)
    assert "Respuesta oficial del MSP" in html or "Official answer from MSP" in html
    notices = client_for("ana").get("/cuenta/avisos").get_data(as_text=True)
    assert "Farmacias de turno" in notices


def test_only_the_institution_marks_comments_answered(client_for, proposal, people):
    post_comment(client_for("ana"), proposal, "Pregunta")
    comment = db.session.scalar(select(Comment))
    url = f"/propuestas/{proposal.id}/comentarios/{comment.id}/respondido"
    assert client_for("admin_mdt").post(url).status_code == 403
    assert client_for("beto").post(url).status_code == 403
    assert client_for("official_msp").post(url).status_code == 302
    db.session.refresh(comment)
    assert comment.answered_at is not None


def test_a_comment_id_of_another_thread_is_not_found(client_for, proposal, citizens,
                                                     institutions):
    other = make_proposal(citizens["autora"], institutions["MSP"], title="Otra")
    post_comment(client_for("ana"), other, "En otra")
    comment = db.session.scalar(select(Comment))
    beto = client_for("beto")
    assert beto.post(f"/propuestas/{proposal.id}/comentarios/{comment.id}/apoyar").status_code \
        == 404
    assert beto.post(f"/propuestas/{proposal.id}/comentarios/{comment.id}/responder",
                     data={"body": "x"}).status_code == 404


def test_the_author_edits_and_deletes(client_for, proposal):
    ana = client_for("ana")
    post_comment(ana, proposal, "Con errata")
    comment = db.session.scalar(select(Comment))
    base = f"/propuestas/{proposal.id}/comentarios/{comment.id}"
    assert client_for("beto").get(f"{base}/editar").status_code == 403
    assert ana.get(f"{base}/editar").status_code == 200
    assert ana.post(f"{base}/editar", data={"body": "Sin errata"}).status_code == 302
    db.session.refresh(comment)
    assert comment.body_text == "Sin errata"
    assert ana.post(f"{base}/eliminar").status_code == 302
    db.session.refresh(comment)
    assert comment.is_deleted


def test_the_proposal_page_and_list_read_a_longer_thread_in_as_many_queries(
        client_for, proposal, citizens, make_user):
    from sqlalchemy import event

    from test_proposals import make_proposal as another

    def add(n: int) -> None:
        for i in range(n):
            author = make_user(f"vecina{utcnow().timestamp()}{i}@example.ec")
            root = comments.add_comment(author, proposal, body=f"Comentario {i}",
                                        stance=Stance.AGAINST)
            comments.add_comment(citizens["beto"], proposal, body="Réplica",
                                 stance=Stance.NEUTRAL, parent_id=root.id)
            db.session.add(Support(comment_id=root.id, user_id=citizens["carla"].id))
            another(citizens["autora"], proposal.institution, title=f"Otra {i}")
        db.session.commit()

    browser = client_for("ana")

    def count_queries(path: str) -> int:
        statements = []

        def listener(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert browser.get(path).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    add(2)
    few = (count_queries(f"/propuestas/{proposal.id}"), count_queries("/propuestas/"))
    add(12)
    assert (count_queries(f"/propuestas/{proposal.id}"), count_queries("/propuestas/")) == few
    print(f"queries: proposal page {few[0]}, proposal list {few[1]}")
