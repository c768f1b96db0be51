"""How text becomes search terms: the same steps for what is indexed and for what is asked.

Words are lowercased, their accents dropped, then stemmed with the Snowball Spanish stemmer
(PyStemmer): "vacunación", "vacunacion", "vacunas" and "vacunar" all become "vacun", and
"recién" and "recien" the same term, whatever a citizen types on a phone. PostgreSQL's own
Spanish configuration stems "vacunación" but not the unaccented "vacunacion", so both
databases index the terms made here, and the engines only match and rank them (FTS5 on
SQLite, tsvector 'simple' on PostgreSQL): the same query finds the same items on either.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STEMMER = Stemmer.Stemmer("spanish")
# Words too common to help find anything; Snowball's Spanish stop list, shortened.
STOP_WORDS = frozenset("""
a al algo ante antes como con contra cual cuando de del desde donde durante e el ella ellas
ellos en entre era es esa ese eso esta este esto estos fue ha hay la las le les lo los mas me
mi muy no nos o os para pero por que se si sin sobre su sus tambien te tiene todo tu un una
uno unos y ya
""".split())
MAX_TERMS_PER_QUERY = 8


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=50_000)
def term(word: str) -> str:
    """The search term of one word."""
    return _STEMMER.stemWord(strip_accents(word.lower()))


def words_of(text: str) -> list[str]:
    """The words of a text as written (letters and digits)."""
    return _WORD.findall(text or "")


def terms(text: str) -> list[str]:
    """The terms of a text, in order, stop words left out."""
    found = []
    for word in _WORD.findall(text or ""):
        lowered = word.lower()
        if strip_accents(lowered) in STOP_WORDS:
            continue
        found.append(term(lowered))
    return found


def indexed_text(*parts: str) -> str:
    """What the index stores for a document: its terms separated by spaces."""
    return " ".join(t for part in parts for t in terms(part))


def query_terms(query: str) -> list[str]:
    """The distinct terms of what someone typed (only letters and digits survive, so the
    terms are safe in either engine's query syntax)."""
    distinct = []
    for found in terms(query):
        if found not in distinct:
            distinct.append(found)
    return distinct[:MAX_TERMS_PER_QUERY]
