"""A period that is not published itself (the open year, custom dates) is read as the sum
of its published closed months and, computed live, only the days no published month covers:
the same figures and scores as computing the whole period from the cases, without reading
the closed months' cases again."""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from participa.cases import service as cases
from participa.cases.businessdays import local_date
from participa.dashboard import composed, published, queries, service
from participa.dashboard.statistics import Period, month_period, year_period
from participa.extensions import db
from participa.models import PublishedFigures
from participa.timeutil import utcnow

from factories_cases import make_case, make_category


@pytest.fixture
def spread(people, institutions):
    """Cases in several months of 2024 and 2025, some answered, and one in this month."""
    msp, mdt = institutions["MSP"], institutions["MDT"]
    official = people["official_msp"]
    category, other = make_category(msp, "Citas"), make_category(mdt, "Empleo")
    for month in (2, 5, 11):
        for year in (2024, 2025):
            case = make_case(people["citizen"], msp, category,
                             now=datetime(year, month, 10, 15))
            cases.answer(official, case, "Cita asignada.", "Hay cupo.",
                         now=datetime(year, month, 12, 15))
        make_case(people["citizen"], mdt, other, now=datetime(2025, month, 20, 15))
    make_case(people["citizen"], msp, category)
    db.session.commit()
    return category


def comparable(report):
    return (report.national.received, report.national.answered, report.national.resolved,
            dict(report.national.first_response_histogram), report.national_scores,
            {row.institution.acronym: (row.figures.received, row.figures.answered,
                                       row.inputs, row.scores) for row in report.rows},
            report.months)


def test_warm_figures_publishes_every_closed_month_since_the_first_case(app, spread):
    result = app.test_cli_runner().invoke(args=["participa", "warm-figures"])
    assert result.exit_code in (0, 1), result.output  # 1: nothing cached under testing
    today = local_date(utcnow())
    months = set(db.session.scalars(select(PublishedFigures.period_start).where(
        PublishedFigures.period_kind == "month", PublishedFigures.institution_id.is_(None))))
    expected, month = set(), date(2024, 2, 1)
    while month < today.replace(day=1):
        expected.add(month)
        month = month_period(month).last + timedelta(days=1)
    assert months == expected
    years = set(db.session.scalars(select(PublishedFigures.period_start).where(
        PublishedFigures.period_kind == "year", PublishedFigures.institution_id.is_(None))))
    assert {date(2024, 1, 1), date(2025, 1, 1)} <= years
    count = db.session.scalar(select(func.count(PublishedFigures.id)))
    app.test_cli_runner().invoke(args=["participa", "warm-figures"])
    assert db.session.scalar(select(func.count(PublishedFigures.id))) == count


@pytest.mark.parametrize("first, last", [
    (date(2024, 1, 15), date(2025, 11, 15)),   # partial months at both edges
    (date(2024, 2, 1), date(2025, 5, 31)),     # whole months only
])
def test_a_range_from_published_months_equals_the_range_computed(app, spread, institutions,
                                                                first, last):
    today = local_date(utcnow())
    published.publish_closed(today)
    period = Period(first, last)
    parts = composed.segments(period, today, composed._stored(period))
    assert any(kind for kind, _ in parts) and len(parts) > 1
    assert comparable(service.build(period, today)) == comparable(service.compute(period,
                                                                                  today))
    for by in ("type", "category"):
        for item in institutions.values():
            assert service.breakdown(period, today, by, item.id) == queries.breakdown(
                period, today, by, item.id)
    assert service.breakdown(period, today, "type") == queries.breakdown(period, today,
                                                                         "type")


def test_the_open_year_reads_only_its_open_days_live(app, client, people, institutions,
                                                     spread):
    today = local_date(utcnow())
    published.publish_closed(today)
    year = year_period(today)
    live = [part for kind, part in composed.segments(year, today, composed._stored(year))
            if kind is None]
    assert live == [Period(today.replace(day=1), year.last)]
    api = f"/api/v1/stats/summary?from={year.first}&to={year.last}"
    before = client.get(api).get_json()
    assert before["cases_total"] == service.compute(year, today).national.received
    make_case(people["citizen"], institutions["MSP"], spread)
    assert client.get(api).get_json()["cases_total"] == before["cases_total"] + 1


