"""e-información, e-consulta and e-decisión: the methodology as pure functions.

The inputs are plain counts (`ScoreInputs`) gathered for one institution, or summed over all
of them for the national figure, by `participa.dashboard.queries`. Nothing here reads the
database, so every score can be recomputed by hand from the counts.

Methodology version 2 (METHODOLOGY_VERSION), for a period:
- each score is the unweighted mean of its components that can be computed (a component whose
  denominator is zero has no value and is left out; a score with no component has no value);
- every component is a share from 0 to 1; a score is shown as a percentage (0–100 %);
- the composite is the mean of the three scores that have a value (the UN E-Participation
  Index averages its three stages the same way);
- the ranking index is the composite normalised across institutions:
  (composite − lowest) / (highest − lowest), 1 for everyone when all composites are equal.

Version 2 adds to e-información the share of requests for open data answered on time (made
in the period, and answered or past their due date).
"""
from __future__ import annotations

from dataclasses import dataclass, fields

METHODOLOGY_VERSION = "2"
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
    cases_resolved: int = 0
    information_requests: int = 0
    information_requests_on_time: int = 0
    ratings: int = 0
    satisfactory_ratings: int = 0
    # Consultations opened in the period.
    consultations: int = 0
    consultations_with_documents: int = 0
    consultations_closed: int = 0
    consultations_with_outcome: int = 0
    comments: int = 0
    comments_answered: int = 0
    contributions_assessed: int = 0
    contributions_incorporated: int = 0
    contributions_partly: int = 0
    # Requests for open data made in the period, answered or past their due date.
    data_requests: int = 0
    data_requests_on_time: int = 0
    # Proposals that reached their support threshold in the period.
    proposals_due: int = 0
    proposals_answered_on_time: int = 0

    def __add__(self, other: "ScoreInputs") -> "ScoreInputs":
        return ScoreInputs(**{f.name: getattr(self, f.name) + getattr(other, f.name)
                              for f in fields(self)})


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


def information_components(i: ScoreInputs) -> dict[str, float | None]:
    return {
        "information_requests_on_time": _share(i.information_requests_on_time,
                                               i.information_requests),
        "consultations_with_documents": _share(i.consultations_with_documents, i.consultations),
        "data_requests_on_time": _share(i.data_requests_on_time, i.data_requests),
    }


def consultation_components(i: ScoreInputs) -> dict[str, float | None]:
    return {
        "consultations_held": 1.0 if i.consultations > 0 else 0.0,
        "participation": (min(i.comments / (PARTICIPATION_TARGET * i.consultations), 1.0)
                          if i.consultations else None),
        "comments_answered": _share(i.comments_answered, i.comments),
        "cases_answered_on_time": _share(i.cases_answered_on_time, i.cases_received),
    }


def decision_components(i: ScoreInputs) -> dict[str, float | None]:
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


def compute(inputs: ScoreInputs) -> Scores:
    information = _mean(information_components(inputs).values())
    consultation = _mean(consultation_components(inputs).values())
    decision = _mean(decision_components(inputs).values())
    return Scores(information, consultation, decision,
                  _mean([information, consultation, decision]))


def rank(scores: dict) -> dict:
    """Set each institution's min–max normalised index from the composites; returns `scores`."""
    composites = [s.composite for s in scores.values() if s.composite is not None]
    if composites:
        low, high = min(composites), max(composites)
        for s in scores.values():
            if s.composite is not None:
                s.index = 1.0 if high == low else (s.composite - low) / (high - low)
    return scores
