"""Consultation rules without HTTP: phases from dates, the restricted Markdown, file types."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta

import pytest

from participa.consultations.markdown import render, split_sections
from participa.consultations.service import (
    days_between, detect_document_type, local_to_utc, utc_to_local,
)
from participa.models import Consultation, Phase

OPENS = datetime(2026, 3, 1, 14, 0)
CLOSES = datetime(2026, 3, 31, 22, 0)


@pytest.mark.parametrize("now, phase", [
    (OPENS - timedelta(seconds=1), Phase.DRAFT),
    (OPENS, Phase.OPEN),
    (CLOSES - timedelta(seconds=1), Phase.OPEN),
    (CLOSES, Phase.CLOSED),
    (CLOSES + timedelta(days=400), Phase.CLOSED),
])
def test_the_phase_follows_the_dates(now, phase):
    consultation = Consultation(opens_at=OPENS, closes_at=CLOSES)
    assert consultation.phase_at(now) == phase


def test_a_published_outcome_wins_over_the_dates():
    consultation = Consultation(opens_at=OPENS, closes_at=CLOSES,
                                outcome_published_at=CLOSES + timedelta(days=3))
    assert consultation.phase_at(CLOSES + timedelta(days=4)) == Phase.OUTCOME


def test_ecuador_time_is_utc_minus_five_both_ways():
    local = datetime(2026, 12, 31, 20, 30)
    assert local_to_utc(local) == datetime(2027, 1, 1, 1, 30)
    assert utc_to_local(local_to_utc(local)) == local


def test_days_left_count_a_started_day_as_a_day():
    start = datetime(2026, 1, 1, 12, 0)
    assert days_between(start, start + timedelta(days=2, hours=1)) == 3
    assert days_between(start, start + timedelta(days=2)) == 2
    assert days_between(start, start - timedelta(days=1)) == 0


def test_sections_split_at_level_two_headings():
    sections = split_sections("Preámbulo.\n\n## Art. 1\nUno\n\n### Inciso\n1. a\n2. b\n## Art. 2\n> cita")
    assert [s.heading for s in sections] == ["", "Art. 1", "Art. 2"]
    assert sections[1].body_html == "<p>Uno</p><h3>Inciso</h3><ol><li>a</li><li>b</li></ol>"
    assert sections[2].body_html == "<blockquote><p>cita</p></blockquote>"


def test_markdown_never_lets_html_or_script_links_through():
    html = str(render('<img src=x onerror=alert(1)> [x](javascript:alert(1)) **ok**'))
    assert "<img" not in html and 'href="javascript' not in html
    assert "&lt;img" in html and "<strong>ok</strong>" in html


def _zip(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("data, kind", [
    (b"%PDF-1.4 ...", "pdf"),
    (_zip({"mimetype": "application/vnd.oasis.opendocument.text"}), "odt"),
    (_zip({"[Content_Types].xml": "", "word/document.xml": ""}), "docx"),
    (_zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}), None),
    (_zip({"[Content_Types].xml": "", "xl/workbook.xml": ""}), None),
    (b"GIF89a", None),
    (b"", None),
])
def test_document_types_are_recognised_by_content(data, kind):
    assert detect_document_type(data) == kind
