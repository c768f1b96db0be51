"""The worked example of the methodology page: three institutions' inputs and the scores that
`participa.scores` computes from them, so that the page and the code cannot disagree."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from participa import scores

# Institution A consulted and handles cases; B only handles cases; C had no activity.
EXAMPLE = {
    "A": scores.ScoreInputs(consultations=1, consultations_with_documents=1, comments=12,
                            public_comments=10, comments_answered=6, public_comments_answered=5,
                            cases_received=5, cases_due_or_answered=4, cases_answered_on_time=3,
                            cases_resolved=3),
    "B": scores.ScoreInputs(cases_received=2, cases_due_or_answered=2, cases_answered_on_time=2,
                            cases_resolved=1),
    "C": scores.ScoreInputs(),
}

# The inputs the example uses, in the order the page lists them.
EXAMPLE_INPUTS = (
    ("consultations", _l("Consultations held")),
    ("consultations_with_documents", _l("… with background documents")),
    ("comments", _l("Citizen comments not removed (version 2)")),
    ("public_comments", _l("Public citizen comments (version 3)")),
    ("comments_answered", _l("Citizen comments not removed with a reply (version 2)")),
    ("public_comments_answered", _l("Public citizen comments with a reply (version 3)")),
    ("cases_received", _l("Cases received")),
    ("cases_due_or_answered", _l("Cases answered or past their due date (version 3)")),
    ("cases_answered_on_time", _l("Cases answered on time")),
    ("cases_resolved", _l("Cases resolved or closed")),
)


@dataclass
class Example:
    inputs: list[tuple[str, list[int]]]  # (label, value per institution)
    institutions: list[str]
    scores: dict[str, scores.Scores]     # per institution, under the version in force
    national: scores.Scores              # the version in force
    national_v2: scores.Scores           # version 2, on the same inputs


def worked_example() -> Example:
    names = list(EXAMPLE)
    return Example(
        inputs=[(label, [getattr(EXAMPLE[name], field) for name in names])
                for field, label in EXAMPLE_INPUTS],
        institutions=names,
        scores={name: scores.compute(EXAMPLE[name]) for name in names},
        national=scores.national(EXAMPLE.values()),
        national_v2=scores.national(EXAMPLE.values(), "2"))


@dataclass
class TermRow:
    label: str  # the case type's name
    article: str
    days: int
    business_days: bool
    extension_days: int


def legal_terms() -> list[TermRow]:
    """Each case type's legal basis and term, as participa.cases.terms applies them."""
    from participa.cases.terms import TERMS
    from participa.labels import CASE_TYPE_LABELS

    return [TermRow(CASE_TYPE_LABELS[case_type], term.article, term.days, term.business_days,
                    term.extension_days) for case_type, term in TERMS.items()]
