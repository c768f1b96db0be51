"""The themes of an article: the words and two-word phrases its comments use much more than
the comments on the rest of the consultation.

Each comment counts once per term (its Spanish stem, so "vacunas" and "vacunación" are one
theme). Terms are ranked by the log-odds ratio of appearing in this article's comments
against the others, divided by its standard error (Monroe, Colaresi and Quinn, "Fightin'
Words", 2008): frequent and distinctive terms come first, a word used by everybody does not.
With only one article, the most frequent terms are its themes.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from participa.search.text import STOP_WORDS, strip_accents, term, words_of

MAX_THEMES = 12
MAX_COMMENTS_PER_THEME = 500
PRIOR = 0.5


@dataclass(frozen=True)
class Contribution:
    id: int
    section_id: int | None
    body: str
    stance: str  # for, against, neutral


def comment_terms(body: str) -> tuple[set[str], dict[str, str]]:
    """The distinct terms (stems and stem pairs) of a comment, and a surface form of each."""
    stems, surface = [], {}
    for word in words_of(body):
        lowered = word.lower()
        if strip_accents(lowered) in STOP_WORDS or len(lowered) < 3:
            stems.append(None)
            continue
        stem = term(lowered)
        stems.append(stem)
        surface.setdefault(stem, lowered)
    found = {stem for stem in stems if stem}
    for first, second in zip(stems, stems[1:]):
        if first and second and first != second:
            pair = f"{first} {second}"
            found.add(pair)
            surface.setdefault(pair, f"{surface[first]} {surface[second]}")
    return found, surface


def themes_by_section(contributions: Iterable[Contribution]) -> dict[str, list[dict]]:
    """{section id as text, or "general" for the consultation as a whole: its themes}."""
    per_comment: dict[int, set[str]] = {}
    sections: dict[str, list[Contribution]] = defaultdict(list)
    surfaces: dict[str, Counter] = defaultdict(Counter)
    totals: Counter = Counter()
    for item in contributions:
        found, surface = comment_terms(item.body)
        per_comment[item.id] = found
        for key, form in surface.items():
            surfaces[key][form] += 1
        totals.update(found)
        sections[str(item.section_id) if item.section_id else "general"].append(item)
    everyone = len(per_comment)
    result = {}
    for key, items in sections.items():
        result[key] = _themes(items, per_comment, totals, everyone, surfaces)
    return result


def _themes(items, per_comment, totals, everyone, surfaces) -> list[dict]:
    here = Counter()
    for item in items:
        here.update(per_comment[item.id])
    inside, outside = len(items), everyone - len(items)
    minimum = max(2, math.ceil(0.02 * inside))
    scored = []
    for key, count in here.items():
        if count < minimum:
            continue
        if outside == 0:
            score = count
        else:
            other = totals[key] - count
            delta = (math.log((count + PRIOR) / (inside - count + PRIOR))
                     - math.log((other + PRIOR) / (outside - other + PRIOR)))
            score = delta / math.sqrt(1 / (count + PRIOR) + 1 / (other + PRIOR))
        scored.append((score, count, key))
    scored.sort(key=lambda entry: (-entry[0], -entry[1], entry[2]))
    chosen, covered = [], set()
    for score, count, key in scored:
        parts = key.split(" ")
        # A phrase and its own words say the same: keep the better-ranked one.
        if key in covered or any(part in covered for part in parts):
            continue
        covered.add(key)
        covered.update(parts)
        members = [item for item in items if key in per_comment[item.id]]
        chosen.append({
            "term": key,
            "label": surfaces[key].most_common(1)[0][0],
            "count": count,
            "score": round(score, 3),
            "stances": dict(Counter(item.stance for item in members)),
            "comment_ids": [item.id for item in members[:MAX_COMMENTS_PER_THEME]],
        })
        if len(chosen) == MAX_THEMES:
            break
    return chosen
