"""The Spanish catalogue reads as written by a person: institutions take their article,
counts agree with their nouns, Spanish text is not left in English."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from participa.config import ROOT_DIR

ES = ROOT_DIR / "translations" / "es" / "LC_MESSAGES" / "messages.po"
EN = ROOT_DIR / "translations" / "en" / "LC_MESSAGES" / "messages.po"

PREPOSITIONS = r"a|al|de|del|en|por|para|con|desde|hacia|ante|sobre|entre|dirigid[oa]s? a"
# A placeholder that is a bare institution name or acronym.
BARE_INSTITUTION = r"institution|institution_name|acronym"
# A placeholder that brings its own preposition and article (participa.institution_names).
WITH_PREPOSITION = r"(?:to|of|in|by|for|with|from)_institution"


def messages(path: Path):
    """(msgid, msgstr) for every string of the catalogue, plural forms included."""
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for string in strings:
            yield ids[0], string or ""


def bare_institution_after_a_preposition(path: Path) -> list[str]:
    pattern = re.compile(rf"(?i)\b(?:{PREPOSITIONS}) %\((?:{BARE_INSTITUTION})\)s")
    return [msgid for msgid, string in messages(path) if pattern.search(string)]


def preposition_said_twice(path: Path) -> list[str]:
    pattern = re.compile(rf"(?i)\b(?:{PREPOSITIONS}) %\({WITH_PREPOSITION}\)s")
    return [msgid for msgid, string in messages(path) if pattern.search(string)]


def test_no_institution_follows_a_preposition_without_its_article():
    """"Presentar un caso a Ministerio de Salud Pública" is not Spanish: a message that puts
    an institution after a preposition takes it as %(to_institution)s, %(of_institution)s…,
    which bring "al Ministerio…", "de la Secretaría…" (participa.institution_names)."""
    assert bare_institution_after_a_preposition(ES) == []


def test_a_placeholder_with_its_preposition_is_not_given_another():
    assert preposition_said_twice(ES) == []


def test_the_check_finds_what_it_looks_for(tmp_path):
    po = tmp_path / "messages.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "File a case to %(acronym)s"\nmsgstr "Presentar un caso a %(acronym)s"\n\n'
                  'msgid "Cases of %(of_institution)s"\nmsgstr "Casos de %(of_institution)s"\n',
                  encoding="utf-8")
    assert bare_institution_after_a_preposition(po) == ["File a case to %(acronym)s"]
    assert preposition_said_twice(po) == ["Cases of %(of_institution)s"]


# --- Numbers and dates as the reader's language writes them ------------------------------

@pytest.mark.parametrize("language, average, month", [
    ("es", "3,8", "enero de 2026"), ("en", "3.8", "January 2026")])
def test_an_average_is_rounded_and_a_month_is_in_words(app, language, average, month):
    env = app.jinja_env
    with app.test_request_context("/", headers={"Accept-Language": language}):
        assert env.from_string("{{ 3.761|number(1) }}").render() == average
        assert env.from_string("{{ 2026|month(1) }}").render() == month


@pytest.mark.parametrize("count, expected", [(1, "1 decisión"), (2, "2 decisiones")])
def test_a_count_agrees_with_its_noun(app, count, expected):
    template = app.jinja_env.from_string(
        '{{ ngettext("%(num)s decision", "%(num)s decisions", n, num=n|number) }}')
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        assert template.render(n=count) == expected


@pytest.mark.parametrize("fmt", ["short", "medium"])
def test_a_moment_reads_one_way_in_ecuador_time(app, fmt):
    from datetime import datetime
    template = app.jinja_env.from_string("{{ at|datetime(fmt) }}")
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        # 23:05 UTC is 18:05 in Guayaquil; no numeric date, no seconds.
        assert template.render(at=datetime(2026, 12, 1, 23, 5), fmt=fmt) == "1 dic 2026, 18:05"
