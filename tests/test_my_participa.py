"""A citizen's own Participa: Mi Participa, the notices, mail preferences per kind, the
suspension banner, a readable "Mis datos", and a signed-out citizen following their case."""
from __future__ import annotations

import json
import re

import pytest
from flask_babel import force_locale, format_date
from sqlalchemy import event, inspect

from participa import mail_preferences
from participa.moderation import service as moderation
from participa.citizen import notices
from participa.consultations import comments
from participa.moderation import notify as moderation_notify
from participa.moderation.service import items as moderation_items
from participa.domain import Forbidden
from participa.extensions import db
from participa.mail_preferences import MailKind
from participa.models import ContentKind, Stance
from participa.timeutil import utcnow

from conftest import login
from factories_cases import make_case, make_category, read_mails
from factories_consultations import make_consultation  # noqa: F401  (fixture)

CEDULA = "1710034065"


def body(response) -> str:
    return response.get_data(as_text=True)


def english(client) -> None:
    """New messages are translated at release; the tests read the English pages."""
    client.post("/idioma", data={"lang": "en", "next": "/"})


# --- Mis datos ----------------------------------------------------------------------------

def test_my_data_names_no_internal_object_after_adding_a_cedula(client, people):
    citizen = people["citizen"]
    login(client, citizen.email)
    response = client.post("/cuenta/cedula", data={"cedula": CEDULA})
    assert response.status_code == 302
    page = body(client.get("/cuenta/mis-datos"))
    assert "LocalProxy" not in page
    data = json.loads(body(client.get("/cuenta/mis-datos.json")))
    entries = data["sections"]["audit_entries"]["rows"]
    added = [e for e in entries if e["action"] == "account.cedula_added"]
    assert added and added[0]["about"] == "you"


# --- Following a case while signed out ------------------------------------------------------

def test_a_signed_out_citizen_following_an_account_case_is_asked_to_sign_in(
        client, people, institutions):
    category = make_category(institutions["MSP"])
    case = make_case(people["citizen"], institutions["MSP"], category)
    english(client)
    response = client.get(f"/casos/{case.code}")
    page = body(response)
    assert response.status_code == 401
    assert "does not exist" not in page
    assert "Sign in to see this case" in page
    assert f'/cuenta/entrar?next=/casos/{case.code}' in page
    # Signed in as its citizen, the same link shows the case.
    login(client, people["citizen"].email)
    response = client.get(f"/casos/{case.code}")
    assert response.status_code == 200 and case.code in body(response)


# --- Helpers --------------------------------------------------------------------------------

def _official_answer(people, consultation, text="Pregunta sobre el artículo 2"):
    citizen = people["citizen"]
    comment = comments.add_comment(citizen, consultation, body=text, stance=Stance.NEUTRAL)
    db.session.commit()
    reply = comments.add_comment(people["official_msp"], consultation,
                                 body="Respuesta oficial: se aplica a ambos.",
                                 stance=Stance.NEUTRAL, parent_id=comment.id)
    db.session.commit()
    return comment, reply


def _hidden_by_moderator(people, institutions, consultation):
    comment = comments.add_comment(people["citizen"], consultation, body="Texto a ocultar",
                                   stance=Stance.AGAINST)
    db.session.commit()
    item = moderation_items.item_for(ContentKind.COMMENT, comment, institutions["MSP"])
    db.session.flush()
    notice = moderation.hide(people["moderator_msp"], item, item.revision,
                             "Datos personales de terceros")
    db.session.commit()
    moderation_notify.send(notice)
    db.session.commit()
    return item


def _public_change(case, when=None):
    case.last_public_at = when or utcnow()
    db.session.commit()


# --- One notices page ---------------------------------------------------------------------

def test_one_notices_page_with_the_unread_count_in_the_header(
        client, people, institutions, make_consultation):
    consultation = make_consultation(phase="open")
    _comment, _reply = _official_answer(people, consultation)
    _hidden_by_moderator(people, institutions, consultation)
    case = make_case(people["citizen"], institutions["MSP"], make_category(institutions["MSP"]))
    _public_change(case)
    english(client)
    login(client, people["citizen"].email)

    home = body(client.get("/"))
    assert 'href="/cuenta/avisos"' in home
    assert '<span class="unread-count" aria-hidden="true">3</span>' in home

    page = body(client.get("/cuenta/avisos"))
    assert "An official answered your comment on" in page
    assert "The moderators hid your content." in page
    assert "Datos personales de terceros" in page           # the reason
    assert "Appeal this decision" in page
    assert f"Your case {case.code}" in page
    assert page.count("<strong>New:</strong>") == 3

    # Opened: read from now on, and the header says so.
    assert "unread-count" not in body(client.get("/"))
    page = body(client.get("/cuenta/avisos"))
    assert "<strong>New:</strong>" not in page and "An official answered" in page


def test_the_old_notice_addresses_lead_to_the_one_page(client, people):
    login(client, people["citizen"].email)
    for old in ("/avisos", "/moderacion/avisos"):
        response = client.get(old)
        assert response.status_code == 301
        assert response.headers["Location"].endswith("/cuenta/avisos")


