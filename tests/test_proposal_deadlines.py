"""Answer deadlines in business days: weekends do not count, the start day never does."""
from datetime import date, datetime

import pytest

from participa.proposals.deadlines import add_business_days, is_past_due, local_date

MONDAY, FRIDAY, SATURDAY = date(2026, 11, 23), date(2026, 11, 27), date(2026, 11, 28)


@pytest.mark.parametrize("start, days, due", [
    (MONDAY, 0, MONDAY),
    (MONDAY, 1, date(2026, 11, 24)),
    (MONDAY, 4, FRIDAY),
    (MONDAY, 5, date(2026, 11, 30)),          # over the weekend
    (FRIDAY, 1, date(2026, 11, 30)),          # Friday + 1 is Monday
    (SATURDAY, 1, date(2026, 11, 30)),        # reached on a weekend: Monday is day 1
    (MONDAY, 30, date(2027, 1, 4)),           # the COA's 30 business days: six weeks
])
def test_add_business_days(start, days, due):
    assert add_business_days(start, days) == due


def test_holidays_can_be_plugged_in():
    christmas = date(2026, 12, 25)
    assert add_business_days(date(2026, 12, 24), 1) == christmas
    assert add_business_days(date(2026, 12, 24), 1,
                             holidays=lambda day: day == christmas) == date(2026, 12, 28)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_business_days(MONDAY, -1)


def test_the_due_day_is_a_whole_day_in_ecuador():
    # 03:00 UTC on the 24th is still the evening of the 23rd in Guayaquil (UTC-5).
    assert local_date(datetime(2026, 11, 24, 3, 0)) == MONDAY
    assert not is_past_due(datetime(2026, 11, 24, 3, 0), MONDAY)
    assert is_past_due(datetime(2026, 11, 24, 6, 0), MONDAY)
    assert not is_past_due(datetime(2030, 1, 1), None)
