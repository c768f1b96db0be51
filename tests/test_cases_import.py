"""Import of historical cases: good, bad and repeated rows; events as if lived here."""
import csv
import errno
import os
import re
import threading
from datetime import datetime

import pytest
from flask_babel import refresh
from sqlalchemy import func, select

from participa.cases.importer import import_cases
from participa.cases.lifecycle import derive_state
from participa.extensions import db
from participa.models import Case, CaseCategory, CaseEvent, CaseState, EventKind

from factories_cases import make_category

HEADER = ("external_id,institution_acronym,type,category,created_at,first_response_at,"
          "resolved_at,status,satisfaction\n")
GOOD = (
    "H-1,MSP,complaint,Citas médicas,2025-03-03T09:00:00-05:00,2025-03-10T10:00:00-05:00,"
    "2025-03-12T08:00:00-05:00,resolved,4\n"
    "H-2,msp,information_request,Citas médicas,2025-04-01T12:00:00+00:00,,,received,\n"
    "H-3,MDT,suggestion,Inspecciones,2025-05-05T08:00:00-05:00,2025-05-06T08:00:00-05:00,,"
    "rejected,\n"
    "H-4,MDT,report,Inspecciones,2025-06-02T08:00:00Z,2025-06-20T08:00:00Z,,answered,\n"
)
BAD = (
    "H-5,XYZ,complaint,Otra,2025-03-03T09:00:00-05:00,,,received,\n"
    "H-6,MSP,queja,Otra,2025-03-03T09:00:00-05:00,,,received,\n"
    "H-7,MSP,complaint,Otra,2025-03-03 09:00,,,received,\n"
    "H-8,MSP,complaint,Otra,2025-03-03T09:00:00-05:00,,,answered,\n"
    "H-9,MSP,complaint,Otra,2025-03-03T09:00:00-05:00,,,received,7\n"
    "H-1,MSP,complaint,Otra,2025-03-03T09:00:00-05:00,,,received,\n"
    "H-10,MSP,complaint\n"
)


