"""Case rules without HTTP: business-day deadlines, tracking codes, state from events."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from participa.cases import service
from participa.cases.businessdays import add_business_days, due_date, local_date
from participa.cases.lifecycle import derive_state
from participa.domain import Conflict
from participa.extensions import db
from participa.models import Case, CaseState, Holiday

from factories_cases import make_case, make_category


@pytest.mark.parametrize("start, days, expected", [
    (date(2026, 11, 20), 1, date(2026, 11, 23)),   # Friday + 1 → Monday
    (date(2026, 11, 21), 1, date(2026, 11, 23)),   # Saturday + 1 → Monday
    (date(2026, 11, 23), 5, date(2026, 11, 30)),   # a full week
    (date(2026, 11, 23), 30, date(2027, 1, 4)),    # 30 business days, no holidays
])
def test_business_days_skip_weekends(start, days, expected):
    assert add_business_days(start, days) == expected


def test_business_days_skip_holidays(app):
    db.session.add_all([Holiday(day=date(2026, 12, 25), name="Navidad"),
                        Holiday(day=date(2027, 1, 1), name="Año Nuevo")])
    db.session.commit()
    # Thursday 24 Dec + 2 business days: 25 (holiday) and the weekend do not count.
    assert due_date(date(2026, 12, 24), 2) == date(2026, 12, 29)
    assert due_date(date(2026, 11, 23), 30) == date(2027, 1, 6)


def test_the_local_day_is_ecuadors():
    # 03:00 UTC on the 24th is still the 23rd in Guayaquil (UTC-5).
    assert local_date(datetime(2026, 11, 24, 3, 0)) == date(2026, 11, 23)


def test_filing_sets_the_due_date_from_the_categorys_deadline(app, institutions, people):
    category = make_category(institutions["MSP"], deadline_days=10)
    # Filed on Monday 23 November 2026 at 10:00 in Ecuador (15:00 UTC).
    case = make_case(people["citizen"], institutions["MSP"], category,
                     now=datetime(2026, 11, 23, 15, 0))
    assert case.due_on == date(2026, 12, 7)
    assert case.events[0].institution_id == institutions["MSP"].id  # statistics group by it
    assert case.state == CaseState.RECEIVED
    assert not case.is_overdue(date(2026, 12, 7))
    assert case.is_overdue(date(2026, 12, 8))


def test_tracking_codes_are_random_and_typed_loosely(app, institutions, people):
    category = make_category(institutions["MSP"])
    codes = {make_case(people["citizen"], institutions["MSP"], category).code for _ in range(5)}
    assert len(codes) == 5
    code = codes.pop()
    assert len(code) == len("CC-XXXX-XXXX-XXXX")
    assert service.find_case_by_code(code.lower().replace("-", " ")).code == code


def test_the_state_column_always_agrees_with_the_event_history(app, institutions, people):
    msp, official = institutions["MSP"], people["official_msp"]
    category = make_category(msp)
    case = make_case(people["citizen"], msp, category)
    steps = [
        lambda: service.assign(official, case, official),
        lambda: service.start(official, case),
        lambda: service.add_note(official, case, "Revisar con agendamiento."),
        lambda: service.answer(official, case, "Su cita es el lunes.", "Hay cupo disponible."),
        lambda: service.reopen(people["citizen"], case, "No me llegó la confirmación."),
        lambda: service.answer(official, case, "Cita confirmada.", "Confirmada por teléfono."),
        lambda: service.confirm(people["citizen"], case, 4, "Gracias"),
    ]
    for step in steps:
        step()
        db.session.commit()
        stored = db.session.scalar(select(Case).where(Case.id == case.id))
        assert stored.state == derive_state(stored.events)
    assert case.state == CaseState.RESOLVED and case.rating == 4


def test_a_transition_not_allowed_from_the_current_state_is_refused(app, institutions, people):
    category = make_category(institutions["MSP"])
    case = make_case(people["citizen"], institutions["MSP"], category)
    with pytest.raises(Conflict):
        service.confirm(people["citizen"], case, 5)
    with pytest.raises(Conflict):
        service.close(people["official_msp"], case)


def test_demo_data_has_cases_in_every_state(app):
    from participa import demo
    from participa.cases.lifecycle import derive_state

    demo.load()
    db.session.commit()
    cases = db.session.scalars(select(Case)).all()
    assert {case.state for case in cases} == set(CaseState)
    assert len({case.institution_id for case in cases}) >= 3
    assert all(case.state == derive_state(case.events) for case in cases)
