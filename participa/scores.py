"""e-información, e-consulta and e-decisión: the methodology as pure functions.

The inputs are plain counts (`ScoreInputs`) gathered for one institution by
`participa.dashboard.queries`. Nothing here reads the database, so every score can be
recomputed by hand from the counts. Every published version stays computable:
`compute(inputs, version)` and `national(...)` take the version ("2" or "3", see
METHODOLOGIES); METHODOLOGY_VERSION is the one in force.

Methodology version 2, for a period:
- each score is the unweighted mean of its components that can be computed (a component whose
  denominator is zero has no value and is left out; a score with no component has no value);
- every component is a share from 0 to 1; a score is shown as a percentage (0–100 %);
- the composite is the mean of the three scores that have a value (the UN E-Participation
  Index averages its three stages the same way);
- the ranking index is the composite normalised across institutions:
  (composite − lowest) / (highest − lowest), 1 for everyone when all composites are equal.

Version 2 adds to e-información the share of requests for open data answered on time (made
in the period, and answered or past their due date).

Version 3 (in force) changes, over version 2:
- the national score is the mean of the institutions' scores (each of the four, composite
  included, over the institutions that have a value for it), no longer the score of the
  summed inputs, in which one consultation anywhere made "consultations held" 1 for the
  whole country;
- an item counts in an on-time share only once it is answered or past its due date: cases,
  information requests and proposals still pending within their term are left out of the
  numerator and the denominator, and a case never answered counts as late once due;
- comments hidden by moderation, held for pre-moderation or removed do not count as
  participation nor in the share of comments answered;
- a request for open data planned for publication counts as on time only when the planned
  date is within the legal term (the due date the request had when it was planned).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Callable, Iterable

METHODOLOGY_VERSION = "3"
# Comments per consultation at which citizen participation counts in full.
PARTICIPATION_TARGET = 20
# A case rated 4 or 5 (of 5) counts as satisfactory.
SATISFACTORY_RATING = 4
# National reference figures of 2018 (e-información, e-consulta, e-decisión).
REFERENCE_2018 = {"information": 0.700, "consultation": 0.783, "decision": 0.546}


@dataclass
class ScoreInputs:
    # Cases created in the period (Contacto Ciudadano).
    cases_received: int = 0
    cases_answered_on_time: int = 0
    # Version 3: cases with a first response, or without one and past their due date.
    cases_due_or_answered: int = 0
    cases_resolved: int = 0
    information_requests: int = 0
    information_requests_on_time: int = 0
    information_requests_due_or_answered: int = 0  # version 3, as cases_due_or_answered
    ratings: int = 0
    satisfactory_ratings: int = 0
    # Consultations opened in the period.
    consultations: int = 0
    consultations_with_documents: int = 0
    consultations_closed: int = 0
    consultations_with_outcome: int = 0
    comments: int = 0
    comments_answered: int = 0
    # Version 3: the citizen comments that are public (not hidden, held or removed).
    public_comments: int = 0
    public_comments_answered: int = 0
    contributions_assessed: int = 0
    contributions_incorporated: int = 0
    contributions_partly: int = 0
    # Requests for open data made in the period, answered or past their due date.
    data_requests: int = 0
    data_requests_on_time: int = 0
    # Version 3: ... and no planned publication date past the legal term.
    data_requests_on_time_within_term: int = 0
    # Proposals that reached their support threshold in the period.
    proposals_due: int = 0
    proposals_answered_on_time: int = 0
    # Version 3: ... of which answered, or past their answer deadline.
    proposals_due_or_answered: int = 0

    def __add__(self, other: "ScoreInputs") -> "ScoreInputs":
        # The field names once, not dataclasses.fields() per sum: a national report sums
        # every institution's inputs over every part of the period.
        return ScoreInputs(**{name: getattr(self, name) + getattr(other, name)
                              for name in _INPUT_NAMES})


_INPUT_NAMES = tuple(item.name for item in fields(ScoreInputs))


@dataclass
class Scores:
    information: float | None
    consultation: float | None
    decision: float | None
    composite: float | None
    index: float | None = None  # min–max normalised composite, set by `rank`


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _mean(values) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


# --- version 2 ------------------------------------------------------------------------------

def information_components_v2(i: ScoreInputs) -> dict[str, float | None]:
    return {
        "information_requests_on_time": _share(i.information_requests_on_time,
                                               i.information_requests),
        "consultations_with_documents": _share(i.consultations_with_documents, i.consultations),
        "data_requests_on_time": _share(i.data_requests_on_time, i.data_requests),
    }


def consultation_components_v2(i: ScoreInputs) -> dict[str, float | None]:
    return {
        "consultations_held": 1.0 if i.consultations > 0 else 0.0,
        "participation": (min(i.comments / (PARTICIPATION_TARGET * i.consultations), 1.0)
                          if i.consultations else None),
        "comments_answered": _share(i.comments_answered, i.comments),
        "cases_answered_on_time": _share(i.cases_answered_on_time, i.cases_received),
    }


def decision_components_v2(i: ScoreInputs) -> dict[str, float | None]:
    return {
        "consultations_with_outcome": _share(i.consultations_with_outcome,
                                             i.consultations_closed),
        "contributions_incorporated": _share(
            i.contributions_incorporated + 0.5 * i.contributions_partly,
            i.contributions_assessed),
        "proposals_answered_on_time": _share(i.proposals_answered_on_time, i.proposals_due),
        "cases_resolved": _share(i.cases_resolved, i.cases_received),
        "satisfactory_ratings": _share(i.satisfactory_ratings, i.ratings),
    }


def national_v2(institutions: Iterable[ScoreInputs]) -> Scores:
    """Version 2: the scores of the inputs summed over the institutions."""
    return compute(sum(institutions, ScoreInputs()), "2")


# --- version 3 ------------------------------------------------------------------------------

def information_components_v3(i: ScoreInputs) -> dict[str, float | None]:
    return {
        "information_requests_on_time": _share(i.information_requests_on_time,
                                               i.information_requests_due_or_answered),
        "consultations_with_documents": _share(i.consultations_with_documents, i.consultations),
        "data_requests_on_time": _share(i.data_requests_on_time_within_term, i.data_requests),
    }


def consultation_components_v3(i: ScoreInputs) -> dict[str, float | None]:
    return {
        "consultations_held": 1.0 if i.consultations > 0 else 0.0,
        "participation": (min(i.public_comments / (PARTICIPATION_TARGET * i.consultations),
                              1.0) if i.consultations else None),
        "comments_answered": _share(i.public_comments_answered, i.public_comments),
        "cases_answered_on_time": _share(i.cases_answered_on_time, i.cases_due_or_answered),
    }


def decision_components_v3(i: ScoreInputs) -> dict[str, float | None]:
    return {
        **decision_components_v2(i),
        "proposals_answered_on_time": _share(i.proposals_answered_on_time,
                                             i.proposals_due_or_answered),
    }


def national_v3(institutions: Iterable[ScoreInputs]) -> Scores:
    """Version 3: each national score is the mean of the institutions' values of that score;
    an institution without a value for a score is left out of its mean."""
    each = [compute(item, "3") for item in institutions]
    return Scores(*(_mean(getattr(s, name) for s in each)
                    for name in ("information", "consultation", "decision", "composite")))


@dataclass(frozen=True)
class Methodology:
    version: str
    information: Callable[[ScoreInputs], dict[str, float | None]]
    consultation: Callable[[ScoreInputs], dict[str, float | None]]
    decision: Callable[[ScoreInputs], dict[str, float | None]]
    national: Callable[[Iterable[ScoreInputs]], Scores]


METHODOLOGIES = {
    "2": Methodology("2", information_components_v2, consultation_components_v2,
                     decision_components_v2, national_v2),
    "3": Methodology("3", information_components_v3, consultation_components_v3,
                     decision_components_v3, national_v3),
}


class UnknownMethodology(ValueError):
    pass


def methodology(version: str | None = None) -> Methodology:
    """The methodology of `version` (the one in force when None)."""
    try:
        return METHODOLOGIES[version or METHODOLOGY_VERSION]
    except KeyError:
        raise UnknownMethodology(version) from None


# --- the version in force, or the one asked for ---------------------------------------------

def information_components(i: ScoreInputs, version: str | None = None
                           ) -> dict[str, float | None]:
    return methodology(version).information(i)


def consultation_components(i: ScoreInputs, version: str | None = None
                            ) -> dict[str, float | None]:
    return methodology(version).consultation(i)


def decision_components(i: ScoreInputs, version: str | None = None
                        ) -> dict[str, float | None]:
    return methodology(version).decision(i)


def compute(inputs: ScoreInputs, version: str | None = None) -> Scores:
    rules = methodology(version)
    information = _mean(rules.information(inputs).values())
    consultation = _mean(rules.consultation(inputs).values())
    decision = _mean(rules.decision(inputs).values())
    return Scores(information, consultation, decision,
                  _mean([information, consultation, decision]))


def national(institutions: Iterable[ScoreInputs], version: str | None = None) -> Scores:
    """The national scores from every institution's inputs, as `version` defines them."""
    return methodology(version).national(list(institutions))


def rank(scores: dict) -> dict:
    """Set each institution's min–max normalised index from the composites; returns `scores`."""
    composites = [s.composite for s in scores.values() if s.composite is not None]
    if composites:
        low, high = min(composites), max(composites)
        for s in scores.values():
            if s.composite is not None:
                s.index = 1.0 if high == low else (s.composite - low) / (high - low)
    return scores
