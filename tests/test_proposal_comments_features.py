"""Comments under proposals meet the rest of Participa: the institution's moderation queue,
search, Mi Participa, the personal-data export, account deletion and the proposal list."""
from __future__ import annotations

import json

from sqlalchemy import func, select

from participa.consultations import comments
from participa.extensions import db
from participa.models import (
    Comment,
    ModerationItem,
    ModerationState,
    Notification,
    NotificationKind,
    ProposalSettings,
    ReviewState,
    Stance,
)
from participa.search import query as search_query

from conftest import PASSWORD
from test_proposal_comments import page_of, post_comment, proposal  # noqa: F401
from test_proposals import citizens, client_for, mails, make_proposal  # noqa: F401


def found(user, text):
    return [(hit.kind, hit.item_id) for hit in
            search_query.search(user, text, search_query.Filters()).hits]


def test_flags_go_to_the_queue_of_the_proposal_institution_and_hiding_tells_the_author(
        client_for, proposal, citizens, tmp_path):
    post_comment(client_for("ana"), proposal, "Compre en mi tienda de remedios.")
    comment = db.session.scalar(select(Comment))
    flag_url = f"/moderacion/marcar/comentario-propuesta/{proposal.id}/{comment.id}"
    beto = client_for("beto")
    assert "¿Qué problema tiene?" in beto.get(flag_url).get_data(as_text=True)
    assert beto.post(flag_url, data={"reason": "spam"}).status_code == 302
    item = db.session.scalar(select(ModerationItem))
    assert item.comment_id == comment.id and item.institution_id == proposal.institution_id
    assert item.review == ReviewState.FLAGGED
    # Another institution's moderator does not see it; the MSP moderator does, with a link
    # to the proposal's thread.
    assert client_for("admin_mdt").get("/moderacion/MSP").status_code == 403
    moderator = client_for("moderator_msp")
    queue = moderator.get("/moderacion/MSP").get_data(as_text=True)
    assert "Compre en mi tienda de remedios." in queue
    assert f"/propuestas/{proposal.id}#comentario-{comment.id}" in queue
    response = moderator.post(f"/moderacion/MSP/elementos/{item.id}/hide",
                              data={"revision": item.revision,
                                    "reason": "Publicidad ajena a la propuesta."})
    assert response.status_code == 302
    html = page_of(client_for("carla"), proposal)
    assert "Oculto por los moderadores" in html and "Compre en mi tienda" not in html
    ana = client_for("ana")
    notices = ana.get("/cuenta/avisos").get_data(as_text=True)
    assert "Los moderadores ocultaron su contenido." in notices
    assert "Publicidad ajena a la propuesta." in notices
    assert any("Publicidad ajena a la propuesta." in m and m.startswith("ana@example.ec")
               for m in mails(tmp_path))
    assert ana.post(f"/moderacion/avisos/{item.id}/apelar",
                    data={"text": "Era una recomendación útil."}).status_code == 302
    db.session.refresh(item)
    assert item.review == ReviewState.APPEALED
    # Held or deleted comments cannot be flagged.
    comments.delete_comment(citizens["ana"], comment)
    db.session.commit()
    assert beto.get(flag_url).status_code == 404


def test_an_institution_that_reviews_proposals_reviews_their_comments(
        client_for, proposal, citizens, institutions, people):
    db.session.add(ProposalSettings(institution=institutions["MSP"],
                                    premoderate_proposals=True))
    db.session.commit()
    ana = client_for("ana")
    response = post_comment(ana, proposal, "Comentario por revisar.")
    assert response.status_code == 302
    comment = db.session.scalar(select(Comment))
    assert comment.moderation == ModerationState.PENDING
    assert "Comentario por revisar." in page_of(ana, proposal)  # its author sees it
    assert "Comentario por revisar." not in page_of(client_for("beto"), proposal)
    item = db.session.scalar(select(ModerationItem))
    assert item.review == ReviewState.PENDING and item.institution_id == institutions["MSP"].id
    # The proposal's author is told only once the comment is public.
    assert db.session.scalar(select(Notification)) is None
    # Officials of the institution are not held.
    official = comments.add_comment(people["official_msp"], proposal,
                                    body="Respuesta institucional.", stance=Stance.NEUTRAL)
    db.session.commit()
    assert official.moderation == ModerationState.PUBLISHED
    # The moderator approves: the comment is public.
    moderator = client_for("moderator_msp")
    assert moderator.post(f"/moderacion/MSP/elementos/{item.id}/approve",
                          data={"revision": item.revision}).status_code == 302
    db.session.refresh(comment)
    assert comment.moderation == ModerationState.PUBLISHED
    notice = db.session.scalar(select(Notification).where(
        Notification.comment_id == comment.id))
    assert (notice.user_id, notice.kind) == (
        citizens["autora"].id, NotificationKind.PROPOSAL_COMMENT)


