"""The statistics each case keeps (participa.cases.facts) follow its events, whichever way the
case came in, survive holiday changes, and the dashboard's figures are cached for the period
the methodology page states.

Times are 10:00 in Ecuador (15:00 UTC), February 2025 (no national holiday): Monday 3 to Friday
7, Monday 10 ...
"""
from datetime import date, datetime

from sqlalchemy import select, update

from participa.cases import categories, facts, service
from participa.cases.importer import import_cases
from participa.extensions import cache, db
from participa.models import Case, CaseType

from factories_cases import make_case, make_category

COLUMNS = facts.FACT_COLUMNS


def at(day: int) -> datetime:
    return datetime(2025, 2, day, 15, 0)


def stored(case: Case) -> dict:
    db.session.refresh(case)
    return {name: getattr(case, name) for name in COLUMNS}


def test_a_case_keeps_its_first_response_reopening_and_resolution(people, institutions):
    citizen, official = people["citizen"], people["official_msp"]
    category = make_category(institutions["MSP"], "Citas", deadline_days=5)
    case = make_case(citizen, institutions["MSP"], category, now=at(3))
    assert stored(case) == {"filed_month": 202502, "first_response_at": None,
                            "settled_at": None, "was_answered": False, "reopen_count": 0,
                            "response_days": None, "resolution_days": None,
                            "responded_on_time": None}

    service.answer(official, case, "Cita asignada.", "Hay cupo.", now=at(12))  # 7 days: late
    service.reopen(citizen, case, "La cita es en otra ciudad.", now=at(13))
    service.answer(official, case, "Cita en Quito.", "Hay cupo.", now=at(14))
    service.confirm(citizen, case, 4, now=at(17))
    db.session.commit()
    assert stored(case) == {"filed_month": 202502, "first_response_at": at(12),
                            "settled_at": at(17), "was_answered": True, "reopen_count": 1,
                            "response_days": 7, "resolution_days": 10,
                            "responded_on_time": False}


def test_recomputing_from_the_events_gives_what_the_events_kept(people, institutions):
    citizen, official = people["citizen"], people["official_msp"]
    admin_mdt = people["admin_mdt"]
    category = make_category(institutions["MDT"], "Trabajo")
    answered = make_case(citizen, institutions["MDT"], category, now=at(3))
    service.answer(admin_mdt, answered, "Respuesta.", "Motivos.", now=at(4))
    rejected = make_case(citizen, institutions["MDT"], category, now=at(5))
    service.reject(admin_mdt, rejected, "Fuera de competencia.", now=at(6))
    moved = make_case(citizen, institutions["MDT"], category, now=at(5))
    service.transfer(admin_mdt, moved, institutions["MSP"], "Es de salud.", now=at(7))
    service.answer(official, moved, "Respuesta.", "Motivos.", now=at(11))
    db.session.commit()
    cases = [answered, rejected, moved]
    kept = [stored(case) for case in cases]

    db.session.execute(Case.__table__.update().values(
        filed_month=None, first_response_at=None, settled_at=None, was_answered=False,
        reopen_count=0, response_days=None, resolution_days=None, responded_on_time=None))
    assert facts.recompute(db.session) == 3
    db.session.commit()
    assert [stored(case) for case in cases] == kept
    assert kept[1]["response_days"] == 1 and kept[1]["was_answered"] is False
    assert kept[2]["response_days"] == 4  # from the filing at MDT, not from the transfer


def test_imported_cases_carry_their_statistics(institutions):
    report = import_cases([
        "external_id,institution_acronym,type,category,created_at,first_response_at,"
        "resolved_at,status,satisfaction",
        "H-1,MSP,complaint,Citas,2025-02-03T10:00:00-05:00,2025-02-05T10:00:00-05:00,"
        "2025-02-10T10:00:00-05:00,resolved,5",
    ])
    db.session.commit()
    assert report.imported == 1
    case = db.session.scalar(select(Case).where(Case.external_id == "H-1"))
    assert (case.response_days, case.resolution_days, case.was_answered,
            case.responded_on_time, case.filed_month) == (2, 5, True, True, 202502)


