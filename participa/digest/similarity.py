"""Near-duplicate groups: comments whose texts are nearly the same.

Each text becomes the set of its overlapping 3-word shingles (lowercased, without accents
or punctuation, so "¡NO a la reforma!" and "no a la reforma" are the same); MinHash
signatures (datasketch) estimate the Jaccard similarity of two sets, and LSH finds the pairs
above the threshold without comparing every pair (100 000 comments are 5 000 million
pairs). Pairs join groups through union-find; each group is kept with its most typical
text as representative.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from datasketch import LeanMinHash, MinHash, MinHashLSH

from participa.search.text import strip_accents

SHINGLE_WORDS = 3
NUM_PERM = 128
SEED = 20261202  # fixed: the same comments always give the same groups
DEFAULT_THRESHOLD = 0.6
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Text:
    id: int
    body: str


@dataclass
class Group:
    member_ids: list[int]
    representative_id: int


def words(body: str) -> list[str]:
    return _WORD.findall(strip_accents((body or "").lower()))


def shingles(body: str) -> set[bytes]:
    tokens = words(body)
    if len(tokens) < SHINGLE_WORDS:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i:i + SHINGLE_WORDS]).encode()
            for i in range(len(tokens) - SHINGLE_WORDS + 1)}


_FIRST = MinHash(num_perm=NUM_PERM, seed=SEED)
_PERMUTATIONS, _SCHEME = _FIRST.permutations, _FIRST.scheme  # drawn once, not per text


def signature(body: str) -> LeanMinHash | None:
    found = shingles(body)
    if not found:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_PERMUTATIONS,
                      scheme=_SCHEME)
    minhash.update_batch(list(found))
    return LeanMinHash(minhash)


class _UnionFind:
    def __init__(self):
        self.parent: dict[int, int] = {}

    def find(self, item: int) -> int:
        root = self.parent.setdefault(item, item)
        while root != self.parent[root]:
            root = self.parent[root]
        while item != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def near_duplicate_groups(texts: Iterable[Text], threshold: float = DEFAULT_THRESHOLD,
                          min_size: int = 2) -> list[Group]:
    """Groups of at least `min_size` comments, largest first."""
    signatures: dict[int, LeanMinHash] = {}
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    exact: dict[bytes, int] = {}
    joined = _UnionFind()
    for text in texts:
        key = " ".join(words(text.body)).encode()
        if key in exact:  # the same words: no need to hash again
            joined.union(text.id, exact[key])
            continue
        minhash = signature(text.body)
        if minhash is None:
            continue
        exact[key] = text.id
        for other in lsh.query(minhash):
            # LSH proposes candidates; the estimate decides, so that near misses stay apart.
            if minhash.jaccard(signatures[other]) >= threshold:
                joined.union(text.id, other)
        lsh.insert(text.id, minhash)
        signatures[text.id] = minhash
        joined.find(text.id)
    members: dict[int, list[int]] = {}
    for item in list(joined.parent):
        members.setdefault(joined.find(item), []).append(item)
    groups = [Group(sorted(ids), _representative(sorted(ids), signatures))
              for ids in members.values() if len(ids) >= min_size]
    groups.sort(key=lambda group: (-len(group.member_ids), group.member_ids[0]))
    return groups


def _representative(ids: list[int], signatures: dict[int, LeanMinHash]) -> int:
    """The member most like the others (for large groups, judged against a sample)."""
    hashed = [i for i in ids if i in signatures]
    if len(hashed) <= 2:
        return ids[0]
    sample = hashed[:50]
    best = max(hashed[:200], key=lambda i: sum(signatures[i].jaccard(signatures[j])
                                               for j in sample if j != i))
    return best


def most_common(values: Iterable[str]) -> str:
    counted = Counter(values)
    return counted.most_common(1)[0][0] if counted else ""
