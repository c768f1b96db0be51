"""Methodology version 3 of the participation scores, against figures worked out by hand, and
version 2 kept computable for comparison.

Every test builds a small history with the factories and reads the scores as the public
open data publishes them (/datos/instituciones.json), or as the pure functions compute them
from the inputs the dashboard gathers.
"""
from datetime import date, datetime, timedelta

import pytest

from participa import scores
from participa.cases import service as cases
from participa.cases.businessdays import local_date
from participa.dashboard import queries
from participa.dashboard.statistics import year_period
from participa.extensions import db
from participa.models import (AnswerOutcome, CaseType, Comment, Consultation, DataRequestState,
                              ModerationState, Proposal, ProposalAnswer, ProposalState,
                              ProposalTopic)
from participa.observatory import requests as data_requests
from participa.timeutil import utcnow

from factories_cases import make_case, make_category

YEAR_2025 = "?periodo=year&desde=2025-01-01"


def at(day: int, month: int = 3, year: int = 2025) -> datetime:
    """10:00 in Ecuador (15:00 UTC)."""
    return datetime(year, month, day, 15, 0)


def this_year() -> str:
    return f"?periodo=year&desde={local_date(utcnow()).year}-01-01"


def open_data(client, query: str):
    data = client.get("/datos/instituciones.json" + query).get_json()
    return data, {row["institution_acronym"]: row for row in data["institutions"]}


def consultation(institution, official, *, opens: datetime, closes: datetime) -> Consultation:
    item = Consultation(institution=institution, title="Reglamento de historia clínica",
                        summary="Resumen.", body_markdown="Texto.", opens_at=opens,
                        closes_at=closes, created_by_id=official.id, created_at=opens)
    db.session.add(item)
    db.session.commit()
    return item


def comment(item: Consultation, author, *, moderation=ModerationState.PUBLISHED,
            answered: bool = False, deleted: bool = False) -> Comment:
    entry = Comment(consultation_id=item.id, author_id=author.id, body_text="Opinión.",
                    body_html="<p>Opinión.</p>", moderation=moderation,
                    created_at=item.opens_at + timedelta(days=1),
                    answered_at=item.opens_at + timedelta(days=2) if answered else None,
                    deleted_at=item.opens_at + timedelta(days=3) if deleted else None)
    db.session.add(entry)
    db.session.commit()
    return entry


def proposal(institution, author, *, reached: datetime, due: date, answered_late=None):
    """A proposal over its threshold since `reached`, owing an answer by `due`; answered
    (late or not) when `answered_late` is a bool."""
    item = Proposal(institution=institution, author=author, title="Más ciclovías",
                    summary="Resumen.", body="<p>Texto</p>", topic=ProposalTopic.HEALTH,
                    state=ProposalState.AWAITING_ANSWER, moderation=ModerationState.PUBLISHED,
                    support_threshold=2, created_at=reached, published_at=reached,
                    closes_at=reached + timedelta(days=30), threshold_reached_at=reached,
                    answer_due_on=due)
    db.session.add(item)
    db.session.flush()
    if answered_late is not None:
        item.state = ProposalState.ANSWERED
        db.session.add(ProposalAnswer(proposal_id=item.id, outcome=AnswerOutcome.ACCEPTED,
                                      text="Se acoge.", answered_at=reached,
                                      is_late=answered_late))
    db.session.commit()
    return item


# --- the defects of version 2, each fixed by version 3 -------------------------------------

def test_the_national_e_consulta_is_the_mean_of_the_institutions(client, people, institutions,
                                                                 make_institution):
    """Ten institutions; only MSP held a consultation (no comment yet).
    MSP: e-consulta = mean(held 1, participation 0/20 = 0) = 0.5.
    The other nine: only "consultations held" has a value, 0, so e-consulta 0.
    National = (0.5 + 9 × 0) / 10 = 0.05 (version 2, on the summed inputs: 0.5)."""
    for number in range(8):
        make_institution(f"I{number}", f"Institución {number}")
    consultation(institutions["MSP"], people["official_msp"], opens=at(3), closes=at(20))
    data, rows = open_data(client, YEAR_2025)
    assert len(rows) == 10
    assert rows["MSP"]["e_consulta"] == 0.5 and rows["MDT"]["e_consulta"] == 0
    assert data["national"]["e_consulta"] == 0.05
    assert data["methodology_version"] == "3"


