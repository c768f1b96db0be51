"""Published periods: a closed year's figures are stored once, with the methodology version,
and do not change under later cases or imports until an operator recomputes them; the
recompute keeps the earlier figures as a revision, listed with its reason."""
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from participa import scores
from participa.cases.businessdays import local_date
from participa.cases.importer import import_cases
from participa.extensions import db
from participa.models import AuditEntry, PublishedFigures
from participa.timeutil import utcnow

from factories_cases import make_case, make_category

API_2025 = "/api/v1/stats/summary?from=2025-01-01&to=2025-12-31"
LEGACY = [
    "external_id,institution_acronym,type,category,created_at,first_response_at,"
    "resolved_at,status,satisfaction",
    "CC-2025-9,MSP,complaint,Citas,2025-07-01T10:00:00-05:00,2025-07-02T10:00:00-05:00,"
    "2025-07-03T10:00:00-05:00,resolved,5",
]


def _cases_of_2025(people, institutions):
    category = make_category(institutions["MSP"], "Citas")
    for day in (3, 4):
        make_case(people["citizen"], institutions["MSP"], category,
                  now=datetime(2025, 3, day, 15, 0))
    return category


def test_a_closed_year_keeps_its_figures_until_recomputed(app, client, people, institutions):
    category = _cases_of_2025(people, institutions)
    first = client.get(API_2025).get_json()
    assert first["cases_total"] == 2 and first["cases_resolved"] == 0
    assert first["revision"] == 1
    assert first["methodology_version"] == scores.METHODOLOGY_VERSION

    # A case of the open year, and a legacy case dated in the closed year, arrive.
    make_case(people["citizen"], institutions["MSP"], category)
    report = import_cases(LEGACY)
    assert report.imported == 1 and not report.errors
    db.session.commit()
    assert client.get(API_2025).get_json() == first
    csv_2025 = client.get("/datos/instituciones.csv?periodo=year&desde=2025-01-01")
    assert "\r\nnational,,,2025-01-01,2025-12-31,2," in csv_2025.get_data(as_text=True)

    result = app.test_cli_runner().invoke(args=[
        "participa", "recompute-period", "2025", "--reason", "Casos históricos importados"])
    assert result.exit_code == 0, result.output
    assert "2025" in result.output and "2" in result.output
    recomputed = client.get(API_2025).get_json()
    assert recomputed["cases_total"] == 3 and recomputed["cases_resolved"] == 1
    assert recomputed["revision"] == 2

    page = client.get("/datos/metodologia").get_data(as_text=True)
    revisions = page[page.index('id="revisiones"'):]
    assert "Casos históricos importados" in revisions
    assert "Casos recibidos: 2 → 3" in revisions
    assert "Casos resueltos: 0 → 1" in revisions
    # ... and in English.
    page = client.get("/datos/metodologia", headers={"Accept-Language": "en"})
    revisions = page.get_data(as_text=True)
    revisions = revisions[revisions.index('id="revisiones"'):]
    assert "(revision 2)" in revisions and "Casos históricos importados" in revisions
    assert "Cases received: 2 → 3" in revisions
    # The audit log records who recomputed what, and why.
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "published_figures.recompute"))
    assert entry.details["reason"] == "Casos históricos importados"


def test_the_stored_rows_carry_the_methodology_version_and_the_time(app, client, people,
                                                                    institutions):
    _cases_of_2025(people, institutions)
    before = utcnow()
    client.get(API_2025)
    rows = db.session.scalars(select(PublishedFigures).where(
        PublishedFigures.period_kind == "year",
        PublishedFigures.period_start == date(2025, 1, 1))).all()
    national = [row for row in rows if row.institution_id is None]
    assert len(national) == 1 and len(rows) == 1 + len(institutions)
    assert {row.methodology_version for row in rows} == {scores.METHODOLOGY_VERSION}
    assert all(row.computed_at >= before.replace(microsecond=0) for row in rows)
    assert national[0].payload["figures"]["received"] == 2
    assert national[0].reason is None and national[0].revision == 1


def test_an_open_period_is_computed_live_and_cannot_be_recomputed(app, client, people,
                                                                  institutions):
    category = make_category(institutions["MSP"], "Citas")
    year = local_date(utcnow()).year
    api = f"/api/v1/stats/summary?from={year}-01-01&to={year}-12-31"
    make_case(people["citizen"], institutions["MSP"], category)
    assert client.get(api).get_json()["revision"] is None
    make_case(people["citizen"], institutions["MSP"], category)
    assert client.get(api).get_json()["cases_total"] == 2
    assert db.session.scalar(select(func.count(PublishedFigures.id))) == 0

    result = app.test_cli_runner().invoke(args=[
        "participa", "recompute-period", str(year), "--reason", "Prueba"])
    assert result.exit_code == 1
    assert db.session.scalar(select(func.count(PublishedFigures.id))) == 0


