"""Import of historical cases: good, bad and repeated rows; events as if lived here."""
from datetime import datetime

from sqlalchemy import func, select

from participa.cases.lifecycle import derive_state
from participa.extensions import db
from participa.models import Case, CaseCategory, CaseEvent, CaseState, EventKind

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


def _run(app, tmp_path, text, name="historico.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return app.test_cli_runner().invoke(args=["participa", "import-cases", str(path)])


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


def test_importing_again_changes_nothing(app, tmp_path, institutions):
    _run(app, tmp_path, HEADER + GOOD)
    events = db.session.scalar(select(func.count(CaseEvent.id)))
    again = _run(app, tmp_path, HEADER + GOOD)
    assert "0 casos importados, 4 ya importados" in again.output
    assert db.session.scalar(select(func.count(Case.id))) == 4
    assert db.session.scalar(select(func.count(CaseEvent.id))) == events


def test_a_wrong_header_imports_nothing(app, tmp_path, institutions):
    result = _run(app, tmp_path, "id,institucion\n1,MSP\n")
    assert "Línea 1:" in result.output
    assert db.session.scalar(select(func.count(Case.id))) == 0