def test_pending_cases_and_proposals_are_not_failures(client, people, institutions):
    """This year at MSP: case A answered on the day it was filed, case B filed now (due in 30
    business days); proposal P1 answered on time, P2 owing its answer in 20 days, P3 past its
    deadline without an answer.
    e-consulta = mean(held 0, cases on time 1/1: B is not due) = 0.5 (version 2: 1/2, 0.25).
    e-decisión = mean(proposals on time 1/2: P2 is not due, cases resolved 0/2) = 0.25
    (version 2: mean(1/3, 0) = 0.1667)."""
    msp, citizen, official = institutions["MSP"], people["citizen"], people["official_msp"]
    category = make_category(msp, "Citas médicas", deadline_days=30)
    now = utcnow()
    a = make_case(citizen, msp, category, now=now)
    cases.answer(official, a, "Cita asignada.", "Hay disponibilidad.", now=now)
    make_case(citizen, msp, category, now=now)
    today = local_date(now)
    proposal(msp, citizen, reached=now, due=today + timedelta(days=10), answered_late=False)
    proposal(msp, citizen, reached=now, due=today + timedelta(days=20))
    proposal(msp, citizen, reached=now, due=today - timedelta(days=1))
    db.session.commit()
    data, rows = open_data(client, this_year())
    assert rows["MSP"]["e_consulta"] == 0.5
    assert rows["MSP"]["e_decision"] == 0.25


def test_a_case_never_answered_counts_as_late_once_due(client, people, institutions):
    """MSP, March 2025 (deadline 10 business days): A answered in 2 business days, C never
    answered and long past due. On time: A of A and C = 0.5, in the dashboard's figure (it
    used to divide by the answered cases only: 1/1) and in the score's component."""
    msp, citizen, official = institutions["MSP"], people["citizen"], people["official_msp"]
    category = make_category(msp, "Citas médicas", deadline_days=10)
    a = make_case(citizen, msp, category, now=at(3))
    cases.answer(official, a, "Cita asignada.", "Hay disponibilidad.", now=at(5))
    make_case(citizen, msp, category, now=at(3))
    data, rows = open_data(client, YEAR_2025)
    assert rows["MSP"]["on_time_rate"] == 0.5
    assert data["national"]["on_time_rate"] == 0.5
    # e-consulta = mean(held 0, cases on time 1/2) = 0.25
    assert rows["MSP"]["e_consulta"] == 0.25


def test_hidden_held_and_removed_comments_do_not_count(client, people, institutions):
    """One MSP consultation in March 2025 with two public comments (one answered), one hidden
    by moderation and one held for pre-moderation (both answered), and one removed.
    Version 3: participation 2/20 = 0.1, answered 1/2 = 0.5;
    e-consulta = mean(held 1, 0.1, 0.5) = 1.6/3 = 0.5333.
    Version 2 counted 4 comments, 3 answered: mean(1, 4/20 = 0.2, 0.75) = 0.65."""
    item = consultation(institutions["MSP"], people["official_msp"], opens=at(3), closes=at(20))
    citizen = people["citizen"]
    comment(item, citizen, answered=True)
    comment(item, citizen)
    comment(item, citizen, moderation=ModerationState.HIDDEN, answered=True)
    comment(item, citizen, moderation=ModerationState.PENDING, answered=True)
    comment(item, citizen, deleted=True)
    data, rows = open_data(client, YEAR_2025)
    assert rows["MSP"]["e_consulta"] == 0.5333


