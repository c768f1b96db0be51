"""Moderation after the decision: the list of decided items and what can still be done with
them, appeals offered only to who may decide them and escalated to the platform's
administrators when nobody in the institution may, and a bulk form with no default action."""
from __future__ import annotations

import pytest
from factories_consultations import make_consultation, uploads_in_tmp  # noqa: F401
from sqlalchemy import select
from test_moderation import as_user, cast, flag_url, item_of, last_comment, post_comment  # noqa: F401

from participa.extensions import db
from participa.models import Ban, InstitutionRole, ModerationState, ReviewState


def _hidden_and_appealed(app, cast, consultation, moderator):  # noqa: F811
    author = as_user(app, cast["author"])
    post_comment(author, consultation, "Comentario que se ocultará.")
    comment = last_comment()
    as_user(app, cast["flagger1"]).post(flag_url(comment), data={"reason": "spam"})
    item = item_of(comment)
    client = as_user(app, moderator)
    acronym = consultation.institution.acronym
    assert client.post(f"/moderacion/{acronym}/elementos/{item.id}/hide", data={
        "revision": item.revision, "reason": "Publicidad."}).status_code == 302
    assert author.post(f"/moderacion/avisos/{item.id}/apelar", data={
        "text": "No era publicidad."}).status_code == 302
    db.session.refresh(item)
    return item, client


def test_the_moderator_who_hid_an_item_is_not_offered_its_appeal(app, cast,  # noqa: F811
                                                                   make_consultation):
    """The moderator who hid an item was shown the appeal's buttons, then refused."""
    item, own = _hidden_and_appealed(app, cast, make_consultation(), cast["moderator_msp"])
    page = own.get("/moderacion/MSP").text
    assert "No era publicidad." in page
    assert f"/moderacion/MSP/elementos/{item.id}/restore" not in page
    assert f"/moderacion/MSP/elementos/{item.id}/hide" not in page
    assert "Esta apelación la decide otra persona" in page
    other = as_user(app, cast["moderator2_msp"]).get("/moderacion/MSP").text
    assert f"/moderacion/MSP/elementos/{item.id}/restore" in other


def test_an_appeal_in_a_one_moderator_institution_goes_to_the_platform(app, cast, people,  # noqa: F811
                                                                        make_institution,
                                                                        make_user):
    """With one moderator, an appeal of what they hid could never be decided."""
    from factories_consultations import shift

    from participa.consultations import service
    from participa.timeutil import utcnow

    mintur = make_institution("MINTUR", "Ministerio de Turismo", "Turismo")
    only = make_user("unica@turismo.gob.ec", name="Única Moderadora",
                     roles=[(mintur, InstitutionRole.MODERATOR)])
    consultation = service.create_consultation(
        only, mintur, title="Guías de turismo", summary="s", topic="Turismo",
        body="## Art. 1\nTexto", opens_at=utcnow(), closes_at=utcnow().replace(year=2100))
    db.session.commit()
    shift(consultation, opens_days=-1, closes_days=10)
    item, own = _hidden_and_appealed(app, cast, consultation, only)
    assert f"/moderacion/MINTUR/elementos/{item.id}/restore" not in own.get("/moderacion/MINTUR").text
    assert "administradores de la plataforma" in own.get("/moderacion/MINTUR").text

    admin = as_user(app, people["platform_admin"])
    queue = admin.get("/moderacion/apelaciones")
    assert queue.status_code == 200
    assert "No era publicidad." in queue.text and "MINTUR" in queue.text
    response = admin.post(f"/moderacion/MINTUR/elementos/{item.id}/restore", data={
        "revision": item.revision, "reason": "Revisado por la plataforma.",
        "next": "/moderacion/apelaciones"})
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.review == ReviewState.NONE
    assert item.comment.moderation == ModerationState.PUBLISHED
    assert "No era publicidad." not in admin.get("/moderacion/apelaciones").text


def test_the_platform_does_not_decide_appeals_an_institution_can(app, cast,  # noqa: F811
                                                                   make_consultation):
    item, _own = _hidden_and_appealed(app, cast, make_consultation(), cast["moderator_msp"])
    admin = as_user(app, cast["platform_admin"])
    assert "No era publicidad." not in admin.get("/moderacion/apelaciones").text
    assert admin.post(f"/moderacion/MSP/elementos/{item.id}/restore", data={
        "revision": item.revision}).status_code == 403
    assert as_user(app, cast["citizen"]).get("/moderacion/apelaciones").status_code == 403


def test_decided_items_stay_listed_with_what_can_still_be_done(app, cast,  # noqa: F811
                                                                 make_consultation):
    """After hiding, an item left the queue and no list remained, so its author could not
    be suspended later."""
    consultation = make_consultation()
    author = as_user(app, cast["author"])
    post_comment(author, consultation, "Insulto a otro participante.")
    comment = last_comment()
    as_user(app, cast["flagger1"]).post(flag_url(comment), data={"reason": "offensive"})
    item = item_of(comment)
    moderator = as_user(app, cast["moderator_msp"])
    moderator.post(f"/moderacion/MSP/elementos/{item.id}/hide", data={
        "revision": item.revision, "reason": "Lenguaje ofensivo."})
    assert "Insulto a otro participante." not in moderator.get("/moderacion/MSP").text

    decided = moderator.get("/moderacion/MSP/decididos")
    assert decided.status_code == 200
    assert "Insulto a otro participante." in decided.text and "Lenguaje ofensivo." in decided.text
    assert "Eva Moderadora" in decided.text
    assert "Insulto" not in moderator.get("/moderacion/MSP/decididos?estado=public").text
    assert "Insulto" in moderator.get("/moderacion/MSP/decididos?estado=hidden").text
    assert "Insulto" not in moderator.get("/moderacion/MSP/decididos?tipo=proposal").text

    response = moderator.post(f"/moderacion/MSP/elementos/{item.id}/suspender", data={
        "days": "7", "reason": "Insultos reiterados.", "next": "/moderacion/MSP/decididos"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/moderacion/MSP/decididos")
    assert db.session.scalar(select(Ban).where(Ban.user_id == cast["author"].id)) is not None

    db.session.refresh(item)
    response = moderator.post(f"/moderacion/MSP/elementos/{item.id}/restore", data={
        "revision": item.revision, "reason": "Reconsiderado.",
        "next": "/moderacion/MSP/decididos"})
    assert response.status_code == 302
    db.session.refresh(comment)
    assert comment.moderation == ModerationState.PUBLISHED
    assert as_user(app, cast["moderator_mdt"]).get("/moderacion/MSP/decididos").status_code \
        == 403


@pytest.mark.parametrize("action", [None, ""])
def test_the_bulk_form_has_no_default_action(app, cast, make_consultation, action):  # noqa: F811
    """The bulk form defaulted to "Approve" above the items."""
    consultation = make_consultation()
    author = as_user(app, cast["author"])
    post_comment(author, consultation, "Marcado para el lote.")
    comment = last_comment()
    as_user(app, cast["flagger1"]).post(flag_url(comment), data={"reason": "spam"})
    item = item_of(comment)
    moderator = as_user(app, cast["moderator_msp"])
    page = moderator.get("/moderacion/MSP").text
    assert '<option value="" selected' in page
    data = {"item": [f"{item.id}:{item.revision}"], "reason": ""}
    if action is not None:
        data["action"] = action
    response = moderator.post("/moderacion/MSP/lote", data=data)
    assert response.status_code == 400
    assert "Elija qué hacer con los elementos seleccionados." in response.text
    db.session.refresh(item)
    assert item.review == ReviewState.FLAGGED
