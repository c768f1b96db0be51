"""Dates read as words on the pages people use most: no ISO date ("2026-01-05") and no ISO
month ("2026-01") in the visible text; machine-readable dates stay in attributes
(<time datetime="…">, links)."""
from __future__ import annotations

import re

import pytest

from participa.extensions import db
from participa.models import Stance
from participa.consultations import comments as comments_service

from factories_cases import make_case, make_category
from factories_consultations import make_consultation  # noqa: F401  (fixture)

ISO = re.compile(r"(?<![\w-])\d{4}-(?:0[1-9]|1[0-2])(?:-\d{2})?(?![\w-])")


def visible_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"(?s)<[^>]*>", " ", html)  # tags go, and their attributes with them


def iso_dates(html: str) -> list[str]:
    return ISO.findall(visible_text(html))


def test_the_check_tells_text_from_attributes():
    html = ('<p>Abierta hasta el 2026-01-05 <time datetime="2026-02-01">1 de febrero</time>'
            '<a href="/x?desde=2026-03-01">enero de 2026</a> 2026-04</p>')
    assert iso_dates(html) == ["2026-01-05", "2026-04"]


@pytest.fixture
def pages(client, people, institutions, make_consultation):
    citizen = people["citizen"]
    msp_category = make_category(institutions["MSP"], "Citas médicas", deadline_days=10)
    consultation = make_consultation()
    comments_service.add_comment(citizen, consultation, body="Propongo turnos por teléfono.",
                                 stance=Stance.FOR)
    db.session.commit()
    case = make_case(citizen, institutions["MSP"], msp_category)
    return {"consultation": f"/consultas/{consultation.id}", "case": f"/casos/{case.code}"}


@pytest.mark.parametrize("who, page", [
    (None, "/"), (None, "consultation"), ("citizen", "case"), ("citizen", "/mi-participa"),
    ("rector", "/tablero/"), ("rector", "/tablero/institucion/MSP"),
    ("official_msp", "/casos/institucion/MSP"),
])
def test_key_pages_show_no_iso_date(client, login_as, pages, who, page):
    if who:
        login_as(who)
    url = pages.get(page, page)
    response = client.get(url, headers={"Accept-Language": "es"})
    assert response.status_code == 200, url
    assert iso_dates(response.get_data(as_text=True)) == [], url