def test_a_planned_date_past_the_legal_term_is_not_on_time(client, people, institutions):
    """Two requests for open data made Monday 3 March 2025 (legal term: 30 business days,
    Tuesday 15 April: Carnival Tuesday 4 March does not count). R1 planned on 4 March for 2 June and published on 2 June: by its
    planned date, but past the legal term. R2 planned for 10 April and published then.
    Version 3: on time 1/2 = 0.5 (version 2: both, 1.0), in e-información and in the
    observatory's indicator of requests answered on time."""
    official = people["official_msp"]
    first, second = (data_requests.ask(people["citizen"], institutions["MSP"], title=title,
                                       description="Por mes.", purpose="Un estudio.",
                                       now=at(3))
                     for title in ("Tiempos de espera", "Camas disponibles"))
    assert first.due_on == date(2025, 4, 15)
    data_requests.answer(official, first, outcome=DataRequestState.PLANNED,
                         planned_on=date(2025, 6, 2), now=at(4))
    data_requests.answer(official, first, outcome=DataRequestState.PUBLISHED,
                         url="https://datos.msp.gob.ec/a.csv", now=at(2, 6))
    data_requests.answer(official, second, outcome=DataRequestState.PLANNED,
                         planned_on=date(2025, 4, 10), now=at(4))
    data_requests.answer(official, second, outcome=DataRequestState.PUBLISHED,
                         url="https://datos.msp.gob.ec/b.csv", now=at(10, 4))
    db.session.commit()
    data, rows = open_data(client, YEAR_2025)
    assert rows["MSP"]["e_informacion"] == 0.5
    indicator = client.get("/datos/observatorio/solicitudes-datos-a-tiempo.json").get_json()
    assert {"year": 2025, "value": 0.5} in indicator["series"][0]["by_year"]


# --- a small history recomputed by hand, under version 3 and under version 2 ---------------

@pytest.fixture
def small_history(people, institutions):
    """2025 (every item of it long past due by now).
    MSP: cases A (answered on time, resolved, rated 5) and C (never answered); information
    request I answered late; one consultation (no document, closed without an outcome) with
    two public comments (one answered) and a hidden one (answered); proposal P answered on
    time and Q never answered; open-data request R planned past the legal term, published.
    MDT: nothing at all."""
    msp, citizen, official = institutions["MSP"], people["citizen"], people["official_msp"]
    category = make_category(msp, "Citas médicas", deadline_days=10)
    a = make_case(citizen, msp, category, now=at(3))
    cases.answer(official, a, "Cita asignada.", "Hay disponibilidad.", now=at(5))
    cases.confirm(citizen, a, 5, now=at(6))
    make_case(citizen, msp, category, now=at(3))
    i = make_case(citizen, msp, category, now=at(3), case_type=CaseType.INFORMATION_REQUEST)
    cases.answer(official, i, "Información.", "Consta en el registro.", now=at(28))
    item = consultation(msp, official, opens=at(3), closes=at(20))
    comment(item, citizen, answered=True)
    comment(item, citizen)
    comment(item, citizen, moderation=ModerationState.HIDDEN, answered=True)
    proposal(msp, citizen, reached=at(3), due=date(2025, 3, 31), answered_late=False)
    proposal(msp, citizen, reached=at(3), due=date(2025, 3, 31))
    request = data_requests.ask(citizen, msp, title="Tiempos de espera", description="Por mes.",
                                purpose="Un estudio.", now=at(3))
    data_requests.answer(official, request, outcome=DataRequestState.PLANNED,
                         planned_on=date(2025, 6, 2), now=at(4))
    data_requests.answer(official, request, outcome=DataRequestState.PUBLISHED,
                         url="https://datos.msp.gob.ec/a.csv", now=at(2, 6))
    db.session.commit()
    period = year_period(date(2025, 1, 1))
    inputs = queries.score_inputs(period, queries.case_figures(period, local_date(utcnow())))
    return inputs[msp.id], inputs.get(institutions["MDT"].id, scores.ScoreInputs())