def _run(app, tmp_path, text, *options, name="historico.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return app.test_cli_runner().invoke(args=["participa", "import-cases", str(path), *options])


def _count_cases() -> int:
    return db.session.scalar(select(func.count(Case.id)))


@pytest.fixture
def english(app):
    """Messages in English: the assertions below read the operator's output."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    refresh()
    yield
    app.config["BABEL_DEFAULT_LOCALE"] = "es"
    refresh()


def test_good_rows_become_cases_with_their_events(app, tmp_path, institutions):
    result = _run(app, tmp_path, HEADER + GOOD)
    assert result.exit_code == 0, result.output
    assert "4 casos importados, 0 ya importados, 0 filas con errores" in result.output
    case = db.session.scalar(select(Case).where(Case.external_id == "H-1"))
    assert case.state == CaseState.RESOLVED and case.rating == 4
    assert case.institution_id == institutions["MSP"].id
    assert case.created_at == datetime(2025, 3, 3, 14, 0)
    kinds = [(e.kind, e.at) for e in case.events if e.kind != EventKind.IMPORTED]
    assert kinds == [(EventKind.FILED, datetime(2025, 3, 3, 14, 0)),
                     (EventKind.ANSWERED, datetime(2025, 3, 10, 15, 0)),
                     (EventKind.RESOLVED, datetime(2025, 3, 12, 13, 0))]
    for stored in db.session.scalars(select(Case)):
        assert stored.state == derive_state(stored.events)
    # Unknown categories are created with the default 30-day deadline, once.
    categories = db.session.scalars(select(CaseCategory)).all()
    assert sorted((c.name, c.deadline_days) for c in categories) == [
        ("Citas médicas", 30), ("Inspecciones", 30)]


def test_bad_rows_are_reported_and_the_rest_imported(app, tmp_path, institutions):
    result = _run(app, tmp_path, HEADER + GOOD + BAD)
    output = result.output
    assert "Línea 6:" in output and "institución desconocida XYZ" in output
    assert "Línea 7:" in output and "tipo desconocido queja" in output
    assert "Línea 8:" in output and "desfase" in output
    assert "Línea 9:" in output and "first_response_at" in output
    assert "Línea 10:" in output and "de 1 a 5" in output
    assert "Línea 11:" in output and "línea 2" in output
    assert "Línea 12:" in output and "se esperaban 9 columnas" in output
    assert "4 casos importados, 0 ya importados, 7 filas con errores" in output
    assert db.session.scalar(select(func.count(Case.id))) == 4
    # Rejected rows are an error for cron and scripts, even though the rest was imported.
    assert result.exit_code == 1


def test_importing_again_changes_nothing(app, tmp_path, institutions):
    _run(app, tmp_path, HEADER + GOOD)
    events = db.session.scalar(select(func.count(CaseEvent.id)))
    again = _run(app, tmp_path, HEADER + GOOD)
    assert "0 casos importados, 4 ya importados" in again.output
    assert db.session.scalar(select(func.count(Case.id))) == 4
    assert db.session.scalar(select(func.count(CaseEvent.id))) == events


def test_a_wrong_header_imports_nothing_and_fails(app, tmp_path, institutions, english):
    result = _run(app, tmp_path, "id,institucion\n1,MSP\n")
    assert result.exit_code == 2
    assert "refused" in result.output and "Line 1:" in result.output
    assert "external_id,institution_acronym" in result.output
    assert _count_cases() == 0


@pytest.mark.parametrize("text", ["", "\n"])
def test_an_empty_file_is_refused(app, tmp_path, institutions, english, text):
    result = _run(app, tmp_path, text)
    assert result.exit_code == 2, result.output
    assert "refused" in result.output
    assert "empty" in result.output or "header" in result.output


def test_a_latin1_file_is_rejected_line_by_line_and_imported_with_its_encoding(
        app, tmp_path, institutions, english):
    text = HEADER + ("H-1,MSP,complaint,Atención ciudadana,2025-03-03T09:00:00-05:00,,,"
                     "received,\n"
                     "H-2,MSP,complaint,Citas,2025-03-03T09:00:00-05:00,,,received,\n")
    result = _run(app, tmp_path, text, encoding="latin-1")
    assert result.exit_code == 1
    assert "Line 2:" in result.output and "UTF-8" in result.output
    assert "--encoding latin-1" in result.output
    assert "1 cases imported, 0 already imported, 1 rows with errors" in result.output

    again = _run(app, tmp_path, text, "--encoding", "latin-1", encoding="latin-1")
    assert again.exit_code == 0, again.output
    assert "1 cases imported, 1 already imported, 0 rows with errors" in again.output
    case = db.session.scalar(select(Case).where(Case.external_id == "H-1"))
    assert case.category.name == "Atención ciudadana"


def test_an_unknown_encoding_is_refused(app, tmp_path, institutions, english):
    result = _run(app, tmp_path, HEADER + GOOD, "--encoding", "klingon")
    assert result.exit_code == 2 and "klingon" in result.output
    assert _count_cases() == 0


def test_a_huge_field_is_one_rejected_line(app, tmp_path, institutions, english):
    huge = "x" * 200_000
    text = HEADER + GOOD.splitlines(keepends=True)[0] + (
        f"H-9,MSP,complaint,{huge},2025-03-03T09:00:00-05:00,,,received,\n") + \
        "".join(GOOD.splitlines(keepends=True)[1:])
    result = _run(app, tmp_path, text)
    assert result.exit_code == 1
    assert "Line 3:" in result.output and "longer than" in result.output
    assert huge[:1000] not in result.output
    assert "4 cases imported, 0 already imported, 1 rows with errors" in result.output


def test_an_open_quote_does_not_swallow_the_next_row(app, tmp_path, institutions, english):
    text = HEADER + (
        'H-1,MSP,complaint,"Citas médicas,2025-03-03T09:00:00-05:00,,,received,\n'
        "H-2,MSP,complaint,Citas médicas,2025-03-03T09:00:00-05:00,,,received,\n"
        'H-3,MSP,complaint,"Citas" médicas,2025-03-03T09:00:00-05:00,,,received,\n')
    result = _run(app, tmp_path, text)
    assert result.exit_code == 1
    assert "Line 2:" in result.output and "Line 4:" in result.output
    assert "quote" in result.output
    assert [c.external_id for c in db.session.scalars(select(Case))] == ["H-2"]


def test_a_nul_byte_is_rejected(app, tmp_path, institutions, english):
    text = HEADER + ("H-1,MSP,complaint,Citas\x00médicas,2025-03-03T09:00:00-05:00,,,received,\n"
                     "H-2,MSP,complaint,Citas médicas,2025-03-03T09:00:00-05:00,,,received,\n")
    result = _run(app, tmp_path, text)
    assert result.exit_code == 1
    assert "Line 2:" in result.output and "NUL" in result.output
    assert [c.external_id for c in db.session.scalars(select(Case))] == ["H-2"]


def test_progress_is_printed_and_rejections_are_summed_up(app, tmp_path, institutions,
                                                          english):
    bad = "".join(f"B-{n},XYZ,complaint,Otra,2025-03-03T09:00:00-05:00,,,received,\n"
                  for n in range(45))
    rejects = tmp_path / "rechazadas.csv"
    result = _run(app, tmp_path, HEADER + GOOD + bad + "H-5,MSP\n", "--progress-every", "10",
                  "--batch-size", "2", "--rejects", str(rejects))
    assert result.exit_code == 1
    output = result.output
    assert "10 lines read: 4 imported, 0 already imported, 6 rejected" in output
    assert "40 lines read: 4 imported, 0 already imported, 36 rejected" in output
    assert output.count(" lines read: ") == 5
    assert "50 lines read: 4 imported, 0 already imported, 46 rejected" in output
    assert len(re.findall(r"^Line \d+:", output, re.M)) == 20
    assert "… and 26 more rejected rows." in output
    assert "4 cases imported, 0 already imported, 46 rows with errors" in output
    with rejects.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["line", "error", "content"]
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(6, 52)]
    assert "XYZ" in rows[1][1] and rows[1][2].startswith("B-0,XYZ,")
    assert "9 columns" in rows[-1][1] and rows[-1][2] == "H-5,MSP"


def test_an_interrupted_import_goes_on_where_it_stopped(app, tmp_path, institutions):
    class Interrupted(Exception):
        pass

    def commit_then_stop(report):
        db.session.commit()
        if report.imported == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        import_cases((HEADER + GOOD).splitlines(), batch_size=2, on_batch=commit_then_stop)
    db.session.rollback()
    assert _count_cases() == 2  # the first batch was committed on its own

    result = _run(app, tmp_path, HEADER + GOOD)
    assert result.exit_code == 0, result.output
    assert "2 casos importados, 2 ya importados, 0 filas con errores" in result.output
    assert _count_cases() == 4


def _open_for_writing(path, importer: threading.Thread):
    """The write end of the FIFO, once the importer has opened its read end."""
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as error:
            if error.errno != errno.ENXIO:
                raise
            assert importer.is_alive(), "the import ended without reading the file"
            importer.join(0.01)
            continue
        os.set_blocking(fd, True)
        return os.fdopen(fd, "w", encoding="utf-8")


def _wait_for(condition, what: str):
    """Wait for another thread's work to show (not a measure: the bound only ends a hung
    test)."""
    for _ in range(3000):
        if condition():
            return
        threading.Event().wait(0.01)
    raise AssertionError(f"never happened: {what}")


def test_a_citizen_files_a_case_while_an_import_runs(app, tmp_path, institutions, login_as,
                                                    client):
    """The import commits batch by batch: between two batches another connection writes (on
    SQLite, a filing would otherwise wait for the whole import and fail with "database is
    locked")."""
    category = make_category(institutions["MSP"], "Citas médicas", deadline_days=10)
    feed = tmp_path / "feed.csv"
    os.mkfifo(feed)
    outcome = {}

    def run_import():
        with app.app_context():
            outcome["result"] = app.test_cli_runner().invoke(args=[
                "participa", "import-cases", str(feed), "--batch-size", "2"])

    importer = threading.Thread(target=run_import)
    importer.start()
    writer = _open_for_writing(feed, importer)
    try:
        # A category the database does not have yet: creating it is the import's first write.
        writer.write(HEADER + "".join(
            f"N-{n},MSP,complaint,Categoría nueva,2025-03-03T09:00:00-05:00,,,received,\n"
            for n in range(2)))
        writer.flush()

        def first_batch_committed():
            db.session.rollback()  # a fresh read of what other connections committed
            return _count_cases() == 2

        _wait_for(first_batch_committed, "the first batch of the import is committed")
        # The importer now waits for more lines of the file, between two batches.
        login_as("citizen")
        response = client.post("/casos/nuevo/MSP", data={
            "type": "complaint", "category": str(category.id), "subject": "Demora en la cita",
            "description": "Llevo dos meses esperando.",
            "province": "17", "canton": "1701"})
        assert response.status_code == 302, response.get_data(as_text=True)
        writer.write("".join(
            f"N-{n},MSP,complaint,Categoría nueva,2025-03-03T09:00:00-05:00,,,received,\n"
            for n in range(2, 5)))
    finally:
        writer.close()
        importer.join(60)
    result = outcome["result"]
    assert result.exit_code == 0, result.output
    assert "5 casos importados, 0 ya importados, 0 filas con errores" in result.output
    db.session.rollback()
    assert _count_cases() == 6


def test_rejected_rows_go_to_a_file_beside_the_input_and_the_screen_has_a_summary(
        app, tmp_path, institutions, english):
    bad = "".join(f"B-{n},XYZ,complaint,Otra,2025-03-03T09:00:00-05:00,,,received,\n"
                  for n in range(30))
    result = _run(app, tmp_path, HEADER + GOOD + bad)
    assert result.exit_code == 1
    output = result.output
    # Not one line per rejected row: the first 20, then how many more and where they all are.
    assert len(re.findall(r"^Line \d+:", output, re.M)) == 20
    assert "… and 10 more rejected rows." in output
    rejects = tmp_path / "historico.rejects.csv"
    assert f"is in {rejects}" in output
    assert "4 cases imported, 0 already imported, 30 rows with errors" in output
    with rejects.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["line", "error", "content"]
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(6, 36)]
    assert all("unknown institution XYZ" in row[1] for row in rows[1:])
    assert rows[-1][2].startswith("B-29,XYZ,")


def test_a_clean_import_writes_no_rejects_file(app, tmp_path, institutions):
    result = _run(app, tmp_path, HEADER + GOOD)
    assert result.exit_code == 0
    assert not (tmp_path / "historico.rejects.csv").exists()


def test_progress_off_a_terminal_is_plain_lines_with_rate_and_time_left(
        app, tmp_path, institutions, english):
    result = _run(app, tmp_path, HEADER + GOOD, "--progress-every", "2")
    lines = [line for line in result.output.splitlines() if " lines read: " in line]
    # Every 2 lines, then the end: no carriage returns, no bar.
    assert len(lines) == 2 and "\r" not in result.output and "[" not in result.output
    assert lines[0].startswith("2 lines read: ") and "per second" in lines[0]
    assert "left)" in lines[0]  # 2 of 4 lines: the time left is estimated
    assert lines[-1].startswith("4 lines read: 4 imported") and "left" not in lines[-1]
