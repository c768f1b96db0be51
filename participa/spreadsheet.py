"""The one XLSX writer of every export, beside the CSV writer: numbers stay numbers and dates
stay dates (a Spanish spreadsheet reads them without guessing decimal separators), headers are
in the reader's language, and no cell is ever run as a formula or turned into a link."""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

import xlsxwriter
from flask import Response

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel refuses sheet names longer than 31 characters or with any of these.
_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_name(title: str) -> str:
    return (title.translate(_SHEET_FORBIDDEN).strip() or "Datos")[:31]


def to_xlsx(header: Sequence, rows: Iterable[Sequence], *, sheet: str = "Datos",
            extra_sheets: Sequence[tuple[str, Sequence, Iterable[Sequence]]] = ()) -> bytes:
    """The bytes of a workbook: one sheet with `header` in bold and `rows` below, typed, then
    any `extra_sheets` given as (title, header, rows)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {
        "in_memory": True,
        # Text from users is only ever text: never a formula, never a hyperlink.
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "remove_timezone": True,
    })
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for title, sheet_header, sheet_rows in ((sheet, header, rows), *extra_sheets):
        worksheet = workbook.add_worksheet(_sheet_name(str(title)))
        widths = [len(str(cell)) for cell in sheet_header]
        worksheet.write_row(0, 0, [str(cell) for cell in sheet_header], bold)
        worksheet.freeze_panes(1, 0)
        for row_number, row in enumerate(sheet_rows, start=1):
            for column, value in enumerate(row):
                _write(worksheet, row_number, column, value, date_format, datetime_format)
                if column < len(widths):
                    widths[column] = max(widths[column], min(len(str(value or "")), 60))
        for column, width in enumerate(widths):
            worksheet.set_column(column, column, width + 2)
    workbook.close()
    return buffer.getvalue()


def _write(worksheet, row: int, column: int, value, date_format, datetime_format) -> None:
    if value is None:
        worksheet.write_blank(row, column, None)
    elif isinstance(value, bool):
        worksheet.write_boolean(row, column, value)
    elif isinstance(value, dt.datetime):
        worksheet.write_datetime(row, column, value, datetime_format)
    elif isinstance(value, dt.date):
        worksheet.write_datetime(row, column, value, date_format)
    elif isinstance(value, (int, float)):
        worksheet.write_number(row, column, value)
    else:
        worksheet.write_string(row, column, str(value))


def xlsx_response(body: bytes, filename: str) -> Response:
    """An XLSX download named `filename`."""
    return Response(body, mimetype=XLSX_MIMETYPE, headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})