def test_search_finds_public_comments_under_proposals_only(citizens, proposal, people,
                                                            client):
    shown = comments.add_comment(citizens["ana"], proposal, body="Turnos nocturnos en Tulcán.",
                                 stance=Stance.FOR)
    hidden = comments.add_comment(citizens["beto"], proposal,
                                  body="Turnos nocturnos obligatorios.", stance=Stance.AGAINST)
    deleted = comments.add_comment(citizens["carla"], proposal,
                                   body="Turnos nocturnos pagados.", stance=Stance.NEUTRAL)
    db.session.commit()
    hidden.moderation = ModerationState.HIDDEN
    comments.delete_comment(citizens["carla"], deleted)
    db.session.commit()
    for who in (citizens["autora"], people["official_msp"]):
        assert found(who, "nocturnos") == [("comment", shown.id)]
    page = client.get("/buscar?q=nocturnos+Tulcan").get_data(as_text=True)
    link = f"/propuestas/comentarios/{shown.id}"
    assert link in page and "Farmacias de turno" in page
    response = client.get(link)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/propuestas/{proposal.id}#comentario-{shown.id}")
    assert client.get(f"/propuestas/comentarios/{hidden.id}").status_code == 302
    assert client.get("/propuestas/comentarios/999999").status_code == 404


def test_held_comments_are_not_found(citizens, proposal, institutions):
    db.session.add(ProposalSettings(institution=institutions["MSP"],
                                    premoderate_proposals=True))
    db.session.commit()
    held = comments.add_comment(citizens["ana"], proposal, body="Vacunatorio en Zamora.",
                                stance=Stance.FOR)
    db.session.commit()
    assert held.moderation == ModerationState.PENDING
    assert found(citizens["beto"], "Zamora") == []


def test_mi_participa_lists_them_with_a_link_to_the_proposal(client_for, proposal, citizens):
    ana = client_for("ana")
    post_comment(ana, proposal, "Mi comentario en la propuesta.")
    comment = db.session.scalar(select(Comment))
    home = ana.get("/mi-participa").get_data(as_text=True)
    assert "Mi comentario en la propuesta." in home
    assert f'href="/propuestas/{proposal.id}#comentario-{comment.id}">' in home
    link = home.split(f'href="/propuestas/{proposal.id}#comentario-{comment.id}">')[1]
    assert "Farmacias de turno</a>" in link.split("\n")[0]


def test_the_personal_data_export_includes_them(client_for, proposal):
    ana = client_for("ana")
    post_comment(ana, proposal, "Texto exportable.", "against")
    data = json.loads(ana.get("/cuenta/mis-datos.json").get_data(as_text=True))
    rows = data["sections"]["consultation_comments"]["rows"]
    assert rows == [{**rows[0], "proposal": "Farmacias de turno", "consultation": None,
                     "text": "Texto exportable.", "stance": "against"}]
    assert "Texto exportable." in ana.get("/cuenta/mis-datos").get_data(as_text=True)


def test_account_deletion_treats_them_as_consultation_comments(client_for, proposal,
                                                               citizens):
    ana, beto = client_for("ana"), client_for("beto")
    post_comment(ana, proposal, "Lo que dijo Ana.")
    post_comment(beto, proposal, "Lo que dijo Beto.")
    said_by_ana, said_by_beto = db.session.scalars(select(Comment).order_by(Comment.id)).all()
    beto.post(f"/propuestas/{proposal.id}/comentarios/{said_by_ana.id}/responder",
              data={"body": "Respuesta de Beto."})
    count = db.session.scalar(select(func.count(Comment.id)))
    # Kept, signed by a deleted participant.
    assert ana.post("/cuenta/eliminar", data={"password": PASSWORD}).status_code == 200
    html = page_of(client_for("carla"), proposal)
    assert "Lo que dijo Ana." in html and "Participante eliminado/a" in html
    assert "Respuesta de Beto." in html
    # Removed on request: the text goes, the thread and its replies stay.
    assert beto.post("/cuenta/eliminar", data={"password": PASSWORD,
                                              "remove_contributions": "y"}).status_code == 200
    db.session.refresh(said_by_beto)
    assert said_by_beto.deleted_at is not None and said_by_beto.body_text == ""
    assert db.session.scalar(select(func.count(Comment.id))) == count
    html = page_of(client_for("carla"), proposal)
    assert "Lo que dijo Beto." not in html and "Lo que dijo Ana." in html


def test_the_list_shows_how_many_comments_each_proposal_has(client, citizens, institutions,
                                                             proposal):
    other = make_proposal(citizens["autora"], institutions["MSP"], title="Sin comentarios")
    comments.add_comment(citizens["ana"], proposal, body="uno", stance=Stance.FOR)
    comments.add_comment(citizens["beto"], proposal, body="dos", stance=Stance.FOR)
    deleted = comments.add_comment(citizens["carla"], proposal, body="tres", stance=Stance.FOR)
    comments.delete_comment(citizens["carla"], deleted)
    db.session.commit()
    html = client.get("/propuestas/").get_data(as_text=True)
    assert f'href="/propuestas/{proposal.id}#comentarios">2 comentarios' in html
    assert f'href="/propuestas/{other.id}#comentarios">0 comentarios' in html
    assert "2 comentarios" in page_of(client, proposal)
