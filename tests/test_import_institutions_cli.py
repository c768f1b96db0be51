"""import-institutions reads the file line by line: a bad line is one rejected row, a bad
file is refused with a non-zero exit status."""
import pytest
from sqlalchemy import func, select

from participa.extensions import db
from participa.models import Institution

HEADER = "acronym,name,sector\n"


def _run(app, tmp_path, data: bytes, *options):
    path = tmp_path / "registro.csv"
    path.write_bytes(data)
    return app.test_cli_runner().invoke(args=["participa", "import-institutions", str(path),
                                              *options])


def _acronyms() -> set[str]:
    return set(db.session.scalars(select(Institution.acronym)))


def test_a_latin1_file_needs_its_encoding(app, tmp_path):
    data = (HEADER + "MAG,Ministerio de Agricultura y Ganadería,Agricultura\n"
            "SRI,Servicio de Rentas Internas,Tributos\n").encode("latin-1")
    result = _run(app, tmp_path, data)
    assert result.exit_code == 1
    assert "Línea 2:" in result.output and "--encoding latin-1" in result.output
    assert _acronyms() == {"SRI"}

    again = _run(app, tmp_path, data, "--encoding", "latin-1")
    assert again.exit_code == 0, again.output
    assert db.session.scalar(select(Institution.name).where(Institution.acronym == "MAG")) \
        == "Ministerio de Agricultura y Ganadería"


def test_an_open_quote_or_a_nul_byte_is_one_rejected_line(app, tmp_path):
    data = (HEADER + 'MAG,"Ministerio de Agricultura,Agricultura\n'
            "SRI,Servicio de Rentas Internas,Tributos\n"
            "MDT,Ministerio del\x00Trabajo,Trabajo\n"
            "MSP,Ministerio de Salud Pública,Salud\n").encode("utf-8")
    result = _run(app, tmp_path, data)
    assert result.exit_code == 1
    assert "Línea 2:" in result.output and "Línea 4:" in result.output
    assert "NUL" in result.output
    assert _acronyms() == {"SRI", "MSP"}


@pytest.mark.parametrize("data", [b"", b"siglas,nombre\nMSP,Salud\n"])
def test_an_empty_file_or_a_wrong_header_is_refused(app, tmp_path, data):
    result = _run(app, tmp_path, data)
    assert result.exit_code == 2, result.output
    assert _acronyms() == set()
    assert db.session.scalar(select(func.count(Institution.id))) == 0


def test_rejected_rows_are_summed_up_and_written_beside_the_input(app, tmp_path):
    data = (HEADER + "".join(f"X{n},,Salud\n" for n in range(25))
            + "SRI,Servicio de Rentas Internas,Tributos\n").encode("utf-8")
    result = _run(app, tmp_path, data)
    assert result.exit_code == 1
    assert result.output.count("Línea ") == 20
    rejects = tmp_path / "registro.rejects.csv"
    assert str(rejects) in result.output
    assert "1 created, 0 updated, 0 unchanged, 25 rows with errors" in result.output \
        or "1 creadas" in result.output or "25 filas con errores" in result.output
    assert _acronyms() == {"SRI"}
    import csv
    with rejects.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["line", "error", "content"]
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(2, 27)]
    assert rows[1][2] == "X0,,Salud"
