"""The figures of an institution's work queue (open and overdue cases, the page count) are
kept in the cache between changes, and the page after a change shows the new figures: a new
case, an answer, a rejection, a transfer, an assignment that moves a case's state."""
import re
from datetime import timedelta

import pytest

from participa.extensions import db
from participa.models import CaseState, InstitutionRole
from participa.timeutil import utcnow

from factories_cases import make_case, make_category
from test_workspace import Statements

MSP = "/casos/institucion/MSP"
MDT = "/casos/institucion/MDT"


@pytest.fixture
def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def msp_queue(people, institutions):
    """25 open MSP cases (one page), one of them overdue; one MDT case."""
    msp, mdt = institutions["MSP"], institutions["MDT"]
    category = make_category(msp, "Turnos", deadline_days=30)
    overdue = make_case(people["citizen"], msp, category, subject="Turno vencido",
                        now=utcnow() - timedelta(days=80))
    others = [make_case(people["citizen"], msp, category, subject=f"Turno {n}")
              for n in range(24)]
    make_case(people["citizen"], mdt, make_category(mdt, "Empleo"))
    return overdue, others


def figures(html: str) -> tuple[int, int, int]:
    """Open cases, overdue cases and pages, as the queue's page states them."""
    open_, overdue = map(int, re.search(r"Open cases: (\d+)\. Overdue: (\d+)\.", html).groups())
    pages = re.search(r"Page \d+ of (\d+)", html)
    return open_, overdue, int(pages.group(1)) if pages else 1


def queue_figures(client, path: str = MSP) -> tuple[int, int, int]:
    response = client.get(path)
    assert response.status_code == 200
    return figures(response.get_data(as_text=True))


def counts_cases(statements: Statements) -> int:
    """The statements that count cases (the queue's header and its total)."""
    return sum(1 for s in statements.seen
               if s.lstrip().startswith("SELECT count(") and "FROM cases" in s)


def test_the_queue_shows_its_figures_and_counts_them_once(english, login_as, msp_queue,
                                                          cached):
    login_as("official_msp")
    assert queue_figures(english) == (25, 1, 1)
    with Statements() as again:
        assert queue_figures(english) == (25, 1, 1)
        assert queue_figures(english, MSP + "?pagina=2") == (25, 1, 1)
    assert counts_cases(again) == 0  # from the cache
    # A note changes nothing the queue counts: still from the cache.
    overdue, _others = msp_queue
    english.post(f"{MSP}/{overdue.id}/nota", data={"note-note": "Revisado."})
    with Statements() as again:
        assert queue_figures(english) == (25, 1, 1)
    assert counts_cases(again) == 0


def test_a_new_case_shows_at_once(english, login_as, msp_queue, cached, people,
                                  institutions):
    login_as("official_msp")
    assert queue_figures(english) == (25, 1, 1)
    msp = institutions["MSP"]
    make_case(people["citizen"], msp, make_category(msp, "Nueva"))
    assert queue_figures(english) == (26, 1, 2)


def test_an_answer_and_a_rejection_show_at_once(english, login_as, msp_queue, cached):
    overdue, others = msp_queue
    login_as("official_msp")
    assert queue_figures(english) == (25, 1, 1)
    response = english.post(f"{MSP}/{overdue.id}/responder", data={
        "answer-answer": "Su turno está asignado.", "answer-reasons": "Se revisó."})
    assert response.status_code == 302
    assert queue_figures(english) == (24, 0, 1)
    response = english.post(f"{MSP}/{others[0].id}/rechazar", data={
        "reject-reasons": "No es competencia de esta institución."})
    assert response.status_code == 302
    assert queue_figures(english) == (23, 0, 1)


def test_a_transfer_shows_at_once_in_both_queues(english, login_as, msp_queue, cached,
                                                 institutions):
    overdue, _others = msp_queue
    login_as("admin_mdt")
    assert queue_figures(english, MDT) == (1, 0, 1)
    english.post("/cuenta/salir")
    login_as("official_msp")
    assert queue_figures(english) == (25, 1, 1)
    response = english.post(f"{MSP}/{overdue.id}/trasladar", data={
        "transfer-institution": institutions["MDT"].id,
        "transfer-reasons": "Es un reclamo laboral."})
    assert response.status_code == 302
    assert queue_figures(english) == (24, 0, 1)
    english.post("/cuenta/salir")
    login_as("admin_mdt")
    open_at_mdt, _overdue, _pages = queue_figures(english, MDT)
    assert open_at_mdt == 2


def test_a_change_of_state_shows_at_once_in_a_list_filtered_by_state(english, login_as,
                                                                     msp_queue, cached,
                                                                     people, institutions):
    """Assigning a received case makes it assigned: the list of received cases loses it."""
    _overdue, others = msp_queue
    msp = institutions["MSP"]
    make_case(people["citizen"], msp, make_category(msp, "Nueva"))
    login_as("official_msp")
    received = MSP + "?estado=received"
    assert queue_figures(english, received) == (26, 1, 2)
    assert queue_figures(english, received) == (26, 1, 2)
    response = english.post(f"{MSP}/asignar", data={
        "case_ids": [others[0].id], "assignee": people["official_msp"].id})
    assert response.status_code == 302
    assert queue_figures(english, received) == (26, 1, 1)
    assert queue_figures(english, MSP + "?estado=assigned") == (26, 1, 1)


def test_a_list_filtered_by_assignee_is_counted_on_every_page(english, login_as, msp_queue,
                                                              cached, people, institutions,
                                                              make_user):
    """Handing cases from one official to another keeps their state, and so the token: a
    list filtered by assignee is counted on every page, never kept."""
    overdue, others = msp_queue
    msp = institutions["MSP"]
    colleague = make_user("colega@msp.gob.ec", name="Carla Colega",
                          roles=[(msp, InstitutionRole.OFFICIAL)])
    cases = [overdue, *others, make_case(people["citizen"], msp, make_category(msp, "Nueva"))]
    for case in cases:
        case.state, case.assignee_id = CaseState.ASSIGNED, colleague.id
    db.session.commit()
    login_as("official_msp")
    theirs = f"{MSP}?asignado={colleague.id}"
    assert queue_figures(english, theirs) == (26, 1, 2)
    response = english.post(f"{MSP}/asignar", data={
        "case_ids": [others[0].id, others[1].id], "assignee": people["official_msp"].id})
    assert response.status_code == 302
    assert queue_figures(english, theirs) == (26, 1, 1)
    mine = english.get(MSP + "?asignado=me").get_data(as_text=True)
    assert others[0].code in mine and others[1].code in mine