def test_an_appeal_refused_shows_again_on_the_notices_page(
        client, people, institutions, make_consultation):
    item = _hidden_by_moderator(people, institutions, make_consultation(phase="open"))
    english(client)
    login(client, people["citizen"].email)
    response = client.post(f"/moderacion/avisos/{item.id}/apelar", data={"text": ""})
    assert response.status_code == 400
    assert "The moderators hid your content." in body(response)
    response = client.post(f"/moderacion/avisos/{item.id}/apelar",
                           data={"text": "No publiqué datos de nadie."})
    assert response.headers["Location"].endswith("/cuenta/avisos")


def test_mark_all_as_read(client, people, institutions, make_consultation):
    _official_answer(people, make_consultation(phase="open"))
    login(client, people["citizen"].email)
    client.post("/cuenta/avisos")
    assert notices.unread_count(people["citizen"]) == 0


def test_the_unread_count_is_one_query(app, people, institutions, make_consultation):
    _official_answer(people, make_consultation(phase="open"))
    assert people["citizen"].id  # the user is loaded before the count is watched
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert notices.unread_count(people["citizen"]) == 1
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1
    indexes = {ix["name"] for ix in inspect(db.engine).get_indexes("notifications")}
    assert "ix_notifications_user_unread" in indexes


def test_notices_and_mi_participa_are_only_the_persons_own(client, people, make_user,
                                                           make_consultation):
    comment, _reply = _official_answer(people, make_consultation(phase="open"))
    for path in ("/mi-participa", "/cuenta/avisos"):
        assert client.get(path).headers["Location"].startswith("/cuenta/entrar")
    other = make_user("otro@example.ec", name="Otro Ciudadano")
    english(client)
    login(client, other.email)
    assert notices.unread_count(other) == 0
    assert "You have no notices." in body(client.get("/cuenta/avisos"))
    assert f"#comentario-{comment.id}" not in body(client.get("/mi-participa"))


# --- Mi Participa --------------------------------------------------------------------------

def test_mi_participa_lists_what_the_citizen_did(client, people, institutions,
                                                 make_consultation):
    consultation = make_consultation(phase="open")
    comment, reply = _official_answer(people, consultation)
    category = make_category(institutions["MSP"])
    case = make_case(people["citizen"], institutions["MSP"], category)
    english(client)
    login(client, people["citizen"].email)
    page = body(client.get("/mi-participa"))
    assert f'href="/casos/{case.code}"' in page
    assert "Answer due by" in page
    assert f"#comentario-{comment.id}" in page and f"#comentario-{reply.id}" in page
    assert "An official answered" in page
    assert "Published" in page                              # the comment's moderation state
    # No cédula: the next step is to add one.
    assert 'href="/cuenta/cedula?next=/mi-participa"' in page
    assert "Mi Participa" in body(client.get("/"))         # the header's link


def test_mi_participa_shows_supports_votes_and_the_verification_step(
        client, make_user, institutions):
    from participa.proposals import service as proposals_service
    from participa.models import ProposalTopic

    author = make_user("autora@example.ec", name="Autora", cedula="0926687856")
    citizen = make_user("apoyo@example.ec", name="Apoyo", cedula=CEDULA)
    proposal = proposals_service.submit_proposal(
        author, institutions["MSP"], title="Más horarios nocturnos",
        summary="Atención de 18:00 a 22:00.", body="Que los centros de salud abran de noche.",
        topic=list(ProposalTopic)[0])
    db.session.commit()
    proposals_service.support_proposal(citizen, proposal)
    db.session.commit()
    english(client)
    login(client, citizen.email)
    page = body(client.get("/mi-participa"))
    assert f'href="/propuestas/{proposal.id}"' in page
    assert 'href="/cuenta/identidad"' in page               # the next step: verify


# --- Mail preferences per kind ----------------------------------------------------------------

def test_mail_preferences_per_kind_on_the_account_page(client, people):
    citizen = people["citizen"]
    english(client)
    login(client, citizen.email)
    page = body(client.get("/cuenta/"))
    assert 'action="/cuenta/preferencias-de-correo"' in page
    for kind in ("consultations", "proposals", "cases", "moderation"):
        assert f'name="{kind}"' in page
    response = client.post("/cuenta/preferencias-de-correo", data={"consultations": "y", "cases": "y"})
    assert response.status_code == 302
    wanted = mail_preferences.wanted(citizen)
    assert wanted == {MailKind.CONSULTATIONS: True, MailKind.PROPOSALS: False,
                      MailKind.CASES: True, MailKind.MODERATION: False}
    page = body(client.get("/cuenta/"))
    assert 'name="proposals" type="checkbox" value="y">' in page