def test_the_case_import_and_the_freeze_command_store_the_closed_months(app, tmp_path,
                                                                        institutions):
    legacy = tmp_path / "casos.csv"
    legacy.write_text(
        "external_id,institution_acronym,type,category,created_at,first_response_at,"
        "resolved_at,status,satisfaction\n"
        "CC-2024-1,MSP,complaint,Citas,2024-07-01T10:00:00-05:00,"
        "2024-07-02T10:00:00-05:00,2024-07-03T10:00:00-05:00,resolved,5\n", encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["participa", "import-cases", str(legacy)])
    assert result.exit_code == 0, result.output
    july = db.session.scalar(select(PublishedFigures).where(
        PublishedFigures.period_kind == "month", PublishedFigures.period_start ==
        date(2024, 7, 1), PublishedFigures.institution_id.is_(None)))
    assert july is not None and july.payload["figures"]["received"] == 1
    assert runner.invoke(args=["participa", "freeze-figures"]).output == ""  # all stored
    db.session.execute(PublishedFigures.__table__.delete().where(
        PublishedFigures.period_kind == "quarter"))
    db.session.commit()
    result = runner.invoke(args=["participa", "freeze-figures"])
    assert result.exit_code == 0 and "2024-07-01 – 2024-09-30" in result.output


def test_a_range_takes_the_largest_published_periods_that_fit(app, spread):
    today = local_date(utcnow())
    published.publish_closed(today)
    period = Period(date(2024, 1, 15), date(2025, 11, 15))
    parts = composed.segments(period, today, composed._stored(period))
    assert [(kind, part.first.isoformat(), part.last.isoformat()) for kind, part in parts] == [
        (None, "2024-01-15", "2024-01-31"), ("month", "2024-02-01", "2024-02-29"),
        ("month", "2024-03-01", "2024-03-31"), ("quarter", "2024-04-01", "2024-06-30"),
        ("quarter", "2024-07-01", "2024-09-30"), ("quarter", "2024-10-01", "2024-12-31"),
        ("quarter", "2025-01-01", "2025-03-31"), ("quarter", "2025-04-01", "2025-06-30"),
        ("quarter", "2025-07-01", "2025-09-30"), ("month", "2025-10-01", "2025-10-31"),
        (None, "2025-11-01", "2025-11-15")]
    two_years = Period(date(2024, 1, 1), date(2025, 12, 31))
    assert [kind for kind, _ in composed.segments(two_years, today,
                                                  composed._stored(two_years))] == [
        "year", "year"]




def test_a_recompute_is_read_at_once_by_the_same_session(app, spread):
    """The published revisions are read once per transaction; a publication within it
    shows at once, and so does one committed elsewhere once the transaction ends."""
    today = local_date(utcnow())
    period = Period(date(2024, 1, 1), date(2025, 12, 31))
    assert composed._stored(period) == {}
    published.publish_closed(today)
    assert composed._stored(period)[("year", date(2024, 1, 1))] == 1
    db.session.commit()
    db.session.execute(PublishedFigures.__table__.update().values(revision=7).where(
        PublishedFigures.period_kind == "year"))
    db.session.commit()
    assert composed._stored(period)[("year", date(2024, 1, 1))] == 7


def test_cached_sums_are_fresh_after_a_write(app, client, login_as, people, institutions,
                                             spread, cached):
    today = local_date(utcnow())
    published.publish_closed(today)
    api = "/api/v1/stats/institutions?from=2024-01-15&to={}".format(today.isoformat())
    first = client.get(api).get_json()
    assert client.get(api).get_json() == first  # from the cache
    expected = service.compute(Period(date(2024, 1, 15), today), today)
    rows = {row["acronym"]: row for row in first["institutions"]}
    assert rows["MSP"]["cases_total"] == next(
        row.figures.received for row in expected.rows if row.institution.acronym == "MSP")
    make_case(people["citizen"], institutions["MSP"], spread)
    again = {row["acronym"]: row for row in client.get(api).get_json()["institutions"]}
    assert again["MSP"]["cases_total"] == rows["MSP"]["cases_total"] + 1
    login_as("rector")
    for path in ("/tablero/", "/tablero/institucion/MSP", "/casos/estadisticas",
                 "/observatorio/"):
        assert client.get(path).status_code == 200, path


def test_the_live_days_of_one_month_read_in_one_pass_give_the_full_computation(app, spread):
    """The open days a composed report computes live (within one month) come from one
    grouped pass over their cases; the counts by institution, by type, the trends and the
    scores are those of the full computation."""
    today = local_date(utcnow())
    part = Period(date(2025, 11, 3), date(2025, 11, 25))
    quick = published.snapshot(part, today, institution_breakdowns=False)
    full = published.snapshot(part, today)
    assert quick.national.received == 2  # MSP and MDT, one each
    assert comparable(quick) == comparable(full)
    assert quick.institution_months == full.institution_months
    assert quick.breakdowns[("type", None)] == full.breakdowns[("type", None)]
    assert ([(row.institution.acronym, row.figures) for row in quick.rows]
            == [(row.institution.acronym, row.figures) for row in full.rows])
