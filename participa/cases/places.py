"""Ecuador's provinces, cantons and parishes with INEC's codes (División Política
Administrativa, DPA), read once from participa/data/ecuador-dpa.csv.

A DPA code names a place and, by its prefix, every place that contains it: 17 is Pichincha,
1701 its canton Quito, 170150 the parish Quito in that canton. A case stores the code of the
most precise place the citizen chose (`Case.place_code`), and the province and canton names
for reading.
"""
from __future__ import annotations

import csv
import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from participa.cases.geo import PROVINCES

DATA = Path(__file__).resolve().parent.parent / "data" / "ecuador-dpa.csv"
# Words written in lower case inside a place's name.
_SMALL_WORDS = {"de", "del", "la", "las", "los", "el", "y", "en"}


@dataclass(frozen=True)
class Place:
    code: str          # 2 digits: province; 4: canton; 6: parish
    name: str
    parent: str | None  # the code of the place that contains it


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if unicodedata.category(c) != "Mn").casefold()


def _title(name: str) -> str:
    """INEC writes names in capitals: "GIL RAMÍREZ DÁVALOS" reads "Gil Ramírez Dávalos"."""
    def capital(word: str) -> str:
        opening = len(word) - len(word.lstrip("(\"'"))
        return word[:opening] + word[opening:opening + 1].upper() + word[opening + 1:]

    words = name.strip().lower().split()
    return " ".join(word if i and word in _SMALL_WORDS else capital(word)
                    for i, word in enumerate(words))


def _province_name(name: str) -> str:
    """The province's name with its accents, as the rest of Participa writes it."""
    by_plain = {_plain(p): p for p in PROVINCES}
    return by_plain.get(_plain(name), _title(name))


@functools.cache
def _places() -> dict[str, Place]:
    places: dict[str, Place] = {}
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            places.setdefault(row["province_code"], Place(
                row["province_code"], _province_name(row["province"]), None))
            places.setdefault(row["canton_code"], Place(
                row["canton_code"], _title(row["canton"]), row["province_code"]))
            places[row["parish_code"]] = Place(
                row["parish_code"], _title(row["parish"]), row["canton_code"])
    return places


def get(code: str | None) -> Place | None:
    return _places().get(code or "")


def provinces() -> list[Place]:
    return sorted((p for p in _places().values() if len(p.code) == 2),
                  key=lambda p: _plain(p.name))


def children(code: str) -> list[Place]:
    """The cantons of a province, or the parishes of a canton, by name."""
    return sorted((p for p in _places().values() if p.parent == code),
                  key=lambda p: _plain(p.name))


def cantons_by_province() -> list[tuple[Place, list[Place]]]:
    return [(province, children(province.code)) for province in provinces()]


def parishes_by_canton() -> list[tuple[Place, Place, list[Place]]]:
    """(province, canton, parishes) for every canton."""
    return [(province, canton, children(canton.code))
            for province, cantons in cantons_by_province() for canton in cantons]


def lineage(code: str) -> tuple[Place | None, Place | None, Place | None]:
    """The province, canton and parish named by a code (None where the code stops)."""
    place = get(code)
    if place is None:
        return None, None, None
    chain = [place]
    while chain[-1].parent:
        chain.append(get(chain[-1].parent))
    chain.reverse()
    chain += [None] * (3 - len(chain))
    return chain[0], chain[1], chain[2]


def contains(outer: str, inner: str) -> bool:
    """Whether place `inner` lies in place `outer` (or is it)."""
    return get(outer) is not None and get(inner) is not None and inner.startswith(outer)
