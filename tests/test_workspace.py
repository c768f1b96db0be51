"""Gestión: one entry in the header for the people who work for institutions, one workspace
per institution with today's work first, each count linking to the page that handles it."""
import re
from html import unescape
from datetime import timedelta

import pytest

from participa.cases import information
from participa.cases.businessdays import local_date
from participa.extensions import db
from participa.timeutil import utcnow
from participa.workspace import counts

from factories_cases import make_case, make_category
from factories_consultations import make_consultation, uploads_in_tmp  # noqa: F401 (fixtures)


@pytest.fixture
def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def msp_cases(people, institutions):
    """One overdue case, one due tomorrow-ish, one waiting for the citizen, one at MDT."""
    msp, mdt = institutions["MSP"], institutions["MDT"]
    slow = make_category(msp, "Trámites", deadline_days=30)
    quick = make_category(msp, "Urgencias", deadline_days=1)
    overdue = make_case(people["citizen"], msp, slow, now=utcnow() - timedelta(days=80))
    soon = make_case(people["citizen"], msp, quick)
    waiting = make_case(people["citizen"], msp, slow)
    information.request_information(people["official_msp"], waiting, "¿Dónde?")
    make_case(people["citizen"], mdt, make_category(mdt, "Empleo"),
              now=utcnow() - timedelta(days=80))
    db.session.commit()
    return overdue, soon, waiting


def test_the_counts_of_todays_work(msp_cases, institutions):
    msp, mdt = institutions["MSP"].id, institutions["MDT"].id
    today = local_date(utcnow())
    soon = counts.due_soon_limit(today)
    own, other = counts.case_counts(msp, today, soon), counts.case_counts(mdt, today, soon)
    assert own.overdue == 1
    assert own.due_soon == 1
    assert own.awaiting_citizen == 1
    assert own.open == 3
    assert other.overdue == 1 and other.awaiting_citizen == 0
    queues = counts.other_counts(msp)
    assert queues.moderation_waiting == 0 and queues.proposals_owed_answer == 0


def work_counts(html: str) -> dict[str, int]:
    return {unescape(label): int(count) for count, label in re.findall(
        r'<span class="work-count">(\d+)</span> <span class="work-label">([^<]+)</span>', html)}


def test_an_official_goes_from_the_header_to_todays_work(english, login_as, msp_cases):
    client = english
    login_as("official_msp")
    home = client.get("/").get_data(as_text=True)
    assert '<a href="/gestion/"' in home and ">Management</a>" in home
    response = client.get("/gestion/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/gestion/MSP")
    html = client.get("/gestion/MSP").get_data(as_text=True)
    work = work_counts(html)
    assert work["Overdue cases"] == 1 and work["Cases due soon"] == 1
    assert work["Cases waiting for the citizen's answer"] == 1
    assert work["Proposals owed an answer"] == 0
    assert "Moderation queue" not in work  # an official is no moderator
    assert 'href="/casos/institucion/MSP?vencidos=y"' in html
    # Today's work comes before the institution's standing pages.
    assert html.index('id="today-title"') < html.index("The institution")


@pytest.mark.parametrize("who, page, status", [
    ("citizen", "/gestion/", 403), ("citizen", "/gestion/MSP", 403),
    ("official_msp", "/gestion/MDT", 403), ("moderator_msp", "/gestion/MSP", 200),
    ("admin_mdt", "/gestion/MSP", 403), ("admin_mdt", "/gestion/MDT", 200),
    ("rector", "/gestion/", 403), ("platform_admin", "/gestion/", 200),
    ("platform_admin", "/gestion/MSP", 200), ("official_msp", "/gestion/XYZ", 404)])
def test_who_opens_which_workspace(client, login_as, who, page, status):
    login_as(who)
    assert client.get(page).status_code == status


def test_a_moderator_sees_the_moderation_queue_and_not_the_cases(english, login_as,
                                                                 msp_cases):
    login_as("moderator_msp")
    work = work_counts(english.get("/gestion/MSP").get_data(as_text=True))
    assert set(work) == {"Moderation queue", "Appeals against moderation"}


def test_the_header_has_no_workspace_for_citizens(english, login_as):
    login_as("citizen")
    assert "/gestion/" not in english.get("/").get_data(as_text=True)


def test_a_platform_administrator_picks_an_institution(english, login_as, institutions):
    login_as("platform_admin")
    html = english.get("/gestion/").get_data(as_text=True)
    assert 'href="/gestion/MSP"' in html and 'href="/gestion/MDT"' in html
    html = english.get("/gestion/MSP").get_data(as_text=True)
    assert "Members and roles" in html and "Reply templates" in html


def test_the_count_of_comments_awaiting_an_answer_reads_its_own_index(institutions):
    """At national scale the count must not walk every comment of the institution's
    consultations: the planner takes the partial index of unanswered citizens' comments
    (SQLite's plan; PostgreSQL chooses by its statistics, checked on the benchmark's data)."""
    from sqlalchemy import event

    executed = []

    def remember(_conn, _cursor, statement, parameters, _context, _many):
        if "consultation_comments" in statement and "count" in statement.lower():
            executed.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        counts.comments_awaiting_answer(institutions["MSP"].id)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    statement, parameters = executed[-1]
    if db.engine.dialect.name == "sqlite":
        plan = db.session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters).all()
    else:
        db.session.execute(db.text("SET LOCAL enable_seqscan = off"))
        plan = db.session.connection().exec_driver_sql(
            "EXPLAIN " + statement, parameters).all()
    assert "ix_consultation_comments_awaiting_answer" in " ".join(str(row) for row in plan)


# --- the counts are cached, and exact after a change -------------------------------------



