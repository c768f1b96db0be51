"""Backups of the embedded database: taken while it is in use, restored with every row."""
import pytest
from sqlalchemy import func, select

from participa.extensions import db
from participa.models import Institution, Membership, User


@pytest.fixture
def sqlite_only(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL is backed up with pg_dump, not this command")


def _counts():
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (User, Institution, Membership)}


def test_backup_then_restore_brings_back_every_row(app, sqlite_only, people, tmp_path):
    runner = app.test_cli_runner()
    before = _counts()
    target = tmp_path / "copia.sqlite"
    result = runner.invoke(args=["participa", "backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "Copia de seguridad escrita" in result.output

    # Damage after the backup: delete people and an institution.
    db.session.execute(Membership.__table__.delete())
    db.session.execute(User.__table__.delete())
    db.session.commit()
    assert _counts()["User"] == 0

    result = runner.invoke(args=["participa", "restore", "--yes", str(target)])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert _counts() == before
    assert db.session.scalar(select(User.name).where(User.email == "ciudadana@example.ec")) \
        == "Rosa Ciudadana"


def test_backup_refuses_to_overwrite_an_existing_file(app, sqlite_only, tmp_path):
    target = tmp_path / "copia.sqlite"
    target.write_text("otra cosa")
    result = app.test_cli_runner().invoke(args=["participa", "backup", str(target)])
    assert result.exit_code != 0
    assert "ya existe" in result.output
    assert target.read_text() == "otra cosa"


def test_restore_refuses_a_damaged_file(app, sqlite_only, people, tmp_path):
    bad = tmp_path / "rota.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    result = app.test_cli_runner().invoke(args=["participa", "restore", "--yes", str(bad)])
    assert result.exit_code != 0
    assert _counts()["User"] == len(people)
