"""Citizen proposals through HTTP: the whole life, the rules, the permission table, bad input."""
from __future__ import annotations

import threading
from email import message_from_bytes
from email.policy import default as default_policy
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from participa.demo import demo_cedula
from participa.extensions import db
from participa.models import (
    AnswerOutcome,
    AuditEntry,
    InstitutionRole,
    ModerationState,
    Proposal,
    ProposalSettings,
    ProposalState,
    ProposalSupport,
    ProposalTopic,
)
from participa.timeutil import utcnow

from conftest import login_with_code

GOOD = {"institution": "MSP", "title": "Farmacias de turno visibles en línea",
        "summary": "Publicar cada noche qué farmacias están de turno en cada cantón.",
        "body": "<p>Hoy hay que llamar a varias farmacias.</p><script>alert(1)</script>",
        "topic": "health"}


@pytest.fixture
def msp_rules(institutions):
    rules = ProposalSettings(institution=institutions["MSP"], support_threshold=2,
                             collection_days=30, answer_business_days=10)
    db.session.add(rules)
    db.session.commit()
    return rules


@pytest.fixture
def citizens(make_user, people):
    """Verified citizens (with a valid cédula): an author and three supporters."""
    return {name: make_user(f"{name}@example.ec", name=name.capitalize(),
                            cedula=demo_cedula(f"1710000{n:02d}"))
            for n, name in enumerate(["autora", "ana", "beto", "carla"])}


@pytest.fixture
def client_for(app, citizens, people):
    """A separate signed-in browser for each person."""
    everyone = {**people, **citizens}

    def make(who: str):
        browser = app.test_client()
        assert login_with_code(browser, everyone[who]).status_code == 302
        return browser
    return make


def make_proposal(author, institution, *, title="Más ciclovías", supports=(), state=None,
                  threshold=2, published_days_ago=1, window_days=30, topic=ProposalTopic.HEALTH,
                  moderation=ModerationState.PUBLISHED, due_on=None):
    published = utcnow() - timedelta(days=published_days_ago)
    proposal = Proposal(
        institution=institution, author=author, title=title, summary=f"Resumen de {title}",
        body="<p>Texto</p>", topic=topic, state=state or ProposalState.OPEN,
        moderation=moderation, support_threshold=threshold, created_at=published,
        published_at=published if moderation == ModerationState.PUBLISHED else None,
        closes_at=published + timedelta(days=window_days)
        if moderation == ModerationState.PUBLISHED else None,
        answer_due_on=due_on)
    if state == ProposalState.AWAITING_ANSWER:
        proposal.threshold_reached_at = published
        proposal.answer_due_on = due_on or date.today() + timedelta(days=10)
    db.session.add(proposal)
    db.session.flush()
    for supporter in supports:
        db.session.add(ProposalSupport(proposal_id=proposal.id, user_id=supporter.id))
    db.session.commit()
    return proposal


def mails(tmp_path) -> list[str]:
    """Each mail sent, as its recipient, subject and decoded body."""
    folder = tmp_path / "mail"
    sent = []
    for path in sorted(folder.glob("*.eml")) if folder.exists() else []:
        message = message_from_bytes(path.read_bytes(), policy=default_policy)
        sent.append(f"{message['To']}\n{message['Subject']}\n{message.get_content()}")
    return sent


def supports_of(proposal) -> int:
    return db.session.scalar(select(func.count(ProposalSupport.id)).where(
        ProposalSupport.proposal_id == proposal.id))


# --- The whole life ----------------------------------------------------------------------------