def test_a_new_holiday_recounts_the_cases_it_falls_in(client, people, institutions):
    citizen, official = people["citizen"], people["official_msp"]
    category = make_category(institutions["MSP"], "Citas")
    case = make_case(citizen, institutions["MSP"], category, now=at(3))
    service.answer(official, case, "Respuesta.", "Motivos.", now=at(7))
    untouched = make_case(citizen, institutions["MSP"], category, now=at(10))
    service.answer(official, untouched, "Respuesta.", "Motivos.", now=at(11))
    db.session.commit()
    assert (stored(case)["response_days"], stored(untouched)["response_days"]) == (4, 1)

    categories.add_holiday(None, date(2025, 2, 5), "Feriado de prueba")
    db.session.commit()
    assert (stored(case)["response_days"], stored(untouched)["response_days"]) == (3, 1)
    api = "/api/v1/stats/summary?from=2025-02-01&to=2025-02-28"
    assert client.get(api).get_json()["median_days_to_first_answer"] == 2  # (3 + 1) / 2

    categories.remove_holiday(None, date(2025, 2, 5))
    db.session.commit()
    assert stored(case)["response_days"] == 4


def test_figures_are_cached_for_the_stated_period(app, client, people, institutions):
    category = make_category(institutions["MSP"], "Citas")
    make_case(people["citizen"], institutions["MSP"], category, now=at(3))
    # Custom dates: a closed calendar month is read from its published figures, not cached.
    api = "/api/v1/stats/summary?from=2025-02-01&to=2025-02-27"
    app.config["STATS_CACHE_SECONDS"] = 300
    try:
        assert client.get(api).get_json()["cases_total"] == 1
        # A case filed through the application is counted at once (a new cache generation).
        make_case(people["citizen"], institutions["MSP"], category, now=at(4),
                  case_type=CaseType.SUGGESTION)
        assert client.get(api).get_json()["cases_total"] == 2
        # A change behind the application's back waits for the end of the cache period.
        db.session.execute(update(Case).values(created_at=datetime(2024, 2, 3, 15)))
        db.session.commit()
        assert client.get(api).get_json()["cases_total"] == 2  # within the cache period
        assert "5 minutes" in client.get("/datos/metodologia", headers={"Accept-Language": "en"}).get_data(as_text=True)
        with app.app_context():
            cache.clear()  # what the end of the cache period does
        assert client.get(api).get_json()["cases_total"] == 0
    finally:
        app.config["STATS_CACHE_SECONDS"] = 0
        with app.app_context():
            cache.clear()



def test_warming_computes_the_usual_reports_afresh(app, client, people, institutions):
    from participa.cases.businessdays import local_date
    from participa.timeutil import utcnow

    category = make_category(institutions["MSP"], "Citas")
    make_case(people["citizen"], institutions["MSP"], category)
    year = local_date(utcnow()).year
    api = f"/api/v1/stats/summary?from={year}-01-01&to={year}-12-31"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["participa", "warm-figures"]).exit_code == 1  # nothing cached
    app.config["STATS_CACHE_SECONDS"] = 300
    try:
        result = runner.invoke(args=["participa", "warm-figures"])
        assert result.exit_code == 0 and f"{year}-01-01 – {year}-12-31" in result.output
        db.session.execute(update(Case).values(created_at=datetime(year - 2, 2, 3, 15)))
        db.session.commit()  # behind the application's back: no new cache generation
        assert client.get(api).get_json()["cases_total"] == 1  # the warmed report
        runner.invoke(args=["participa", "warm-figures"])
        assert client.get(api).get_json()["cases_total"] == 0  # warmed afresh
    finally:
        app.config["STATS_CACHE_SECONDS"] = 0
        with app.app_context():
            cache.clear()
