"""Moderation through HTTP: flags, the flag threshold, the institution's queue, decisions,
notices and appeals, bans, pre-moderation and the spam defences."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import login_with_code
from factories_consultations import make_consultation, uploads_in_tmp  # noqa: F401
from sqlalchemy import func, select

from participa.extensions import db
from participa.models import (
    AuditEntry,
    Comment,
    InstitutionRole,
    ModerationItem,
    ModerationState,
    Proposal,
    ProposalTopic,
    ReviewState,
    User,
)
from participa.proposals import service as proposal_service


@pytest.fixture
def cast(people, make_user, institutions):
    msp, mdt = institutions["MSP"], institutions["MDT"]
    return {
        **people,
        "author": make_user("autor@example.ec", name="Tomás Autor"),
        "flagger1": make_user("marca1@example.ec", name="Marca Uno"),
        "flagger2": make_user("marca2@example.ec", name="Marca Dos"),
        "flagger3": make_user("marca3@example.ec", name="Marca Tres"),
        "moderator2_msp": make_user("moderador2@msp.gob.ec", name="Raúl Segundo",
                                    roles=[(msp, InstitutionRole.MODERATOR)]),
        "admin_msp": make_user("admin@msp.gob.ec", name="Marta Admin",
                               roles=[(msp, InstitutionRole.INSTITUTION_ADMIN)]),
        "moderator_mdt": make_user("moderador@mdt.gob.ec", name="Olga Ajena",
                                   roles=[(mdt, InstitutionRole.MODERATOR)]),
    }


def as_user(app, user):
    client = app.test_client()
    response = login_with_code(client, user)
    assert response.status_code == 302
    return client


def post_comment(client, consultation, body="Propongo ampliar el plazo de acceso.", **extra):
    return client.post(f"/consultas/{consultation.id}/comentarios",
                       data={"body": body, "stance": "neutral", "section": "", **extra})


def last_comment() -> Comment:
    return db.session.scalar(select(Comment).order_by(Comment.id.desc()).limit(1))


def flag_url(comment) -> str:
    return f"/moderacion/marcar/comentario/{comment.consultation_id}/{comment.id}"


def item_of(comment) -> ModerationItem:
    return db.session.scalar(select(ModerationItem).where(
        ModerationItem.comment_id == comment.id))


def mails(app) -> list[str]:
    folder = Path(app.config["MAIL_DIR"])
    return [p.read_text() for p in sorted(folder.glob("*.eml"))] if folder.exists() else []


def test_flag_hide_notify_appeal_and_restore_by_another_moderator(app, cast,
                                                                  make_consultation):
    consultation = make_consultation()
    author = as_user(app, cast["author"])
    assert post_comment(author, consultation, "Esto es publicidad de mi tienda.").status_code \
        == 302
    comment = last_comment()
    replier = as_user(app, cast["citizen"])
    replier.post(f"/consultas/{consultation.id}/comentarios/{comment.id}/responder",
                 data={"body": "No estoy de acuerdo con este comentario."})

    # Two flags: still public. The third reaches the default threshold of 3.
    for i, who in enumerate(["flagger1", "flagger2", "flagger3"], start=1):
        client = as_user(app, cast[who])
        page = client.get(flag_url(comment))
        assert page.status_code == 200 and "¿Qué problema tiene?" in page.text
        response = client.post(flag_url(comment), data={"reason": "spam"})
        assert response.status_code == 302
        page = client.get(f"/consultas/{consultation.id}")
        if i < 3:
            assert "Esto es publicidad de mi tienda." in page.text
    assert "Oculto en espera de moderación" in page.text
    assert "Esto es publicidad de mi tienda." not in page.text
    assert "No estoy de acuerdo con este comentario." in page.text  # the reply stays
    again = client.post(flag_url(comment), data={"reason": "offensive"})
    assert again.status_code == 409
    assert "Ya señaló este contenido" in again.text

    # Another institution's moderator sees nothing of this queue.
    outsider = as_user(app, cast["moderator_mdt"])
    assert outsider.get("/moderacion/MSP").status_code == 403
    item = item_of(comment)
    assert outsider.post(f"/moderacion/MSP/elementos/{item.id}/hide",
                         data={"revision": item.revision, "reason": "x"}).status_code == 403
    assert "Esto es publicidad" not in outsider.get("/moderacion/MDT").text

    # The MSP moderator sees it first, with its context and flags.
    moderator = as_user(app, cast["moderator_msp"])
    queue = moderator.get("/moderacion/MSP")
    assert queue.status_code == 200
    assert "Esto es publicidad de mi tienda." in queue.text
    assert consultation.title in queue.text
    assert "3 señalamientos" in queue.text and "Spam o publicidad (3)" in queue.text
    assert "Tomás Autor" in queue.text
    assert 'class="badge">1</span>' in moderator.get("/").text  # the navigation count

    # Hiding needs a reason; the author is told, in the app and by mail.
    refused = moderator.post(f"/moderacion/MSP/elementos/{item.id}/hide",
                             data={"revision": item.revision, "reason": "  "})
    assert refused.status_code == 400
    assert "Indique el motivo para ocultarlo" in refused.text
    response = moderator.post(f"/moderacion/MSP/elementos/{item.id}/hide",
                              data={"revision": item.revision,
                                    "reason": "Publicidad comercial ajena a la consulta."})
    assert response.status_code == 302
    assert "Oculto por los moderadores" in author.get(f"/consultas/{consultation.id}").text
    notices = author.get("/cuenta/avisos")
    assert "Los moderadores ocultaron su contenido." in notices.text
    assert "Publicidad comercial ajena a la consulta." in notices.text
    assert any("Publicidad comercial ajena a la consulta." in m and "autor@example.ec" in m
               for m in mails(app))

    # The author appeals once; the queue shows the appeal.
    empty = author.post(f"/moderacion/avisos/{item.id}/apelar", data={"text": ""})
    assert empty.status_code == 400
    assert "Explique por qué" in empty.text
    assert author.post(f"/moderacion/avisos/{item.id}/apelar", data={
        "text": "Era una recomendación útil, no publicidad."}).status_code == 302
    twice = author.post(f"/moderacion/avisos/{item.id}/apelar", data={"text": "Otra vez."})
    assert twice.status_code == 409
    assert "Era una recomendación útil" in moderator.get("/moderacion/MSP").text

    # The moderator who hid it cannot decide the appeal; another one can.
    db.session.refresh(item)
    own = moderator.post(f"/moderacion/MSP/elementos/{item.id}/restore",
                         data={"revision": item.revision})
    assert own.status_code == 403
    assert "otro moderador" in own.text
    second = as_user(app, cast["moderator2_msp"])
    assert second.post(f"/moderacion/MSP/elementos/{item.id}/restore",
                       data={"revision": item.revision,
                             "reason": "Revisado: es pertinente."}).status_code == 302
    page = replier.get(f"/consultas/{consultation.id}")
    assert "Esto es publicidad de mi tienda." in page.text
    assert "Los moderadores restablecieron su contenido" in \
        author.get("/cuenta/avisos").text
    assert any("restablecieron" in m for m in mails(app))

    actions = dict(db.session.execute(select(AuditEntry.action, AuditEntry.actor_id).where(
        AuditEntry.action.like("moderation.%"))).all())
    assert actions["moderation.auto_hidden"] is None
    assert actions["moderation.hidden"] == cast["moderator_msp"].id
    assert actions["moderation.restored"] == cast["moderator2_msp"].id


def _flagged_item(app, cast, consultation) -> ModerationItem:
    author = as_user(app, cast["author"])
    post_comment(author, consultation, "Comentario marcado una vez.")
    comment = last_comment()
    as_user(app, cast["flagger1"]).post(flag_url(comment), data={"reason": "off_topic"})
    return item_of(comment)


# who -> expected status of: the queue, a decision on one of its items, its settings
EXPECTED = {
    "citizen": (403, 403, 403),
    "official_msp": (403, 403, 403),
    "moderator_msp": (200, 302, 403),
    "admin_msp": (200, 302, 200),
    "moderator_mdt": (403, 403, 403),
    "admin_mdt": (403, 403, 403),
    "rector": (403, 403, 403),
    "platform_admin": (403, 403, 200),
}


@pytest.mark.parametrize("who", EXPECTED)
def test_moderation_permission_table(app, cast, make_consultation, who):
    item = _flagged_item(app, cast, make_consultation())
    client = as_user(app, cast[who])
    queue_status, decide_status, settings_status = EXPECTED[who]
    assert client.get("/moderacion/MSP").status_code == queue_status
    assert client.get("/moderacion/MSP/ajustes").status_code == settings_status
    assert client.post(f"/moderacion/MSP/elementos/{item.id}/dismiss",
                       data={"revision": item.revision}).status_code == decide_status


def test_anonymous_visitors_are_sent_to_sign_in(app, cast, make_consultation):
    item = _flagged_item(app, cast, make_consultation())
    client = app.test_client()
    for response in (client.get("/moderacion/MSP"),
                     client.post(f"/moderacion/MSP/elementos/{item.id}/dismiss"),
                     client.get(flag_url(item.comment))):
        assert response.status_code == 302 and "/cuenta/entrar" in response.location


def test_items_of_another_institution_are_not_found(app, cast, make_consultation,
                                                    institutions, make_user):
    item = _flagged_item(app, cast, make_consultation())
    mdt_admin = as_user(app, cast["admin_mdt"])
    # Through its own queue's address, another institution's item does not exist.
    assert mdt_admin.post(f"/moderacion/MDT/elementos/{item.id}/dismiss",
                          data={"revision": item.revision}).status_code == 404
    assert mdt_admin.post(f"/moderacion/MDT/elementos/{item.id}/suspender",
                          data={"days": "7", "reason": "x"}).status_code == 404


def test_bad_input_when_flagging_and_deciding(app, cast, make_consultation):
    consultation = make_consultation()
    author = as_user(app, cast["author"])
    post_comment(author, consultation, "Un comentario cualquiera.")
    comment = last_comment()
    flagger = as_user(app, cast["flagger1"])
    other = flagger.post(flag_url(comment), data={"reason": "other", "details": ""})
    assert other.status_code == 400
    assert "Indique qué problema tiene este contenido." in other.text
    assert flagger.post(flag_url(comment), data={"reason": "nonsense"}).status_code == 400
    own = author.post(flag_url(comment), data={"reason": "spam"})
    assert own.status_code == 409 and "No puede señalar su propio contenido." in own.text
    assert flagger.post(flag_url(comment), data={"reason": "other",
                                                 "details": "Datos de otra persona."}
                        ).status_code == 302
    assert flagger.get("/moderacion/marcar/comentario/999/999").status_code == 404

    # Two moderators decide at once: the second decision is refused, not applied twice.
    item = item_of(comment)
    first = as_user(app, cast["moderator_msp"])
    second = as_user(app, cast["moderator2_msp"])
    seen = item.revision
    assert first.post(f"/moderacion/MSP/elementos/{item.id}/dismiss",
                      data={"revision": seen}).status_code == 302
    late = second.post(f"/moderacion/MSP/elementos/{item.id}/hide",
                       data={"revision": seen, "reason": "Datos personales."})
    assert late.status_code == 409
    assert "Otro moderador ya decidió" in late.text
    db.session.refresh(comment)
    assert comment.moderation == ModerationState.PUBLISHED
    assert first.post(f"/moderacion/MSP/elementos/{item.id}/unknown",
                      data={"revision": seen}).status_code == 400
    assert first.post(f"/moderacion/MSP/elementos/{item.id}/approve").status_code == 400


def test_bulk_actions_decide_several_items(app, cast, make_consultation):
    consultation = make_consultation()
    author = as_user(app, cast["author"])
    flagger = as_user(app, cast["flagger1"])
    items = []
    for text in ("Primero marcado.", "Segundo marcado."):
        post_comment(author, consultation, text)
        comment = last_comment()
        flagger.post(flag_url(comment), data={"reason": "offensive"})
        items.append(item_of(comment))
    moderator = as_user(app, cast["moderator_msp"])
    refused = moderator.post("/moderacion/MSP/lote", data={
        "action": "hide", "reason": "", "item": [f"{i.id}:{i.revision}" for i in items]})
    assert refused.status_code == 400
    response = moderator.post("/moderacion/MSP/lote", data={
        "action": "hide", "reason": "Lenguaje ofensivo.",
        "item": [f"{i.id}:{i.revision}" for i in items]})
    assert response.status_code == 302
    assert "2 de 2 elementos decididos" in moderator.get("/moderacion/MSP").text
    hidden = db.session.scalar(select(func.count(Comment.id)).where(
        Comment.moderation == ModerationState.HIDDEN))
    assert hidden == 2
    assert "Nada espera a los moderadores." in moderator.get("/moderacion/MSP").text
    # The author's history of hidden items shows on the next flagged item.
    post_comment(author, consultation, "Tercero.")
    flagger.post(flag_url(last_comment()), data={"reason": "spam"})
    assert "2 elementos ocultados antes en esta institución" in \
        moderator.get("/moderacion/MSP").text


def test_a_banned_author_cannot_comment_propose_or_support_there(app, cast,
                                                                 make_consultation,
                                                                 institutions, make_user):
    consultation = make_consultation()
    other_consultation = make_consultation(institution="MDT", title="Consulta del trabajo")
    item = _flagged_item(app, cast, consultation)
    moderator = as_user(app, cast["moderator_msp"])
    no_reason = moderator.post(f"/moderacion/MSP/elementos/{item.id}/suspender",
                               data={"days": "7", "reason": ""})
    assert no_reason.status_code == 400
    assert "Indique el motivo de la suspensión." in no_reason.text
    too_long = moderator.post(f"/moderacion/MSP/elementos/{item.id}/suspender",
                              data={"days": "9999", "reason": "Spam reiterado."})
    assert too_long.status_code == 400
    assert moderator.post(f"/moderacion/MSP/elementos/{item.id}/suspender",
                          data={"days": "7", "reason": "Spam reiterado."}).status_code == 302

    author = as_user(app, cast["author"])
    refused = post_comment(author, consultation, "Quiero seguir comentando.")
    assert refused.status_code == 403
    assert "suspendieron su participación" in refused.text
    assert "Quiero seguir comentando." in refused.text  # the text is kept
    assert post_comment(author, other_consultation, "En el MDT sí puedo.").status_code == 302

    proposal = author.post("/propuestas/nueva", data={
        "institution": "MSP", "title": "Más farmacias", "summary": "Abrir farmacias.",
        "body": "Abrir farmacias de turno en cada parroquia.", "topic": "health"})
    assert proposal.status_code in (400, 403)
    assert "suspendieron su participación" in proposal.text
    assert db.session.scalar(select(func.count(Proposal.id))) == 0

    # Supporting a proposal of the institution is refused too.
    verified = make_user("verificada@example.ec", cedula="1710034065")
    msp_proposal = proposal_service.submit_proposal(
        verified, institutions["MSP"], title="Turnos en línea", summary="Turnos.",
        body="Pedir turnos en línea.", topic=ProposalTopic.HEALTH)
    db.session.commit()
    banned = db.session.get(User, cast["author"].id)
    banned.cedula = "0926687856"
    db.session.commit()
    support = author.post(f"/propuestas/{msp_proposal.id}/apoyar")
    assert support.status_code == 403
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "moderation.banned")) == 1


def test_premoderated_consultation_holds_comments_until_approved(app, cast,
                                                                 make_consultation):
    consultation = make_consultation()
    admin = as_user(app, cast["admin_msp"])
    assert admin.post(f"/moderacion/MSP/consultas/{consultation.id}/premoderacion",
                      data={"enabled": "1"}).status_code == 302
    author = as_user(app, cast["author"])
    response = post_comment(author, consultation, "Comentario a revisar.")
    assert response.status_code == 302
    page = author.get(f"/consultas/{consultation.id}")
    assert "Comentario a revisar." in page.text and "Pendiente de moderación" in page.text
    public = as_user(app, cast["citizen"]).get(f"/consultas/{consultation.id}")
    assert "Comentario a revisar." not in public.text
    assert "Comentario a revisar." not in app.test_client().get(
        f"/consultas/{consultation.id}").text

    moderator = as_user(app, cast["moderator_msp"])
    queue = moderator.get("/moderacion/MSP")
    assert "Esperando aprobación" in queue.text and "Comentario a revisar." in queue.text
    item = item_of(last_comment())
    assert item.review == ReviewState.PENDING
    assert moderator.post(f"/moderacion/MSP/elementos/{item.id}/approve",
                          data={"revision": item.revision}).status_code == 302
    assert "Comentario a revisar." in app.test_client().get(
        f"/consultas/{consultation.id}").text


def test_flag_threshold_is_set_per_institution(app, cast, make_consultation):
    admin = as_user(app, cast["admin_msp"])
    bad = admin.post("/moderacion/MSP/ajustes", data={"flag_threshold": "0"})
    assert bad.status_code == 400
    assert admin.post("/moderacion/MSP/ajustes", data={"flag_threshold": "1"}).status_code \
        == 302
    item = _flagged_item(app, cast, make_consultation())
    assert item.comment.moderation == ModerationState.HIDDEN


def test_proposals_can_be_flagged_and_hidden(app, cast, institutions):
    proposal = proposal_service.submit_proposal(
        cast["author"], institutions["MSP"], title="Propuesta marcada", summary="Resumen.",
        body="Texto.", topic=ProposalTopic.HEALTH)
    db.session.commit()
    flagger = as_user(app, cast["flagger1"])
    assert "Señalar esta propuesta" in flagger.get(f"/propuestas/{proposal.id}").text
    assert flagger.post(f"/moderacion/marcar/propuesta/{proposal.id}",
                        data={"reason": "spam"}).status_code == 302
    moderator = as_user(app, cast["moderator_msp"])
    assert "Propuesta marcada" in moderator.get("/moderacion/MSP").text
    item = db.session.scalar(select(ModerationItem).where(
        ModerationItem.proposal_id == proposal.id))
    assert moderator.post(f"/moderacion/MSP/elementos/{item.id}/hide",
                          data={"revision": item.revision,
                                "reason": "Duplicada."}).status_code == 302
    # Everyone else sees that it is hidden, with its status, never its text.
    for visitor in (flagger, app.test_client()):
        page = visitor.get(f"/propuestas/{proposal.id}")
        assert page.status_code == 200
        assert "Propuesta ocultada por la moderación" in page.text
        assert "Propuesta ocultada por los moderadores" in page.text
        assert "Propuesta marcada" not in page.text and "Texto." not in page.text
        assert "Duplicada." not in page.text
    assert "Propuesta marcada" not in flagger.get("/propuestas/").text
    # Its author still reads it, marked as hidden, with the moderators' reason.
    page = as_user(app, cast["author"]).get(f"/propuestas/{proposal.id}")
    assert page.status_code == 200
    assert "Propuesta marcada" in page.text and "Texto." in page.text
    assert "Propuesta ocultada por los moderadores" in page.text
    assert "Duplicada." in page.text and "Apelar esta decisión" in page.text


def test_a_proposal_hidden_by_the_threshold_shows_it_waits_for_moderation(app, cast,
                                                                         institutions):
    proposal = proposal_service.submit_proposal(
        cast["author"], institutions["MSP"], title="Propuesta polémica", summary="Resumen.",
        body="Texto polémico.", topic=ProposalTopic.HEALTH)
    db.session.commit()
    for who in ("flagger1", "flagger2", "flagger3"):
        assert as_user(app, cast[who]).post(f"/moderacion/marcar/propuesta/{proposal.id}",
                                            data={"reason": "offensive"}).status_code == 302
    db.session.refresh(proposal)
    assert proposal.moderation == ModerationState.HIDDEN
    page = app.test_client().get(f"/propuestas/{proposal.id}")
    assert page.status_code == 200
    assert "Propuesta oculta en espera de moderación" in page.text
    assert "Texto polémico." not in page.text and "Propuesta polémica" not in page.text
    mine = as_user(app, cast["author"]).get(f"/propuestas/{proposal.id}").text
    assert "Texto polémico." in mine and "Propuesta oculta en espera de moderación" in mine


def test_a_proposal_held_for_premoderation_is_still_not_found(app, cast, institutions):
    proposal = proposal_service.submit_proposal(
        cast["author"], institutions["MSP"], title="Propuesta retenida", summary="Resumen.",
        body="Texto.", topic=ProposalTopic.HEALTH)
    proposal.moderation = ModerationState.PENDING
    db.session.commit()
    assert app.test_client().get(f"/propuestas/{proposal.id}").status_code == 404


def test_a_filled_honeypot_is_refused_and_nothing_is_stored(app, cast, make_consultation):
    consultation = make_consultation()
    author = as_user(app, cast["author"])
    page = author.get(f"/consultas/{consultation.id}")
    assert 'name="sitio_web"' in page.text
    response = post_comment(author, consultation, "Compre ya.", sitio_web="http://spam.example")
    assert response.status_code == 400
    assert "No se pudo enviar su mensaje" in response.text
    assert db.session.scalar(select(func.count(Comment.id))) == 0

    client = app.test_client()
    assert 'name="sitio_web"' in client.get("/cuenta/registro").text
    refused = client.post("/cuenta/registro", data={
        "name": "Robot", "email": "robot@example.ec", "password": "una clave bastante larga",
        "confirm": "una clave bastante larga", "sitio_web": "x"})
    assert refused.status_code == 400
    assert db.session.scalar(select(User).where(User.email == "robot@example.ec")) is None


def test_comments_with_too_many_links_are_refused_and_kept(app, cast, make_consultation):
    consultation = make_consultation()
    author = as_user(app, cast["author"])
    body = " ".join(f"https://ejemplo{i}.ec" for i in range(4))
    response = post_comment(author, consultation, body)
    assert response.status_code == 400
    assert "Un comentario puede contener como máximo 3 enlaces" in response.text
    assert "https://ejemplo3.ec" in response.text  # the text is kept in the form
    assert db.session.scalar(select(func.count(Comment.id))) == 0
    ok = " ".join(f"https://ejemplo{i}.ec" for i in range(3))
    assert post_comment(author, consultation, ok).status_code == 302


def test_comments_are_limited_per_account_as_well_as_per_address(app, cast, make_consultation):
    consultation = make_consultation()
    author = as_user(app, cast["author"])
    for i in range(20):
        assert post_comment(author, consultation, f"Comentario número {i}.").status_code == 302
    assert post_comment(author, consultation, "Uno más.").status_code == 429
    # The same address, another account: the per-address limit is not reached yet.
    other = as_user(app, cast["citizen"])
    assert post_comment(other, consultation, "Mi primer comentario.").status_code == 302


def test_demo_data_has_items_waiting_in_two_queues(app):
    runner = app.test_cli_runner()
    assert "Datos de demostración cargados" in runner.invoke(args=["participa", "demo"]).output
    institutions = set(db.session.scalars(select(ModerationItem.institution_id).where(
        ModerationItem.review != ReviewState.NONE)))
    assert len(institutions) >= 2
    # ... and in each of two queues a demo account can work.
    from participa.authz import MODERATING_ROLES
    from participa.models import Membership

    worked = set(db.session.scalars(select(Membership.institution_id).where(
        Membership.role.in_(MODERATING_ROLES))))
    assert len(institutions & worked) >= 2


def test_hidden_and_held_comments_stay_out_of_the_public_export(app, cast, make_consultation,
                                                                 institutions):
    from factories_consultations import shift

    consultation = make_consultation()
    author = as_user(app, cast["author"])
    post_comment(author, consultation, "Texto que se ocultará.")
    hidden = last_comment()
    moderator = as_user(app, cast["moderator_msp"])
    flagger = as_user(app, cast["flagger1"])
    flagger.post(flag_url(hidden), data={"reason": "offensive"})
    item = item_of(hidden)
    moderator.post(f"/moderacion/MSP/elementos/{item.id}/hide",
                   data={"revision": item.revision, "reason": "Insultos."})
    as_user(app, cast["admin_msp"]).post(
        f"/moderacion/MSP/consultas/{consultation.id}/premoderacion", data={"enabled": "1"})
    post_comment(author, consultation, "Texto retenido sin aprobar.")
    shift(consultation, opens_days=-30, closes_days=-1)
    export = app.test_client().get(f"/consultas/{consultation.id}/comentarios.csv")
    assert export.status_code == 200
    assert "Texto que se ocultará." not in export.text
    assert "Texto retenido sin aprobar." not in export.text
    assert f"{hidden.id}," in export.text  # the row stays, without its text


def _statements_during(fn) -> list[str]:
    from sqlalchemy import event

    statements = []

    def remember(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    return statements


def test_the_navigation_count_costs_citizens_nothing_and_moderators_one_query(app, cast):
    citizen = as_user(app, cast["citizen"])
    page = []
    statements = _statements_during(lambda: page.append(citizen.get("/")))
    assert page[0].status_code == 200
    assert not [s for s in statements if "moderation_items" in s]
    assert 'href="/moderacion/"' not in page[0].text

    moderator = as_user(app, cast["moderator_msp"])
    page = []
    statements = _statements_during(lambda: page.append(moderator.get("/")))
    assert page[0].status_code == 200
    counts = [s for s in statements if "moderation_items" in s]
    assert len(counts) == 1 and "count(" in counts[0].lower()
    assert 'href="/moderacion/"' in page[0].text