def test_a_proposal_from_submission_to_answer(app, client_for, citizens, msp_rules, tmp_path):
    author = client_for("autora")
    response = author.post("/propuestas/nueva", data=GOOD)
    assert response.status_code == 302
    proposal = db.session.scalar(select(Proposal))
    assert response.headers["Location"].endswith(f"/propuestas/{proposal.id}")
    page = author.get(f"/propuestas/{proposal.id}").get_data(as_text=True)
    assert "Farmacias de turno visibles en línea" in page
    assert "Recogiendo apoyos" in page
    assert "<script>" not in page and "Hoy hay que llamar" in page  # sanitised body
    assert '<progress id="progress" max="2" value="0">' in page

    ana = client_for("ana")
    assert ana.post(f"/propuestas/{proposal.id}/apoyar").status_code == 302
    again = ana.post(f"/propuestas/{proposal.id}/apoyar")
    assert again.status_code == 409
    assert "Usted ya apoya esta propuesta" in again.get_data(as_text=True)
    assert supports_of(proposal) == 1
    assert mails(tmp_path) == []

    beto = client_for("beto")
    assert beto.post(f"/propuestas/{proposal.id}/apoyar").status_code == 302
    db.session.refresh(proposal)
    assert proposal.state == ProposalState.AWAITING_ANSWER
    assert proposal.threshold_reached_at is not None
    assert proposal.answer_due_on > date.today()
    [threshold_mail] = mails(tmp_path)
    assert "autora@example.ec" in threshold_mail and "Farmacias de turno" in threshold_mail
    page = beto.get(f"/propuestas/{proposal.id}").get_data(as_text=True)
    assert "Esperando respuesta" in page and 'value="2"' in page

    official = client_for("official_msp")
    response = official.post(f"/propuestas/{proposal.id}/responder", data={
        "outcome": "under_study", "text": "Lo coordinaremos con ARCSA este trimestre."})
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.state == ProposalState.ANSWERED
    assert not proposal.answer.is_late
    page = ana.get(f"/propuestas/{proposal.id}").get_data(as_text=True)
    assert "En estudio" in page and "Lo coordinaremos con ARCSA" in page
    assert "Respondida a tiempo" in page
    answered_mail = mails(tmp_path)[-1]
    assert "autora@example.ec" in answered_mail and "ARCSA" in answered_mail
    assert "proposal.answered" in db.session.scalars(select(AuditEntry.action)).all()


def test_a_late_answer_is_shown_as_late(client_for, citizens, institutions):
    proposal = make_proposal(citizens["autora"], institutions["MSP"],
                             state=ProposalState.AWAITING_ANSWER,
                             due_on=date.today() - timedelta(days=3))
    official = client_for("official_msp")
    form = official.get(f"/propuestas/{proposal.id}/responder").get_data(as_text=True)
    assert "Vencida: la respuesta se mostrará como tardía" in form
    response = official.post(f"/propuestas/{proposal.id}/responder", data={
        "outcome": "rejected", "text": "No hay presupuesto para este año."})
    assert response.status_code == 302
    page = official.get(f"/propuestas/{proposal.id}").get_data(as_text=True)
    assert "Respondida tarde" in page
    assert "Rechazada, con sus razones" in page


def test_the_sweep_archives_proposals_whose_window_ended(app, client_for, citizens,
                                                         institutions):
    ended = make_proposal(citizens["autora"], institutions["MSP"], title="Ventana cerrada",
                          supports=[citizens["ana"]], published_days_ago=40, window_days=30)
    running = make_proposal(citizens["autora"], institutions["MSP"], title="Aún abierta")
    # Before any sweep, the dates already decide what people see and may do.
    beto = client_for("beto")
    assert "Archivada" in beto.get(f"/propuestas/{ended.id}").get_data(as_text=True)
    refused = beto.post(f"/propuestas/{ended.id}/apoyar")
    assert refused.status_code == 409
    assert "ya no recoge apoyos" in refused.get_data(as_text=True)

    runner = app.test_cli_runner()
    result = runner.invoke(args=["participa", "proposals-sweep"])
    assert result.exit_code == 0, result.output
    assert "1 propuestas archivadas" in result.output
    db.session.refresh(ended)
    db.session.refresh(running)
    assert ended.state == ProposalState.ARCHIVED and ended.archived_at is not None
    assert running.state == ProposalState.OPEN
    again = runner.invoke(args=["participa", "proposals-sweep"])
    assert "0 propuestas archivadas" in again.output


def test_the_sweep_moves_a_proposal_at_its_threshold(app, citizens, institutions, tmp_path):
    proposal = make_proposal(citizens["autora"], institutions["MSP"],
                             supports=[citizens["ana"], citizens["beto"]])
    result = app.test_cli_runner().invoke(args=["participa", "proposals-sweep"])
    assert "1 alcanzaron su umbral" in result.output
    db.session.refresh(proposal)
    assert proposal.state == ProposalState.AWAITING_ANSWER and proposal.answer_due_on
    assert "autora@example.ec" in mails(tmp_path)[0]


def test_mail_goes_out_in_the_authors_language(app, citizens, institutions, tmp_path):
    citizens["autora"].locale = "en"
    db.session.commit()
    make_proposal(citizens["autora"], institutions["MSP"], title="Más ciclovías",
                  supports=[citizens["ana"], citizens["beto"]])
    app.test_cli_runner().invoke(args=["participa", "proposals-sweep"])
    [mail] = mails(tmp_path)
    assert "Your proposal reached its supports: Más ciclovías" in mail
    assert "must now answer it publicly" in " ".join(mail.split())


