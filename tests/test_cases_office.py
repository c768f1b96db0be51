"""Institutions work their case queue: permissions, the lifecycle, bulk assignment,
escalation, categories and holidays."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from participa.cases import service
from participa.cases.businessdays import due_date, local_date
from participa.extensions import db
from participa.models import (AuditEntry, Case, CaseCategory, CaseEvent, CaseState, EventKind,
                              Holiday, InstitutionRole)

from factories_cases import make_case, make_category, read_mails


@pytest.fixture
def msp_case(people, institutions):
    category = make_category(institutions["MSP"], "Citas médicas")
    return make_case(people["citizen"], institutions["MSP"], category)


# Every role against the institution pages of MSP: who may see what.
PAGES = {
    "queue": "/casos/institucion/MSP",
    "case": "/casos/institucion/MSP/{id}",
    "categories": "/casos/institucion/MSP/categorias",
    "mdt_categories": "/casos/institucion/MDT/categorias",
    "holidays": "/casos/feriados",
    "statistics": "/casos/estadisticas",
}
EXPECTED = {
    #                  queue case cats mdt  holidays statistics
    "citizen":        (403,  403, 403, 403, 403,     403),
    "official_msp":   (200,  200, 403, 403, 403,     403),
    "moderator_msp":  (403,  403, 403, 403, 403,     403),
    "admin_mdt":      (403,  403, 403, 200, 403,     403),
    "rector":         (403,  403, 403, 403, 403,     200),
    "platform_admin": (403,  403, 200, 200, 200,     200),
}
TABLE = [(who, page, status) for who, statuses in EXPECTED.items()
         for page, status in zip(PAGES, statuses)]


@pytest.mark.parametrize("who, page, status", TABLE)
def test_case_office_permission_table(client, login_as, msp_case, who, page, status):
    login_as(who)
    assert client.get(PAGES[page].format(id=msp_case.id)).status_code == status


# Who may do what to an MSP case (an answer, the most consequential action).
ANSWER = {"answer-answer": "Respuesta", "answer-reasons": "Motivos de la respuesta"}


@pytest.mark.parametrize("who, status", [
    ("citizen", 403), ("official_msp", 302), ("moderator_msp", 403), ("admin_mdt", 403),
    ("rector", 403), ("platform_admin", 403)])
def test_only_the_institutions_officials_answer(client, login_as, msp_case, who, status):
    login_as(who)
    response = client.post(f"/casos/institucion/MSP/{msp_case.id}/responder", data=ANSWER)
    assert response.status_code == status
    db.session.refresh(msp_case)
    assert (msp_case.state == CaseState.ANSWERED) == (status == 302)


def test_another_institutions_case_id_is_not_found(client, login_as, people, institutions,
                                                   msp_case):
    institutions["MDT"].memberships  # noqa: B018
    login_as("admin_mdt")
    assert client.get(f"/casos/institucion/MDT/{msp_case.id}").status_code == 404
    response = client.post(f"/casos/institucion/MDT/{msp_case.id}/responder", data=ANSWER)
    assert response.status_code == 404
    db.session.refresh(msp_case)
    assert msp_case.state == CaseState.RECEIVED


def test_the_official_works_a_case_through_its_lifecycle(client, login_as, people, msp_case,
                                                         tmp_path):
    login_as("official_msp")
    base = f"/casos/institucion/MSP/{msp_case.id}"
    official = people["official_msp"]
    assert client.post(f"{base}/asignar", data={"assign-assignee": official.id}).status_code == 302
    assert client.post(f"{base}/iniciar").status_code == 302
    assert client.post(f"{base}/nota", data={"note-note": "Llamar al centro de salud."}
                       ).status_code == 302
    response = client.post(f"{base}/responder", data={"answer-answer": "Cita agendada.",
                                                      "answer-reasons": ""})
    assert response.status_code == 400
    assert "Indique los motivos de la respuesta." in response.get_data(as_text=True)
    assert "Cita agendada." in response.get_data(as_text=True)
    assert client.post(f"{base}/responder", data=ANSWER).status_code == 302
    # Closing waits for the citizen's reopening period.
    response = client.post(f"{base}/cerrar")
    assert response.status_code == 409
    db.session.refresh(msp_case)
    assert msp_case.state == CaseState.ANSWERED
    msp_case.answered_at -= timedelta(days=20)
    db.session.commit()
    assert client.post(f"{base}/cerrar").status_code == 302
    db.session.refresh(msp_case)
    assert msp_case.state == CaseState.CLOSED
    kinds = [e.kind for e in msp_case.events]
    assert kinds == [EventKind.FILED, EventKind.ASSIGNED, EventKind.STARTED, EventKind.NOTE,
                     EventKind.ANSWERED, EventKind.CLOSED]
    assert all(e.actor_id == official.id for e in msp_case.events[1:])
    page = client.get(base).get_data(as_text=True)
    assert "Llamar al centro de salud." in page and "No se muestra a la ciudadanía" in page
    # The citizen was told of every public change, never of the internal note.
    bodies = [message.get_content() for message in read_mails(tmp_path)]
    assert len(bodies) == 4  # assigned, started, answered, closed
    assert any("Motivos de la respuesta" in body for body in bodies)
    assert not any("Llamar al centro" in body for body in bodies)


def test_an_official_of_another_institution_cannot_be_assigned(client, login_as, people,
                                                               msp_case):
    login_as("official_msp")
    response = client.post(f"/casos/institucion/MSP/{msp_case.id}/asignar",
                           data={"assign-assignee": people["admin_mdt"].id})
    assert response.status_code == 400
    assert "Elija a un servidor de esta institución." in response.get_data(as_text=True)
    db.session.refresh(msp_case)
    assert msp_case.assignee_id is None


def test_rejection_needs_reasons(client, login_as, msp_case):
    login_as("official_msp")
    base = f"/casos/institucion/MSP/{msp_case.id}"
    assert client.post(f"{base}/rechazar", data={"reject-reasons": ""}).status_code == 400
    response = client.post(f"{base}/rechazar", data={
        "reject-reasons": "Los permisos de funcionamiento son competencia municipal."})
    assert response.status_code == 302
    db.session.refresh(msp_case)
    assert msp_case.state == CaseState.REJECTED
    assert client.post(f"{base}/responder", data=ANSWER).status_code == 409


def test_a_transfer_moves_the_case_with_its_history(client, login_as, people, institutions,
                                                    msp_case):
    login_as("official_msp")
    service.add_note(people["official_msp"], msp_case, "Corresponde al MDT.")
    db.session.commit()
    response = client.post(f"/casos/institucion/MSP/{msp_case.id}/trasladar", data={
        "transfer-institution": institutions["MDT"].id,
        "transfer-reasons": "Es un reclamo laboral."})
    assert response.status_code == 302
    db.session.refresh(msp_case)
    assert msp_case.institution_id == institutions["MDT"].id
    assert msp_case.state == CaseState.RECEIVED and msp_case.category_id is None
    assert client.get(f"/casos/institucion/MSP/{msp_case.id}").status_code == 404
    client.post("/cuenta/salir")
    login_as("admin_mdt")
    assert msp_case.code in client.get("/casos/institucion/MDT").get_data(as_text=True)
    page = client.get(f"/casos/institucion/MDT/{msp_case.id}").get_data(as_text=True)
    assert "Corresponde al MDT." in page and "De MSP a MDT" in page
    # The receiving institution puts it in one of its own categories; its deadline applies.
    mdt_category = make_category(institutions["MDT"], "Despidos", deadline_days=5)
    other = make_category(institutions["MSP"], "Otra de MSP")
    base = f"/casos/institucion/MDT/{msp_case.id}/categorizar"
    assert client.post(base, data={"categorise-category": other.id}).status_code == 400
    assert client.post(base, data={"categorise-category": mdt_category.id}).status_code == 302
    db.session.refresh(msp_case)
    transferred_on = local_date(msp_case.events[-2].at)
    assert msp_case.category_id == mdt_category.id
    assert msp_case.due_on == due_date(transferred_on, 5)


def test_queue_filters_and_bulk_assignment(client, login_as, people, institutions, make_user):
    msp = institutions["MSP"]
    colleague = make_user("colega@msp.gob.ec", name="Carla Colega",
                          roles=[(msp, InstitutionRole.OFFICIAL)])
    category = make_category(msp, "Medicamentos", deadline_days=5)
    cases = [make_case(people["citizen"], msp, category, subject=f"Caso número {n}")
             for n in range(3)]
    cases[0].due_on = date(2020, 1, 6)
    db.session.commit()
    login_as("official_msp")
    page = client.get("/casos/institucion/MSP?vencidos=y").get_data(as_text=True)
    assert "Caso número 0" in page and "Caso número 1" not in page
    assert "Casos abiertos: 3. Vencidos: 1." in page

    response = client.post("/casos/institucion/MSP/asignar", data={
        "case_ids": [cases[0].id, cases[1].id], "assignee": colleague.id})
    assert response.status_code == 302
    page = client.get(f"/casos/institucion/MSP?asignado={colleague.id}").get_data(as_text=True)
    assert "Caso número 0" in page and "Caso número 1" in page and "Caso número 2" not in page
    page = client.get("/casos/institucion/MSP?asignado=none&estado=received").get_data(
        as_text=True)
    assert "Caso número 2" in page and "Caso número 0" not in page


def test_bulk_assignment_ignores_cases_of_other_institutions(client, login_as, people,
                                                             institutions):
    mdt_case = make_case(people["citizen"], institutions["MDT"],
                         make_category(institutions["MDT"], "Inspecciones"))
    login_as("official_msp")
    client.post("/casos/institucion/MSP/asignar", data={
        "case_ids": [mdt_case.id], "assignee": people["official_msp"].id})
    db.session.refresh(mdt_case)
    assert mdt_case.assignee_id is None


def test_escalation_is_recorded_once_per_due_date(app, people, institutions, msp_case,
                                                  make_user, tmp_path):
    make_user("jefa@msp.gob.ec", name="Jefa MSP",
              roles=[(institutions["MSP"], InstitutionRole.INSTITUTION_ADMIN)])
    service.assign(people["official_msp"], msp_case, people["official_msp"])
    msp_case.due_on = date(2020, 1, 6)
    db.session.commit()
    app.config["PUBLIC_URL"] = "https://participa.gob.ec"
    runner = app.test_cli_runner()
    first = runner.invoke(args=["participa", "escalate"])
    assert first.exit_code == 0, first.output
    assert "1 caso vencido escalado" in first.output
    second = runner.invoke(args=["participa", "escalate"])
    assert "0 casos vencidos escalados" in second.output
    escalations = db.session.scalar(select(func.count(CaseEvent.id)).where(
        CaseEvent.kind == EventKind.ESCALATED))
    assert escalations == 1
    # Years overdue: every step is taken at once, the assignee, the institution's
    # administrator and the rector ministry are told.
    mails = {message["To"]: message for message in read_mails(tmp_path)
             if msp_case.code in message["Subject"]}
    assert set(mails) == {"funcionario@msp.gob.ec", "jefa@msp.gob.ec", "analista@mintel.gob.ec"}
    # Sent from the command line, the link still points at the public address.
    assert all(f"https://participa.gob.ec/casos/institucion/MSP/{msp_case.id}"
               in mails[to].get_content() for to in ("funcionario@msp.gob.ec", "jefa@msp.gob.ec"))


def test_institution_admin_manages_categories_and_deadlines(client, login_as, institutions):
    login_as("admin_mdt")
    url = "/casos/institucion/MDT/categorias"
    response = client.post(url, data={"new-name": "Inspecciones laborales",
                                      "new-deadline_days": "31"})
    assert response.status_code == 400
    assert "de 1 a 30 días hábiles" in response.get_data(as_text=True)
    assert client.post(url, data={"new-name": "Inspecciones laborales",
                                  "new-deadline_days": "15"}).status_code == 302
    response = client.post(url, data={"new-name": "inspecciones LABORALES",
                                      "new-deadline_days": "10"})
    assert response.status_code == 409
    category = db.session.scalar(select(CaseCategory))
    assert category.deadline_days == 15
    response = client.post(f"{url}/{category.id}", data={"name": "Inspecciones",
                                                         "deadline_days": "8"})
    assert response.status_code == 302
    db.session.refresh(category)
    assert (category.name, category.deadline_days, category.active) == ("Inspecciones", 8, False)
    response = client.post("/casos/institucion/MDT/ajustes", data={
        "settings-allows_anonymous": "y", "settings-reopen_days": "10"})
    assert response.status_code == 302
    assert service.settings_for(institutions["MDT"]).allows_anonymous
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"case_category.created", "case_category.updated", "case_settings.updated"} <= actions


def test_platform_admin_keeps_the_holiday_list(client, login_as):
    login_as("platform_admin")
    # A decreed day (Christmas is the law's already).
    response = client.post("/casos/feriados", data={"day": "2026-12-24", "name": "Nochebuena"})
    assert response.status_code == 302
    assert client.post("/casos/feriados", data={"day": "2026-12-24",
                                                "name": "Otra"}).status_code == 409
    assert db.session.get(Holiday, date(2026, 12, 24)).name == "Nochebuena"
    assert client.post("/casos/feriados/2026-12-24/quitar").status_code == 302
    assert db.session.get(Holiday, date(2026, 12, 24)) is None


def test_the_rector_ministry_sees_anonymised_figures_only(client, login_as, people,
                                                         institutions, msp_case):
    service.answer(people["official_msp"], msp_case, "Respuesta", "Motivos")
    service.confirm(people["citizen"], msp_case, 4)
    overdue = make_case(people["citizen"], institutions["MSP"], msp_case.category,
                        subject="Otro asunto reservado")
    overdue.due_on = date(2020, 1, 6)
    db.session.commit()
    login_as("rector")
    page = client.get("/casos/estadisticas").get_data(as_text=True)
    row = page[page.index('title="Ministerio de Salud Pública"'):].split("</tr>")[0]
    cells = [cell.split("<")[0].strip() for cell in row.split("<td>")[1:]]
    assert cells[:5] == ["2", "1", "1", "1", "1"]  # filed, answered, open, overdue, resolved
    assert "4" in cells[5]
    assert "Demora" not in page and "reservado" not in page and "Rosa" not in page


def test_the_citizen_is_written_to_in_their_own_language(client, login_as, people, msp_case,
                                                        tmp_path):
    people["citizen"].locale = "en"
    db.session.commit()
    login_as("official_msp")
    client.post(f"/casos/institucion/MSP/{msp_case.id}/responder", data=ANSWER,
                headers={"Accept-Language": "es"})
    message = read_mails(tmp_path)[-1]
    assert message["Subject"].startswith("Your case")
    assert "Current state: Answered" in message.get_content()


ACTION_DATA = {
    "asignar": {"assign-assignee": "0"},  # filled with the MSP official's id below
    "categorizar": {"categorise-category": "0"},
    "iniciar": {},
    "nota": {"note-note": "Nota"},
    "responder": ANSWER,
    "rechazar": {"reject-reasons": "Fuera de competencia"},
    "trasladar": {"transfer-institution": "0", "transfer-reasons": "Competencia del MDT"},
    "cerrar": {},
}


@pytest.mark.parametrize("action", ACTION_DATA)
@pytest.mark.parametrize("who", ["citizen", "moderator_msp", "admin_mdt", "rector",
                                 "platform_admin"])
def test_no_one_outside_the_institution_acts_on_its_cases(client, login_as, msp_case, who,
                                                          action):
    login_as(who)
    response = client.post(f"/casos/institucion/MSP/{msp_case.id}/{action}",
                           data=ACTION_DATA[action])
    assert response.status_code == 403
    db.session.refresh(msp_case)
    assert [e.kind for e in msp_case.events] == [EventKind.FILED]


def test_anonymous_visitors_are_sent_to_sign_in_for_the_queue(client, msp_case):
    response = client.get("/casos/institucion/MSP")
    assert response.status_code == 302 and "/cuenta/entrar" in response.headers["Location"]


def test_the_queue_pages_keep_its_order_across_pages(client, login_as, people, institutions):
    """Open cases first (priority ones first, then by due date, the newest of a day first),
    then the finished ones in the same order, page after page: the order ix_cases_queue
    reads, on both databases."""
    msp = institutions["MSP"]
    category = make_category(msp, "Turnos")
    cases = [make_case(people["citizen"], msp, category, subject=f"Turno {n}")
             for n in range(30)]
    states = [CaseState.RECEIVED, CaseState.ASSIGNED, CaseState.IN_PROGRESS,
              CaseState.ANSWERED, CaseState.RESOLVED, CaseState.CLOSED, CaseState.REJECTED]
    for n, case in enumerate(cases):
        case.state = states[n % len(states)]
        case.due_on = date(2030, 1, 1) + timedelta(days=n % 4)
        case.priority = n % 11 == 5
    db.session.commit()
    open_states = {CaseState.RECEIVED, CaseState.ASSIGNED, CaseState.IN_PROGRESS}
    expected = sorted(cases, key=lambda c: (c.state not in open_states, not c.priority,
                                            c.due_on, -c.id))
    login_as("official_msp")
    shown = []
    for number in (1, 2):
        page = client.get(f"/casos/institucion/MSP?pagina={number}").get_data(as_text=True)
        shown += sorted((c for c in cases if f">{c.code}<" in page),
                        key=lambda c: page.index(f">{c.code}<"))
    assert [c.code for c in shown] == [c.code for c in expected]


def test_the_case_page_reads_its_case_once_and_logs_the_access(client, login_as, people,
                                                                msp_case):
    """The access is committed after the page is built: the commit does not make the page
    read the case (nor the rest it had loaded) a second time."""
    from sqlalchemy import event

    from participa.models import AccessLogEntry

    login_as("official_msp")
    case_id, official_id = msp_case.id, people["official_msp"].id
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(f"/casos/institucion/MSP/{case_id}").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    reads = [s for s in statements if s.startswith("SELECT cases.id")]
    assert len(reads) == 1
    assert db.session.scalar(select(func.count(AccessLogEntry.id)).where(
        AccessLogEntry.case_id == case_id, AccessLogEntry.viewer_id == official_id)) == 1