def standing_counts(html: str) -> dict[str, int]:
    return {unescape(label): int(count) for label, count in re.findall(
        r'<li><a href="[^"]*">([^<]+)</a> <span class="muted">\((\d+)\)</span></li>', html)}


class Statements:
    """The SQL a block runs (the counts over an institution's open cases say "state IN")."""

    def __enter__(self):
        from sqlalchemy import event

        self.seen = []
        self._listen = event.listen
        event.listen(db.engine, "before_cursor_execute", self._remember)
        return self

    def _remember(self, _conn, _cursor, statement, *_args):
        self.seen.append(statement)

    def __exit__(self, *_exc):
        from sqlalchemy import event

        event.remove(db.engine, "before_cursor_execute", self._remember)

    def counting_cases(self) -> int:
        return sum(1 for s in self.seen if "count(" in s.lower() and "cases.state IN" in s)

    def counting_comments(self) -> int:
        return sum(1 for s in self.seen
                   if "count(" in s.lower() and "consultation_comments.answered_at" in s)


def test_an_official_sees_the_case_counts_change_at_once(english, login_as, msp_cases, cached,
                                                          institutions, people):
    client = english
    overdue, _soon, waiting = msp_cases
    login_as("official_msp")
    html = client.get("/gestion/MSP").get_data(as_text=True)
    assert work_counts(html)["Overdue cases"] == 1
    assert standing_counts(html)["All open cases"] == 3
    with Statements() as again:
        html = client.get("/gestion/MSP").get_data(as_text=True)
    assert again.counting_cases() == 0  # served from the cache
    assert work_counts(html)["Overdue cases"] == 1

    # A case of another institution, or a note on one of MSP's, leaves the counts cached.
    mdt = institutions["MDT"]
    make_case(people["citizen"], mdt, make_category(mdt, "Trámites"))
    client.post(f"/casos/institucion/MSP/{overdue.id}/nota", data={"note-note": "Revisado."})
    with Statements() as again:
        client.get("/gestion/MSP")
    assert again.counting_cases() == 0

    # The official answers the overdue case: the next page counts it no more.
    response = client.post(f"/casos/institucion/MSP/{overdue.id}/responder", data={
        "answer-answer": "Su trámite está listo.", "answer-reasons": "Se revisó."})
    assert response.status_code == 302
    html = client.get("/gestion/MSP").get_data(as_text=True)
    assert work_counts(html)["Overdue cases"] == 0
    assert standing_counts(html)["All open cases"] == 2

    # The citizen answers the question: the case waits for the citizen no more.
    information.provide_information(people["citizen"], waiting, "En Quito.")
    db.session.commit()
    work = work_counts(client.get("/gestion/MSP").get_data(as_text=True))
    assert work["Cases waiting for the citizen's answer"] == 0


def test_a_statement_over_many_cases_refreshes_the_counts(english, login_as, msp_cases,
                                                           cached):
    from sqlalchemy import update

    from participa.models import Case, CaseState

    login_as("official_msp")
    assert standing_counts(english.get("/gestion/MSP").get_data(as_text=True))[
        "All open cases"] == 3
    # A column the counts do not read: still cached.
    db.session.execute(update(Case).values(citizen_seen_at=utcnow()))
    db.session.commit()
    with Statements() as again:
        english.get("/gestion/MSP")
    assert again.counting_cases() == 0
    # Every case closed by one statement: its rows' institutions are unknown, all recount.
    db.session.execute(update(Case).values(state=CaseState.CLOSED))
    db.session.commit()
    html = english.get("/gestion/MSP").get_data(as_text=True)
    assert standing_counts(html)["All open cases"] == 0 and work_counts(html)[
        "Overdue cases"] == 0


def test_comments_awaiting_an_answer_are_counted_at_once(english, login_as, people, cached,
                                                          make_consultation):
    from participa.consultations import comments
    from participa.models import Stance

    consultation = make_consultation()
    login_as("official_msp")
    label = "Comments awaiting an official answer"
    assert work_counts(english.get("/gestion/MSP").get_data(as_text=True))[label] == 0
    comment = comments.add_comment(people["citizen"], consultation, stance=Stance.AGAINST,
                                   body="Falta decir en qué plazo se responde.")
    db.session.commit()
    assert work_counts(english.get("/gestion/MSP").get_data(as_text=True))[label] == 1
    with Statements() as again:
        english.get("/gestion/MSP")
    assert again.counting_comments() == 0
    response = english.post(
        f"/consultas/{consultation.id}/comentarios/{comment.id}/responder",
        data={"body": "Gracias: el plazo será de 48 horas."})
    assert response.status_code == 302
    assert work_counts(english.get("/gestion/MSP").get_data(as_text=True))[label] == 0


def test_the_case_counts_read_the_partial_indexes(institutions):
    """At national scale the priority and awaiting-citizen counts must not visit every open
    case of the institution: each reads its own partial index, the other counts the
    covering (institution, state, due_on) index (SQLite's plan; PostgreSQL chooses by its
    statistics: index-only scans of both partial indexes on a million cases, checked when
    they were added, and here at least no sequential scan)."""
    from test_list_index_plans import plan_of

    today = local_date(utcnow())
    plan = plan_of(lambda: counts.case_counts(institutions["MSP"].id, today,
                                              counts.due_soon_limit(today)), "cases.state IN")
    if db.engine.dialect.name != "sqlite":
        # Near-empty tables: any index costs about the same to the planner.
        assert "Seq Scan" not in plan, plan
        return
    assert "ix_cases_priority_institution_state" in plan, plan
    assert "ix_cases_awaiting_citizen" in plan, plan
    assert "ix_cases_institution_state_due" in plan, plan