# --- Authoring and supports ---------------------------------------------------------------------

def test_the_author_edits_until_the_first_support(client_for, citizens, institutions):
    proposal = make_proposal(citizens["autora"], institutions["MSP"])
    author = client_for("autora")
    edited = dict(GOOD, title="Farmacias de turno, versión 2")
    assert author.post(f"/propuestas/{proposal.id}/editar", data=edited).status_code == 302
    db.session.refresh(proposal)
    assert proposal.title == "Farmacias de turno, versión 2"

    assert client_for("ana").post(f"/propuestas/{proposal.id}/apoyar").status_code == 302
    page = author.get(f"/propuestas/{proposal.id}").get_data(as_text=True)
    assert f"/propuestas/{proposal.id}/editar" not in page
    response = author.post(f"/propuestas/{proposal.id}/editar",
                           data=dict(GOOD, title="Cambio tardío"))
    assert response.status_code == 409
    assert "ya no se puede editar" in response.get_data(as_text=True)
    db.session.refresh(proposal)
    assert proposal.title == "Farmacias de turno, versión 2"


def test_concurrent_double_supports_leave_exactly_one(app, client_for, citizens, institutions):
    """Two simultaneous requests from the same person, against the file-backed database."""
    proposal = make_proposal(citizens["autora"], institutions["MSP"], threshold=10)
    browsers = [client_for("ana") for _ in range(4)]
    barrier = threading.Barrier(len(browsers))
    url, statuses = f"/propuestas/{proposal.id}/apoyar", []

    def fire(browser):
        barrier.wait()
        statuses.append(browser.post(url).status_code)

    threads = [threading.Thread(target=fire, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302, 409, 409, 409]
    assert supports_of(proposal) == 1


def test_concurrent_supports_cross_the_threshold_once(app, client_for, citizens, institutions,
                                                    tmp_path):
    proposal = make_proposal(citizens["autora"], institutions["MSP"], threshold=3,
                             supports=[citizens["carla"]])
    browsers = [client_for("ana"), client_for("beto")]
    barrier = threading.Barrier(len(browsers))
    url, statuses = f"/propuestas/{proposal.id}/apoyar", []

    def fire(browser):
        barrier.wait()
        statuses.append(browser.post(url).status_code)

    threads = [threading.Thread(target=fire, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    db.session.refresh(proposal)
    assert proposal.state == ProposalState.AWAITING_ANSWER
    assert len(mails(tmp_path)) == 1


def test_the_database_refuses_a_second_support(citizens, institutions):
    proposal = make_proposal(citizens["autora"], institutions["MSP"],
                             supports=[citizens["ana"]])
    db.session.add(ProposalSupport(proposal_id=proposal.id, user_id=citizens["ana"].id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert supports_of(proposal) == 1


def test_supports_can_be_withdrawn_while_open(client_for, citizens, institutions):
    proposal = make_proposal(citizens["autora"], institutions["MSP"], threshold=5)
    ana = client_for("ana")
    ana.post(f"/propuestas/{proposal.id}/apoyar")
    assert "Retirar mi apoyo" in ana.get(f"/propuestas/{proposal.id}").get_data(as_text=True)
    assert ana.post(f"/propuestas/{proposal.id}/retirar-apoyo").status_code == 302
    assert supports_of(proposal) == 0
    assert ana.post(f"/propuestas/{proposal.id}/retirar-apoyo").status_code == 404


def test_the_author_withdraws_the_proposal(client_for, citizens, institutions):
    proposal = make_proposal(citizens["autora"], institutions["MSP"])
    assert client_for("ana").post(f"/propuestas/{proposal.id}/retirar").status_code == 403
    author = client_for("autora")
    assert author.post(f"/propuestas/{proposal.id}/retirar").status_code == 302
    db.session.refresh(proposal)
    assert proposal.state == ProposalState.WITHDRAWN
    refused = client_for("beto").post(f"/propuestas/{proposal.id}/apoyar")
    assert refused.status_code == 409 and supports_of(proposal) == 0


def test_unverified_citizens_cannot_support(client_for, citizens, institutions):
    proposal = make_proposal(citizens["autora"], institutions["MSP"])
    unverified = client_for("citizen")  # registered without a cédula
    page = unverified.get(f"/propuestas/{proposal.id}").get_data(as_text=True)
    assert "/cuenta/cedula" in page  # told how to declare the cédula supporting needs
    response = unverified.post(f"/propuestas/{proposal.id}/apoyar")
    assert response.status_code == 403
    text = response.get_data(as_text=True)
    assert "Esto requiere su cédula" in text or "This needs your cédula" in text
    assert supports_of(proposal) == 0


def test_authors_cannot_support_their_own_proposal(client_for, citizens, institutions):
    proposal = make_proposal(citizens["autora"], institutions["MSP"])
    response = client_for("autora").post(f"/propuestas/{proposal.id}/apoyar")
    assert response.status_code == 409 and supports_of(proposal) == 0


def test_anonymous_visitors_read_but_are_sent_to_sign_in_to_act(client, citizens, institutions):
    proposal = make_proposal(citizens["autora"], institutions["MSP"])
    assert client.get(f"/propuestas/{proposal.id}").status_code == 200
    for path in ("/propuestas/nueva", f"/propuestas/{proposal.id}/editar"):
        assert "/cuenta/entrar" in client.get(path).headers["Location"]
    response = client.post(f"/propuestas/{proposal.id}/apoyar")
    assert response.status_code == 302 and supports_of(proposal) == 0


# --- Pre-moderation ---------------------------------------------------------------------------

def test_premoderated_proposals_wait_for_the_institution(client, client_for, citizens,
                                                         msp_rules):
    msp_rules.premoderate_proposals = True
    db.session.commit()
    author = client_for("autora")
    assert author.post("/propuestas/nueva", data=GOOD).status_code == 302
    proposal = db.session.scalar(select(Proposal))
    assert proposal.moderation == ModerationState.PENDING and proposal.closes_at is None
    assert "Pendiente de publicación" in author.get(f"/propuestas/{proposal.id}").get_data(
        as_text=True)
    assert client.get(f"/propuestas/{proposal.id}").status_code == 404
    assert GOOD["title"] not in client.get("/propuestas/").get_data(as_text=True)
    assert client_for("ana").post(f"/propuestas/{proposal.id}/apoyar").status_code == 404

    moderator = client_for("moderator_msp")
    assert GOOD["title"] in moderator.get("/propuestas/pendientes").get_data(as_text=True)
    assert moderator.post(f"/propuestas/{proposal.id}/publicar").status_code == 302
    db.session.refresh(proposal)
    assert proposal.is_published and proposal.closes_at is not None
    assert GOOD["title"] in client.get("/propuestas/").get_data(as_text=True)


# --- Lists --------------------------------------------------------------------------------------

def test_lists_filter_sort_and_count_supports(client, citizens, institutions):
    msp, mdt = institutions["MSP"], institutions["MDT"]
    supporters = [citizens["ana"], citizens["beto"], citizens["carla"]]
    make_proposal(citizens["autora"], msp, title="Poca", supports=supporters[:1], threshold=10)
    make_proposal(citizens["autora"], msp, title="Mucha", supports=supporters, threshold=10,
                  published_days_ago=5, window_days=6)
    make_proposal(citizens["autora"], mdt, title="Empleo", topic=ProposalTopic.EMPLOYMENT,
                  threshold=10, published_days_ago=2, window_days=100)
    page = client.get("/propuestas/?orden=supports").get_data(as_text=True)
    assert page.index("Mucha") < page.index("Poca") < page.index("Empleo")
    assert '<progress id="progress-' in page and 'max="10" value="3"' in page
    page = client.get("/propuestas/?orden=newest").get_data(as_text=True)
    assert page.index("Poca") < page.index("Empleo") < page.index("Mucha")
    page = client.get("/propuestas/?orden=closing").get_data(as_text=True)
    assert page.index("Mucha") < page.index("Poca") < page.index("Empleo")
    page = client.get("/propuestas/?institucion=MDT").get_data(as_text=True)
    assert "Empleo" in page and "Poca" not in page
    page = client.get("/propuestas/?tema=employment").get_data(as_text=True)
    assert "Empleo" in page and "Mucha" not in page
    assert '<option value="employment" selected>' in page  # the filter stays chosen
    page = client.get("/propuestas/?estado=awaiting_answer").get_data(as_text=True)
    assert "Ninguna propuesta coincide" in page
    assert client.get("/propuestas/?estado=nonsense&orden=nonsense").status_code == 200


def test_lists_are_paginated_with_a_fixed_number_of_queries(app, client, citizens,
                                                            institutions):
    for n in range(25):
        make_proposal(citizens["autora"], institutions["MSP"], title=f"Propuesta {n:02d}",
                      supports=[citizens["ana"]] if n % 2 else [])
    statements = []

    def count(*_args):
        statements.append(1)
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        first = client.get("/propuestas/?orden=newest").get_data(as_text=True)
        queries_for_20 = len(statements)
        statements.clear()
        second = client.get("/propuestas/?orden=newest&pagina=2").get_data(as_text=True)
        queries_for_5 = len(statements)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert first.count('class="proposal-card"') == 20
    assert second.count('class="proposal-card"') == 5 and "Página 2 de 2" in second
    assert queries_for_20 == queries_for_5


# --- Permissions ----------------------------------------------------------------------------

ACTIONS = ["answer_msp", "settings_msp", "settings_mdt", "review_list", "view_pending",
           "publish_pending", "edit_others"]
EXPECTED = {
    #                  answer settings settings review view  publish edit
    #                  msp    msp      mdt      list   pend. pend.   others
    "citizen":        (403,   403,     403,     403,   404,  404,    403),
    "official_msp":   (200,   403,     403,     200,   200,  302,    403),
    "moderator_msp":  (403,   403,     403,     200,   200,  302,    403),
    "admin_mdt":      (403,   403,     200,     200,   404,  404,    403),
    "rector":         (403,   403,     403,     403,   404,  404,    403),
    "platform_admin": (403,   200,     200,     200,   404,  404,    403),
}
CASES = [(who, action, status) for who, statuses in EXPECTED.items()
         for action, status in zip(ACTIONS, statuses)]


@pytest.mark.parametrize("who, action, status", CASES)
def test_proposal_permission_table(client_for, citizens, institutions, who, action, status):
    msp = institutions["MSP"]
    awaiting = make_proposal(citizens["autora"], msp, title="Espera",
                             state=ProposalState.AWAITING_ANSWER)
    pending = make_proposal(citizens["autora"], msp, title="Retenida",
                            moderation=ModerationState.PENDING)
    browser = client_for(who)
    requests = {
        "answer_msp": lambda: browser.get(f"/propuestas/{awaiting.id}/responder"),
        "settings_msp": lambda: browser.get("/propuestas/ajustes/MSP"),
        "settings_mdt": lambda: browser.get("/propuestas/ajustes/MDT"),
        "review_list": lambda: browser.get("/propuestas/pendientes"),
        "view_pending": lambda: browser.get(f"/propuestas/{pending.id}"),
        "publish_pending": lambda: browser.post(f"/propuestas/{pending.id}/publicar"),
        "edit_others": lambda: browser.get(f"/propuestas/{awaiting.id}/editar"),
    }
    assert requests[action]().status_code == status


def test_officials_of_another_institution_cannot_answer(app, citizens, institutions,
                                                        make_user):
    other = make_user("funcionaria@mdt.gob.ec",
                      roles=[(institutions["MDT"], InstitutionRole.OFFICIAL)])
    proposal = make_proposal(citizens["autora"], institutions["MSP"],
                             state=ProposalState.AWAITING_ANSWER)
    browser = app.test_client()
    assert login_with_code(browser, other).status_code == 302
    response = browser.post(f"/propuestas/{proposal.id}/responder",
                            data={"outcome": "accepted", "text": "Sí"})
    assert response.status_code == 403
    db.session.refresh(proposal)
    assert proposal.state == ProposalState.AWAITING_ANSWER and proposal.answer is None


def test_institution_admins_set_the_rules(client_for, institutions):
    admin = client_for("admin_mdt")
    response = admin.post("/propuestas/ajustes/MDT", data={
        "support_threshold": "500", "collection_days": "60", "answer_business_days": "20",
        "premoderate_proposals": "y"})
    assert response.status_code == 302
    rules = db.session.scalar(select(ProposalSettings).where(
        ProposalSettings.institution_id == institutions["MDT"].id))
    assert (rules.support_threshold, rules.collection_days, rules.answer_business_days,
            rules.premoderate_proposals) == (500, 60, 20, True)
    bad = admin.post("/propuestas/ajustes/MDT", data={
        "support_threshold": "0", "collection_days": "60", "answer_business_days": "20"})
    assert bad.status_code == 400
    assert "Ingrese un número entero entre 1 y" in bad.get_data(as_text=True)


# --- Bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("field, value, message", [
    ("title", "", "Dé un título a su propuesta."),
    ("title", "x" * 151, "El título debe tener como máximo 150 caracteres."),
    ("summary", "", "Resuma su propuesta en pocas líneas."),
    ("summary", "x" * 501, "El resumen debe tener como máximo 500 caracteres."),
    ("body", "   ", "Explique su propuesta."),
    ("body", "x" * 20001, "El texto debe tener como máximo 20000 caracteres."),
    ("topic", "astrology", "Opción inválida."),
    ("institution", "NOPE", "Opción inválida."),
])
def test_bad_proposals_are_refused_keeping_the_text(client_for, citizens, institutions, field,
                                                    value, message):
    author = client_for("autora")
    response = author.post("/propuestas/nueva", data=dict(GOOD, **{field: value}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    for kept in ("title", "summary"):
        if kept != field:
            assert GOOD[kept] in page
    assert db.session.scalar(select(func.count(Proposal.id))) == 0


def test_an_answer_without_reasons_is_refused(client_for, citizens, institutions):
    proposal = make_proposal(citizens["autora"], institutions["MSP"],
                             state=ProposalState.AWAITING_ANSWER)
    official = client_for("official_msp")
    response = official.post(f"/propuestas/{proposal.id}/responder",
                             data={"outcome": "rejected", "text": ""})
    assert response.status_code == 400
    assert "Escriba la respuesta y sus razones." in response.get_data(as_text=True)
    response = official.post(f"/propuestas/{proposal.id}/responder",
                             data={"outcome": "maybe", "text": "Razones guardadas"})
    assert response.status_code == 400 and "Razones guardadas" in response.get_data(as_text=True)
    db.session.refresh(proposal)
    assert proposal.answer is None


def test_a_proposal_cannot_be_answered_twice(client_for, citizens, institutions):
    proposal = make_proposal(citizens["autora"], institutions["MSP"],
                             state=ProposalState.AWAITING_ANSWER)
    official = client_for("official_msp")
    data = {"outcome": "accepted", "text": "Se hará."}
    assert official.post(f"/propuestas/{proposal.id}/responder", data=data).status_code == 302
    assert official.post(f"/propuestas/{proposal.id}/responder", data=data).status_code == 409


# --- Deadlines with frozen time (service level) ---------------------------------------------

@pytest.mark.parametrize("answered_at, late", [
    (datetime(2026, 12, 1, 4, 59), False),   # Monday 23:59 in Guayaquil: the last minute
    (datetime(2026, 12, 1, 5, 0), True),     # Tuesday 00:00 in Guayaquil
])
def test_the_answer_deadline_counts_business_days(citizens, institutions, people, msp_rules,
                                                  answered_at, late):
    from participa.proposals import service

    msp_rules.answer_business_days = 1
    friday = datetime(2026, 11, 27, 15, 0)
    proposal = service.submit_proposal(citizens["autora"], institutions["MSP"], title="Plazo",
                                       summary="Resumen", body="Texto",
                                       topic=ProposalTopic.HEALTH, now=friday)
    assert service.support_proposal(citizens["ana"], proposal, now=friday) is False
    assert service.support_proposal(citizens["beto"], proposal, now=friday) is True
    assert proposal.answer_due_on == date(2026, 11, 30)  # Friday + 1 business day = Monday
    assert service.is_overdue(proposal, now=answered_at) is late
    answer = service.answer_proposal(people["official_msp"], proposal,
                                     outcome=AnswerOutcome.ACCEPTED, text="Se hará.",
                                     now=answered_at)
    assert answer.is_late is late


def test_a_threshold_reached_after_the_window_does_not_count(citizens, institutions,
                                                             msp_rules):
    from participa.domain import Conflict
    from participa.proposals import service

    start = datetime(2026, 11, 2, 12, 0)
    proposal = service.submit_proposal(citizens["autora"], institutions["MSP"], title="Tarde",
                                       summary="Resumen", body="Texto",
                                       topic=ProposalTopic.HEALTH, now=start)
    service.support_proposal(citizens["ana"], proposal, now=start)
    closed = start + timedelta(days=msp_rules.collection_days)
    with pytest.raises(Conflict):
        service.support_proposal(citizens["beto"], proposal, now=closed)
    assert proposal.effective_state(closed) == ProposalState.ARCHIVED
    assert service.sweep(now=closed).archived == [proposal]
    assert service.sweep(now=closed).archived == []
