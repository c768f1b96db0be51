"""What pages and files render from a report (HTML tables, workbooks), kept in the figures
cache as long as the report they show: a hundred institutions' numbers formatted for the
reader cost more than the cached report to read."""
from __future__ import annotations

import hashlib
from typing import Callable, TypeVar

from participa.figures_cache import generation, remember

T = TypeVar("T")


def report_token(report) -> str:
    """Names a report's content without reading it all: its period, when its figures were
    read (a report computed afresh is a new one), its methodology version and revision, the
    cache generation (a write to what the figures count) and a hash of its national figures
    and scores (changed by an operator's recompute of a published part)."""
    national = hashlib.sha1(repr((report.national, report.national_scores)).encode())
    return ":".join([str(report.period.first), str(report.period.last),
                     report.computed_at.isoformat(), report.methodology_version,
                     str(report.revision), generation(), national.hexdigest()[:16]])


def of_report(name: str, report, render: Callable[[], T], *variant: str) -> T:
    """`render()`, kept under `name`, the report's token and `variant` (the language...)."""
    return remember(":".join([name, report_token(report), *variant]), render)
