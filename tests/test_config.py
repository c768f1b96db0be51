"""Configuration that keeps production safe."""
import pytest
from sqlalchemy import text

from participa import create_app
from participa.config import ConfigError
from participa.extensions import db


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("PARTICIPA_SECRET_KEY", raising=False)
    monkeypatch.setenv("PARTICIPA_ENV", "production")
    with pytest.raises(ConfigError, match="PARTICIPA_SECRET_KEY is not set"):
        create_app()


def test_unset_environment_counts_as_production(monkeypatch):
    monkeypatch.delenv("PARTICIPA_SECRET_KEY", raising=False)
    monkeypatch.delenv("PARTICIPA_ENV", raising=False)
    with pytest.raises(ConfigError):
        create_app()


def test_production_with_a_secret_key_uses_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("PARTICIPA_ENV", "production")
    monkeypatch.setenv("PARTICIPA_SECRET_KEY", "a-long-random-production-secret")
    monkeypatch.setenv("PARTICIPA_CEDULA_HASH_KEY", "a-long-random-cedula-hash-key")
    monkeypatch.setenv("PARTICIPA_DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite'}")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("prod.sqlite")


def test_production_refuses_to_start_without_a_cedula_hash_key(monkeypatch):
    monkeypatch.setenv("PARTICIPA_SECRET_KEY", "a-long-random-production-secret")
    monkeypatch.delenv("PARTICIPA_CEDULA_HASH_KEY", raising=False)
    monkeypatch.setenv("PARTICIPA_ENV", "production")
    with pytest.raises(ConfigError, match="PARTICIPA_CEDULA_HASH_KEY is not set"):
        create_app()


def test_the_cedula_hash_does_not_depend_on_the_secret_key(tmp_path):
    """Rotating the session key must not change who cast which ballot."""
    from participa.cedula_hash import cedula_hash

    hashes = []
    for secret in ("first-secret-key", "rotated-secret-key"):
        app = create_app({"ENV_NAME": "testing", "SECRET_KEY": secret,
                          "CEDULA_HASH_KEY": "the-cedula-hash-key",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'k.sqlite'}"})
        with app.app_context():
            hashes.append(cedula_hash("1710034065"))
    assert hashes[0] == hashes[1]
    assert "1710034065" not in hashes[0] and len(hashes[0]) == 64


def test_development_starts_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("PARTICIPA_SECRET_KEY", raising=False)
    monkeypatch.setenv("PARTICIPA_ENV", "development")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'dev.sqlite'}"})
    assert app.config["SECRET_KEY"]
    assert app.config["CEDULA_HASH_KEY"]
    assert app.config["CEDULA_HASH_KEY"] != app.config["SECRET_KEY"]
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_sqlite_enforces_foreign_keys_and_uses_the_write_ahead_log(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