def test_a_kind_mail_carries_list_unsubscribe_and_one_click_stops_it(
        app, client, tmp_path, people, make_consultation):
    consultation = make_consultation(phase="open")
    _official_answer(people, consultation)
    mails = [m for m in read_mails(tmp_path) if m["To"] == people["citizen"].email]
    assert mails
    mail = mails[-1]
    header = mail["List-Unsubscribe"]
    assert header.startswith("<http") and "/correo/baja/" in header
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = header.strip("<>")
    assert link in mail.get_content()
    path = "/" + link.split("/", 3)[3]
    # The mail program's one-click POST, without a session or a form token.
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 204
    assert not mail_preferences.wants(people["citizen"], MailKind.CONSULTATIONS)
    assert mail_preferences.wants(people["citizen"], MailKind.PROPOSALS)
    # No more consultation mail.
    before = len(read_mails(tmp_path))
    _official_answer(people, consultation, text="Otra pregunta")
    assert len(read_mails(tmp_path)) == before
    # A forged token is refused.
    assert client.post("/correo/baja/falso").status_code == 404


def test_the_page_after_unsubscribing_offers_to_subscribe_again(client, people):
    citizen = people["citizen"]
    token = mail_preferences.token_for(citizen.id, MailKind.PROPOSALS)
    english(client)
    page = body(client.get(f"/correo/baja/{token}"))
    assert "stop receiving mail about proposals" in page
    page = body(client.post(f"/correo/baja/{token}"))
    assert "Subscribe again" in page
    assert not mail_preferences.wants(citizen, MailKind.PROPOSALS)
    page = body(client.post(f"/correo/alta/{token}"))
    assert "receive mail about proposals again" in page
    assert mail_preferences.wants(citizen, MailKind.PROPOSALS)


def test_old_consultation_unsubscribe_links_still_work(client, people):
    from participa.consultations.notify import unsubscribe_token
    from itsdangerous import URLSafeSerializer

    legacy = URLSafeSerializer("test-secret-key", salt="participa-unsubscribe").dumps(
        {"uid": people["citizen"].id})
    assert client.post(f"/avisos/baja/{legacy}").status_code == 200
    assert not mail_preferences.wants(people["citizen"], MailKind.CONSULTATIONS)
    assert unsubscribe_token(people["citizen"].id)


def test_essential_mail_cannot_be_unsubscribed_from_and_says_so(client, tmp_path, people):
    english(client)
    client.post("/cuenta/recuperar", data={"email": people["citizen"].email})
    mails = [m for m in read_mails(tmp_path) if m["To"] == people["citizen"].email]
    assert mails
    assert mails[-1]["List-Unsubscribe"] is None
    assert "cannot be unsubscribed from" in mails[-1].get_content()


# --- Suspension ----------------------------------------------------------------------------

def test_a_suspended_citizen_is_told_by_mail_and_on_every_page(
        client, tmp_path, people, institutions):
    citizen = people["citizen"]
    ban = moderation.ban(people["moderator_msp"], institutions["MSP"], citizen, days=30,
                         reason="Insultos repetidos")
    db.session.commit()
    mails = [m for m in read_mails(tmp_path) if m["To"] == citizen.email]
    assert len(mails) == 1
    assert "Insultos repetidos" in mails[0].get_content()
    assert mails[0]["List-Unsubscribe"] is None
    with force_locale("es"):
        in_words = format_date(ban.until, "long")
    assert re.fullmatch(r"\d{1,2} de [a-z]+ de \d{4}", in_words)  # "8 de diciembre de 2026"
    assert in_words in mails[0].get_content()

    login(client, citizen.email)
    for path in ("/", "/mi-participa", "/consultas"):
        page = body(client.get(path))
        assert "suspension-banner" in page and "Insultos repetidos" in page
        assert in_words in page


def test_the_refusal_when_posting_gives_the_date_in_words(
        client, people, institutions, make_consultation):
    consultation = make_consultation(phase="open")
    citizen = people["citizen"]
    moderation.ban(people["moderator_msp"], institutions["MSP"], citizen, days=10,
                   reason="Spam")
    db.session.commit()
    with pytest.raises(Forbidden) as refused:
        comments.add_comment(citizen, consultation, body="Hola", stance=Stance.NEUTRAL)
    db.session.rollback()
    with force_locale("es"):
        message = str(refused.value.message)
    assert "hasta el " in message and " de 20" in message
    assert not re.search(r"\d{4}-\d{2}-\d{2}", message)


def test_my_data_is_readable_labels_in_the_readers_language_and_local_times(client, people):
    from datetime import datetime

    citizen = people["citizen"]
    citizen.created_at = datetime(2026, 3, 1, 15, 30)  # UTC: 10:30 in Guayaquil
    db.session.commit()
    english(client)
    login(client, citizen.email)
    page = body(client.get("/cuenta/mis-datos"))
    assert "<dt>created_at</dt>" not in page and "<dt>display_name</dt>" not in page
    assert "<dt>Email address</dt>" in page
    assert "March 1, 2026" in page and "10:30" in page and "2026-03-01T15:30" not in page
    # The download keeps stable English keys and ISO times, for machines.
    data = json.loads(body(client.get("/cuenta/mis-datos.json")))
    profile = data["sections"]["users"]["rows"][0]
    assert profile["created_at"] == "2026-03-01T15:30:00"
    assert "display_name" in profile
