"""Demo history for the dashboard: fourteen months of cases of every demo institution,
loaded through the importer of historical cases so that each case has the events the
statistics read. Each institution has its own volume, trend and speed, so the charts show
something worth looking at. None of the cases is open, so the work queues still show the
cases demo's cases first. Deterministic (a fixed seed) and quick: a few thousand rows."""
from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select

from participa.cases.businessdays import LOCAL_ZONE, local_date
from participa.cases.demo import CATEGORIES
from participa.cases.importer import HEADER, import_cases
from participa.extensions import db
from participa.models import Case
from participa.timeutil import utcnow

MONTHS = 14
PREFIX = "HIST-"


@dataclass
class Profile:
    monthly: int        # cases in the first month
    growth: float       # change of the volume over the whole history (0.5 = +50 %)
    resolve: float      # share of cases that end resolved or closed
    reject: float       # share rejected as out of scope
    speed: float        # typical business days to the first answer
    improving: float    # how much faster the answers get over the history (0.4 = 40 %)
    satisfaction: float  # chance that a rating is 4 or 5


PROFILES = {
    "MSP": Profile(42, 0.45, 0.78, 0.04, 6, 0.35, 0.7),
    "SRI": Profile(30, 0.20, 0.90, 0.03, 3, 0.10, 0.85),
    "MINEDUC": Profile(26, 0.60, 0.70, 0.06, 8, 0.30, 0.6),
    "MDT": Profile(20, 0.10, 0.65, 0.10, 10, 0.20, 0.55),
    "MIES": Profile(18, 0.35, 0.72, 0.05, 7, 0.40, 0.65),
    "MINTEL": Profile(14, 0.80, 0.85, 0.04, 4, 0.30, 0.8),
    "MTOP": Profile(12, -0.20, 0.50, 0.08, 14, -0.10, 0.4),
    "MAATE": Profile(9, 0.30, 0.60, 0.07, 12, 0.25, 0.5),
    "MAG": Profile(8, 0.15, 0.68, 0.05, 9, 0.15, 0.6),
    "MEF": Profile(5, 0.00, 0.55, 0.05, 15, 0.00, 0.45),
}
TYPES = (("complaint", 0.38), ("information_request", 0.27), ("suggestion", 0.13),
         ("report", 0.17), ("congratulation", 0.05))


def _month_starts(today: date, count: int) -> list[date]:
    year, month = today.year, today.month
    starts = []
    for _ in range(count):
        starts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


def _local(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), LOCAL_ZONE)


def _after_business_days(start: datetime, days: int) -> datetime:
    moment = start
    while days > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment + timedelta(hours=2)


def _rows(now: datetime, seed: int = 2026):
    rng = random.Random(seed)
    today = local_date(now)
    local_now = now.replace(tzinfo=timezone.utc).astimezone(LOCAL_ZONE)
    starts = _month_starts(today, MONTHS)
    serial = 0
    for acronym, profile in PROFILES.items():
        categories = [name for name, _ in CATEGORIES[acronym]]
        for index, first in enumerate(starts):
            progress = index / (len(starts) - 1)
            volume = round(profile.monthly * (1 + profile.growth * progress)
                           * rng.uniform(0.8, 1.2))
            last_day = (first.replace(day=28) + timedelta(days=4)).replace(day=1) \
                - timedelta(days=1)
            if first.year == today.year and first.month == today.month:
                last_day = today
                volume = round(volume * today.day / 30)
            speed = max(1.0, profile.speed * (1 - profile.improving * progress))
            for _ in range(volume):
                serial += 1
                day = first + timedelta(days=rng.randrange((last_day - first).days + 1))
                created = _local(day, rng.randint(8, 16), rng.randrange(60))
                if created > local_now:
                    created = local_now - timedelta(hours=1)
                yield _row(rng, f"{PREFIX}{acronym}-{serial:05d}", acronym, categories,
                           profile, speed, created, local_now)


def _row(rng, external_id, acronym, categories, profile, speed, created, local_now):
    """One case of the previous system. The history holds no open case (the work queues
    stay as the cases demo left them): a case too recent for its answer time is answered
    halfway to now, and one the citizen never confirmed stays answered."""
    case_type = rng.choices([t for t, _ in TYPES], [w for _, w in TYPES])[0]
    answer = _after_business_days(created, max(0, round(rng.gammavariate(2, speed / 2))))
    if answer > local_now:
        answer = created + (local_now - created) / 2
    settle = _after_business_days(answer, rng.choice((0, 1, 1, 2, 3, 5, 8)))
    draw = rng.random()
    resolved = satisfaction = ""
    if draw < profile.reject:
        status = "rejected"
    elif draw < profile.reject + profile.resolve and settle <= local_now:
        status = "resolved" if rng.random() < 0.7 else "closed"
        resolved = settle.isoformat()
        if rng.random() < 0.55:
            good = rng.random() < profile.satisfaction
            satisfaction = str(rng.choice((4, 5)) if good else rng.choice((1, 2, 3)))
    else:
        status = "answered"
    return [external_id, acronym, case_type, rng.choice(categories), created.isoformat(),
            answer.isoformat(), resolved, status, satisfaction]


def load_dashboard_demo(now: datetime | None = None) -> int:
    """Import the history once (nothing when it is there already); returns the cases added."""
    if db.session.scalar(select(Case.id).where(Case.external_id.like(PREFIX + "%")).limit(1)):
        return 0
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(_rows(now or utcnow()))
    report = import_cases(buffer.getvalue().splitlines())
    db.session.flush()
    return report.imported