def test_the_recompute_command_needs_one_period_and_a_reason(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["participa", "recompute-period", "2025"]).exit_code != 0
    both = runner.invoke(args=["participa", "recompute-period", "2025", "--month", "2025-03",
                               "--reason", "x"])
    assert both.exit_code == 2 and "--quarter 2025-Q1" in both.output
    wrong = runner.invoke(args=["participa", "recompute-period", "--quarter", "2025-Q5",
                                "--reason", "x"])
    assert wrong.exit_code != 0 and "2025-Q1" in wrong.output
    month = runner.invoke(args=["participa", "recompute-period", "--month", "2025-03",
                                "--reason", "Corrección"])
    assert month.exit_code == 0, month.output
    assert db.session.scalar(select(PublishedFigures.revision).where(
        PublishedFigures.period_kind == "month", PublishedFigures.institution_id.is_(None))) == 1


def test_the_observatory_computes_closed_years_once(app, client, people, institutions):
    category = make_category(institutions["MSP"], "Citas")
    make_case(people["citizen"], institutions["MSP"], category, now=datetime(2024, 5, 6, 15))
    make_case(people["citizen"], institutions["MSP"], category, now=datetime(2025, 5, 6, 15))
    assert client.get("/observatorio/").status_code == 200
    published_years = db.session.scalars(select(PublishedFigures.period_start).where(
        PublishedFigures.period_kind == "year", PublishedFigures.institution_id.is_(None))).all()
    this_year = local_date(utcnow()).year
    assert sorted(day.year for day in published_years) == list(range(2024, this_year))
    count = db.session.scalar(select(func.count(PublishedFigures.id)))
    client.get("/observatorio/")
    client.get("/datos/observatorio/puntajes-participacion.csv")
    assert db.session.scalar(select(func.count(PublishedFigures.id))) == count


def test_the_breakdowns_of_a_closed_year_are_published_with_its_totals(app, client, login_as,
                                                                       people, institutions):
    from test_one_definition import column

    _cases_of_2025(people, institutions)
    login_as("rector")
    page = "/tablero/institucion/MSP?periodo=year&desde=2025-01-01"
    html = client.get(page).get_data(as_text=True)
    assert sum(column(html, "Tipo de caso", "Casos recibidos").values()) == 2
    assert sum(column(html, "Categoría", "Casos recibidos").values()) == 2
    import_cases(LEGACY)
    db.session.commit()
    for path in (page, "/tablero/?periodo=year&desde=2025-01-01"):
        html = client.get(path).get_data(as_text=True)
        assert sum(column(html, "Tipo de caso", "Casos recibidos").values()) == 2, path
    app.test_cli_runner().invoke(args=["participa", "recompute-period", "2025", "--reason",
                                       "Importación"])
    html = client.get(page).get_data(as_text=True)
    assert sum(column(html, "Tipo de caso", "Casos recibidos").values()) == 3
    assert sum(column(html, "Categoría", "Casos recibidos").values()) == 3


def test_warm_figures_publishes_the_periods_that_just_closed(app, people, institutions):
    runner = app.test_cli_runner()
    runner.invoke(args=["participa", "warm-figures"])
    today = local_date(utcnow())
    kinds = db.session.execute(select(PublishedFigures.period_kind, PublishedFigures.period_start)
                               .where(PublishedFigures.institution_id.is_(None))).all()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    assert ("month", last_month) in kinds and ("year", date(today.year - 1, 1, 1)) in kinds
    assert {kind for kind, _ in kinds} == {"month", "quarter", "year"}
    runner.invoke(args=["participa", "warm-figures"])  # already published: nothing more
    assert db.session.scalar(select(func.count(PublishedFigures.id))) == len(kinds) * (
        1 + len(institutions))


def test_a_period_is_published_once_even_when_two_compute_it(app, people, institutions):
    from participa.dashboard import published
    from participa.dashboard.statistics import year_period

    today = local_date(utcnow())
    period = year_period(date(2025, 6, 1))
    assert published._publish(period, "year", today, 1, None) is True
    assert published._publish(period, "year", today, 1, None) is False  # the other worker
    assert db.session.scalar(select(func.count(PublishedFigures.id)).where(
        PublishedFigures.institution_id.is_(None))) == 1
