"""Operator commands."""
from sqlalchemy import func, select

from participa.extensions import db
from participa.models import GlobalRole, Institution, InstitutionRole, Membership, User

from conftest import enrol_two_factor, login, user_by_email

REGISTRY = """acronym,name,sector
MINTEL,Ministerio de Telecomunicaciones y de la Sociedad de la Información,Telecomunicaciones
MSP,Ministerio de Salud Pública,Salud
,Sin siglas,Nada
MDT,,Trabajo
SRI,Servicio de Rentas Internas,Tributación
MSP,Ministerio de Salud Pública (repetido),Salud
"""


def _write(tmp_path, text, name="registro.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_institutions_reports_bad_rows_and_goes_on(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["participa", "import-institutions",
                                                _write(tmp_path, REGISTRY)])
    assert result.exit_code == 1, result.output  # rows were rejected
    assert "Línea 4:" in result.output and "las siglas están vacías" in result.output
    assert "Línea 5:" in result.output and "el nombre está vacío" in result.output
    assert "Línea 7:" in result.output and "línea 3" in result.output
    assert "3 creadas" in result.output
    acronyms = set(db.session.scalars(select(Institution.acronym)))
    assert acronyms == {"MINTEL", "MSP", "SRI"}


def test_import_institutions_is_idempotent_and_updates_by_acronym(app, tmp_path):
    runner = app.test_cli_runner()
    path = _write(tmp_path, REGISTRY)
    runner.invoke(args=["participa", "import-institutions", path])
    again = runner.invoke(args=["participa", "import-institutions", path])
    assert "0 creadas, 0 actualizadas, 3 sin cambios" in again.output
    assert db.session.scalar(select(func.count(Institution.id))) == 3

    renamed = _write(tmp_path, "acronym,name,sector\nSRI,Servicio de Rentas Internas del Ecuador,Tributación\n",
                     "renombre.csv")
    result = runner.invoke(args=["participa", "import-institutions", renamed])
    assert "1 actualizadas" in result.output
    sri = db.session.scalar(select(Institution).where(Institution.acronym == "SRI"))
    assert sri.name == "Servicio de Rentas Internas del Ecuador"


def test_import_refuses_a_file_with_the_wrong_header(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["participa", "import-institutions",
                                                _write(tmp_path, "siglas,nombre\nMSP,Salud\n")])
    assert "Línea 1:" in result.output
    assert db.session.scalar(select(func.count(Institution.id))) == 0


def test_import_accepts_a_byte_order_mark(app, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("acronym,name,sector\nMAG,Ministerio de Agricultura y Ganadería,Agricultura\n"
                     .encode("utf-8-sig"))
    app.test_cli_runner().invoke(args=["participa", "import-institutions", str(path)])
    assert db.session.scalar(select(Institution.name).where(Institution.acronym == "MAG"))


def test_demo_data_has_real_institutions_and_every_role(app, client):
    from participa import demo

    runner = app.test_cli_runner()
    assert "Datos de demostración cargados" in runner.invoke(args=["participa", "demo"]).output
    assert "ya están cargados" in runner.invoke(args=["participa", "demo"]).output
    acronyms = set(db.session.scalars(select(Institution.acronym)))
    assert {"MINTEL", "MDT", "MSP"} <= acronyms and len(acronyms) >= 8
    roles = set(db.session.scalars(select(Membership.role)))
    assert roles == set(InstitutionRole)
    global_roles = set(db.session.scalars(select(User.global_role).where(User.global_role.is_not(None))))
    assert global_roles == set(GlobalRole)
    for email, *_ in demo.USERS:
        response = login(client, email, demo.DEMO_PASSWORD)
        assert response.status_code == 302, email
        client.post("/cuenta/salir")


def test_create_admin_makes_a_platform_administrator(app, client):
    result = app.test_cli_runner().invoke(args=[
        "participa", "create-admin", "--email", "jefa@participa.gob.ec", "--name", "Jefa",
        "--password", "una clave muy larga para admin"])
    assert result.exit_code == 0, result.output
    login(client, "jefa@participa.gob.ec", "una clave muy larga para admin")
    # An administrator must turn on two-step verification before reaching anything else.
    assert client.get("/admin/instituciones/nueva").headers["Location"] == "/cuenta/dos-pasos"
    enrol_two_factor(client, user_by_email("jefa@participa.gob.ec"))
    assert client.get("/admin/instituciones/nueva").status_code == 200


def test_create_admin_refuses_a_weak_password(app):
    result = app.test_cli_runner().invoke(args=[
        "participa", "create-admin", "--email", "jefa@participa.gob.ec", "--name", "Jefa",
        "--password", "corta"])
    assert result.exit_code != 0
    assert "al menos 12 caracteres" in result.output
