"""The XLSX writer: what a spreadsheet user opens is typed, and text from users stays text."""
import datetime as dt
import io

import openpyxl

from participa.spreadsheet import to_xlsx


def _open(body: bytes):
    return openpyxl.load_workbook(io.BytesIO(body))


def test_numbers_and_dates_are_typed_and_headers_kept():
    body = to_xlsx(["Institución", "Casos", "Tasa", "Fecha"],
                   [["Ministerio de Salud Pública", 583, 0.772, dt.date(2026, 1, 31)]],
                   sheet="Resumen")
    sheet = _open(body)["Resumen"]
    assert [cell.value for cell in sheet[1]] == ["Institución", "Casos", "Tasa", "Fecha"]
    name, cases, rate, day = (cell.value for cell in sheet[2])
    assert name == "Ministerio de Salud Pública"
    assert cases == 583 and isinstance(cases, int)
    assert rate == 0.772
    assert day == dt.datetime(2026, 1, 31)


def test_user_text_is_never_a_formula_or_a_number():
    body = to_xlsx(["Texto"], [["=HYPERLINK(\"http://evil.example\",\"x\")"], ["0012"],
                               ["http://example.org"]])
    sheet = _open(body).active
    cells = [sheet.cell(row=row, column=1) for row in (2, 3, 4)]
    assert [cell.data_type for cell in cells] == ["s", "s", "s"]
    assert cells[0].value.startswith("=HYPERLINK")
    assert cells[1].value == "0012"
    assert cells[2].hyperlink is None


def test_extra_sheets_and_long_titles():
    body = to_xlsx(["a"], [[1]], sheet="Solicitudes de información pública del año 2026",
                   extra_sheets=[("Índice: reservada", ["b"], [[2]])])
    workbook = _open(body)
    assert len(workbook.sheetnames[0]) <= 31
    assert workbook.sheetnames[1] == "Índice  reservada"
    assert workbook.worksheets[1]["A2"].value == 2