def test_the_small_history_under_version_3(small_history):
    msp, mdt = small_history
    assert (msp.cases_received, msp.cases_due_or_answered, msp.cases_answered_on_time) \
        == (3, 3, 1)
    assert (msp.public_comments, msp.public_comments_answered) == (2, 1)
    result = scores.compute(msp, "3")
    # e-información = mean(information requests on time 0/1, documents 0/1,
    #                      open data on time within the term 0/1) = 0
    assert result.information == 0
    # e-consulta = mean(held 1, participation 2/20 = 0.1, answered 1/2 = 0.5,
    #                   cases on time 1/3: A of A, C, I) = (1 + 0.1 + 0.5 + 1/3) / 4 = 0.483333
    assert result.consultation == pytest.approx((1 + 0.1 + 0.5 + 1 / 3) / 4)
    # e-decisión = mean(outcome 0/1, proposals on time 1/2, cases resolved 1/3,
    #                   satisfactory 1/1) = (0 + 0.5 + 1/3 + 1) / 4 = 0.458333
    # (no contribution assessed: that component has no value)
    assert result.decision == pytest.approx((0.5 + 1 / 3 + 1) / 4)
    assert result.composite == pytest.approx((0 + 0.483333 + 0.458333) / 3, abs=1e-6)
    # National: MDT has only "consultations held" = 0, so e-consulta 0 and composite 0.
    national = scores.national([msp, mdt], "3")
    assert national.information == 0  # MDT has no value: mean over MSP alone
    assert national.consultation == pytest.approx(0.483333 / 2, abs=1e-6)  # 0.241667
    assert national.decision == pytest.approx(0.458333, abs=1e-6)
    assert national.composite == pytest.approx(0.313889 / 2, abs=1e-6)  # mean(0.313889, 0)


def test_the_small_history_under_version_2(small_history):
    msp, mdt = small_history
    result = scores.compute(msp, "2")
    # e-información = mean(0/1, 0/1, open data on time by its planned date 1/1) = 1/3
    assert result.information == pytest.approx(1 / 3)
    # e-consulta = mean(held 1, participation 3/20 = 0.15, answered 2/3,
    #                   cases on time 1/3) = (1 + 0.15 + 2/3 + 1/3) / 4 = 0.5375
    assert result.consultation == pytest.approx(0.5375)
    # e-decisión = mean(outcome 0/1, proposals 1/2, resolved 1/3, satisfactory 1/1)
    assert result.decision == pytest.approx((0.5 + 1 / 3 + 1) / 4)
    # National on the summed inputs: MDT adds nothing, so it is MSP's.
    national = scores.national([msp, mdt], "2")
    assert (national.information, national.consultation, national.decision) \
        == (result.information, result.consultation, result.decision)


def test_an_unknown_version_is_refused():
    with pytest.raises(scores.UnknownMethodology):
        scores.compute(scores.ScoreInputs(), "1")
    assert scores.METHODOLOGY_VERSION == "3" and set(scores.METHODOLOGIES) == {"2", "3"}


# --- the methodology page -------------------------------------------------------------------

def test_the_methodology_page_publishes_version_3_with_its_worked_example(client, app):
    """The worked example: A (1 consultation with a document, 10 public comments of 12, 5 of
    them answered of 6, 5 cases of which 4 answered or due and 3 on time, 3 resolved),
    B (2 cases, both on time, 1 resolved), C (nothing).
    A: e-información 1/1 = 100 %; e-consulta mean(1, 10/20, 5/10, 3/4) = 68.75 %;
    e-decisión 3/5 = 60 %; composite (1 + 0.6875 + 0.6) / 3 = 76.25 %.
    B: e-consulta mean(0, 2/2) = 50 %; e-decisión 1/2 = 50 %. C: e-consulta 0.
    National version 3: e-consulta (0.6875 + 0.5 + 0) / 3 = 39.58 %; composite
    (0.7625 + 0.5 + 0) / 3 = 42.08 %. Version 2 on the sums: e-consulta
    mean(1, 12/20, 6/12, 5/7) = 70.36 %."""
    page = client.get("/datos/metodologia", headers={"Accept-Language": "en"}) \
        .get_data(as_text=True)
    assert "Version 3." in page and "Changes from version 2" in page
    assert "mean of the institutions' values of that score" in page
    assert "left out of that score's mean" in page
    for figure in ("68.8%", "76.3%", "39.6%", "42.1%", "70.4%"):
        assert figure in page
    assert "hidden by moderation, held for pre-moderation or removed" in page
    assert "within the legal term" in page
    page = client.get("/datos/metodologia").get_data(as_text=True)
    assert "Versión 3." in page
    for figure in ("68,8", "39,6", "70,4"):
        assert figure in page
