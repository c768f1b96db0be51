"""The methodology version a page, file or API call asks for (`?metodologia=2`), and a
report's scores under it.

Every report keeps each institution's score inputs, so any published version is computed
again from them in a moment, for a published period as for a live one: version 2 stays
available beside the one in force, for comparison."""
from __future__ import annotations

from dataclasses import replace

from flask_babel import lazy_gettext as _l

from participa import scores

PARAMETER = "metodologia"


def versions() -> list[str]:
    return sorted(scores.METHODOLOGIES)


def invalid_message() -> str:
    return str(_l("The methodology version must be one of: %(versions)s.",
                  versions=", ".join(versions())))


def requested(args) -> tuple[str | None, str | None]:
    """(version, None) from the query string, the one in force when not given; (None, a
    translated message) for a version that does not exist."""
    value = (args.get(PARAMETER) or "").strip()
    if not value:
        return scores.METHODOLOGY_VERSION, None
    if value not in scores.METHODOLOGIES:
        return None, invalid_message()
    return value, None


def rescore(report, version: str | None):
    """The report with every score computed under `version` (the report itself when it is
    already that version's): each institution's from its inputs, then the ranking index and
    the national scores as that version defines them."""
    version = version or scores.METHODOLOGY_VERSION
    if version == report.methodology_version:
        return report
    rows = [replace(row, scores=scores.compute(row.inputs, version)) for row in report.rows]
    scores.rank({row.institution.id: row.scores for row in rows})
    return replace(report, rows=rows, methodology_version=version,
                   national_scores=scores.national((row.inputs for row in rows), version))
