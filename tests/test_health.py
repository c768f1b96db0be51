"""The health endpoints tell the truth, and no server creates an empty database by itself."""
import pytest
from alembic.script import ScriptDirectory
from flask_migrate import stamp, upgrade
from sqlalchemy import text

from participa.config import ROOT_DIR
from participa.database_file import DatabaseMissing
from participa.extensions import db

from conftest import make_app

SCRIPTS = ScriptDirectory(str(ROOT_DIR / "migrations"))
HEAD = SCRIPTS.get_current_head()
PREVIOUS = SCRIPTS.get_revision(HEAD).down_revision


@pytest.fixture
def migrated_app(empty_app):
    db.create_all()
    stamp()
    return empty_app


def test_a_database_at_head_is_healthy(migrated_app):
    response = migrated_app.test_client().get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": True, "schema": "current",
                                   "revision": HEAD, "expected_revision": HEAD,
                                   "tables": True}
    assert migrated_app.test_client().get("/readyz").status_code == 200


def test_a_database_at_an_older_revision_is_not_ready(empty_app):
    upgrade(revision=PREVIOUS)

    response = empty_app.test_client().get("/healthz")

    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "error"
    assert (body["schema"], body["revision"], body["expected_revision"]) == (
        "behind", PREVIOUS, HEAD)


def test_an_empty_database_is_not_healthy(empty_app):
    """The reported case: the file was missing at start, an empty one was created, and
    SELECT 1 answered while every page failed."""
    response = empty_app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.get_json()["schema"] == "missing"
    assert response.get_json()["database"] is True


def test_a_revision_this_code_does_not_know_is_reported(migrated_app):
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00dfeedbeef'"))

    response = migrated_app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.get_json()["schema"] == "unknown"


def test_an_unreadable_table_is_not_healthy(migrated_app):
    with db.engine.begin() as connection:
        connection.execute(text("ALTER TABLE users RENAME TO users_elsewhere"))

    response = migrated_app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.get_json()["tables"] is False
    assert response.get_json()["schema"] == "current"


def test_liveness_does_not_depend_on_the_database(empty_app):
    assert empty_app.test_client().get("/livez").get_json() == {"status": "ok"}


@pytest.fixture
def production_without_a_database(tmp_path):
    """A production server pointed at a SQLite file that does not exist (on any test DB)."""
    path = tmp_path / "instance" / "participa.sqlite"
    path.parent.mkdir()
    app = make_app(tmp_path, ENV_NAME="production",
                   SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    yield app, path
    with app.app_context():
        db.engine.dispose()


def test_production_never_creates_an_empty_database(production_without_a_database):
    app, path = production_without_a_database

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.get_json()["database"] is False
    assert app.test_client().get("/livez").status_code == 200
    with app.app_context(), pytest.raises(DatabaseMissing, match="participa init"):
        db.session.execute(text("SELECT 1"))
    assert not path.exists()


def test_participa_init_creates_the_production_database(production_without_a_database):
    app, path = production_without_a_database

    result = app.test_cli_runner().invoke(args=["participa", "init"])

    assert result.exit_code == 0, result.output
    assert str(path) in result.output
    assert path.exists()
    response = app.test_client().get("/healthz")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["revision"] == HEAD
