"""Shared fixtures: a fresh app and database per test, a client, and users for every role.

Tests run on SQLite by default; set PARTICIPA_TEST_DATABASE_URL to run them on PostgreSQL.
"""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pyotp
import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from participa import create_app
from participa.auth.passwords import hash_password
from participa.extensions import db
from participa.models import (
    GlobalRole,
    Institution,
    InstitutionRole,
    Membership,
    TwoFactorCredential,
    User,
)
from participa.timeutil import utcnow

PASSWORD = "una frase larga y segura"
# Role holders must use two-step verification; test users with roles are enrolled with this.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_PASSWORD_HASH: list[str] = []


def password_hash() -> str:
    """The real hash of PASSWORD, computed once: password hashing is slow on purpose."""
    if not _PASSWORD_HASH:
        _PASSWORD_HASH.append(hash_password(PASSWORD))
    return _PASSWORD_HASH[0]


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context (fresh `g` and database session), as it
    does in production; afterwards the test's own session is expired so that it reads
    what the request wrote."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return response


def make_app(tmp_path: Path, **overrides):
    config = {
        "ENV_NAME": "testing",
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "CEDULA_HASH_KEY": "test-cedula-hash-key",
        "SQLALCHEMY_DATABASE_URI": os.environ.get("PARTICIPA_TEST_DATABASE_URL")
        or f"sqlite:///{tmp_path / 'participa-test.sqlite'}",
        "WTF_CSRF_ENABLED": False,
        "MAIL_BACKEND": "file",
        "MAIL_DIR": str(tmp_path / "mail"),
        # Each test its own figures cache: a test that turns caching on never reads what
        # another test, or a suite running beside it on another database, left there.
        "CACHE_DIR": str(tmp_path / "cache"),
        # Cheaper password hashing than production's, so the suite stays quick.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_KIB": 8192,
        "ARGON2_PARALLELISM": 1,
        # Fixture accounts never saw the privacy notice; tests/test_privacy*.py ask them.
        "PRIVACY_ASK_UNRECORDED": False,
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        fresh_database()
        yield app
        db.session.remove()
        try:  # as drop_all left it, for a test that builds its own app on the same database
            empty_tables()
        except SQLAlchemyError:  # the test changed the schema: the next `app` rebuilds it
            pass
        db.engine.dispose()



@pytest.fixture
def cached(app):
    """The production setting: figures, reports, counts and page bodies are cached
    (STATS_CACHE_SECONDS), in this test's own cache directory."""
    app.config["STATS_CACHE_SECONDS"] = 300
    yield
    app.config["STATS_CACHE_SECONDS"] = 0

# Building the ~60 tables of the models costs far more than most tests (half a second on
# PostgreSQL, drop_all as much again), so each database is built once per session and
# emptied for each test; what a test sees is the same: the models' schema with no rows, ids
# counting from 1.
_SQLITE_TEMPLATE: list[Path] = []
_BUILT_SCHEMAS: dict[str, str] = {}  # database URL -> fingerprint of the schema we built

# What a test could change in a PostgreSQL schema: tables (with their columns, types and
# nullability), indexes, sequences, constraints and enum types. Any difference from the
# schema built by create_all (a test that dropped, migrated or stamped the database) and the
# next test gets the schema built afresh.
_PG_FINGERPRINT = """
SELECT md5(coalesce((
  SELECT string_agg(c.relname || ':' || c.relkind::text || ':' || coalesce((
      SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                        || CASE WHEN a.attnotnull THEN '!' ELSE '' END, ',' ORDER BY a.attnum)
      FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
      ''), ';' ORDER BY c.relname)
  FROM pg_class c WHERE c.relnamespace = n.oid), '')
  || '|' || coalesce((SELECT string_agg(conname, ',' ORDER BY conname)
                      FROM pg_constraint WHERE connamespace = n.oid), '')
  || '|' || coalesce((SELECT string_agg(t.typname || '=' || e.enumlabel, ','
                                        ORDER BY t.typname, e.enumsortorder)
                      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
                      WHERE t.typnamespace = n.oid), ''))
FROM pg_namespace n WHERE n.nspname = current_schema()
"""


def _schema_fingerprint() -> str:
    from sqlalchemy import text

    with db.engine.connect() as connection:
        return connection.execute(text(_PG_FINGERPRINT)).scalar_one()


def _sqlite_template() -> Path:
    """A database file with the models' schema (and the full-text table), built once."""
    if not _SQLITE_TEMPLATE:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="participa-schema-"))
        builder = make_app(folder)
        with builder.app_context():
            db.create_all()
            with db.engine.connect() as connection:  # everything into the main file
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            db.engine.dispose()
        _SQLITE_TEMPLATE.append(folder / "participa-test.sqlite")
    return _SQLITE_TEMPLATE[0]


def fresh_database() -> None:
    """In an app context: the models' schema with every table empty, as drop_all followed
    by create_all leaves it, only quicker. SQLite: a copy of a file built once; PostgreSQL:
    the schema built once per session (again when a test changed it), its rows deleted and
    its sequences restarted."""
    import shutil

    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        db.session.remove()
        db.engine.dispose()
        target = Path(url.database)
        for leftover in (target.with_name(target.name + "-wal"),
                         target.with_name(target.name + "-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(_sqlite_template(), target)
        return
    key = url.render_as_string(hide_password=False)
    if key in _BUILT_SCHEMAS and _BUILT_SCHEMAS[key] == _schema_fingerprint():
        empty_tables()
        return
    drop_everything()
    db.create_all()
    _BUILT_SCHEMAS[key] = _schema_fingerprint()


def empty_tables() -> None:
    """PostgreSQL: delete every row of the models' tables and restart their sequences, in
    one round trip (quicker than TRUNCATE on tables this small). Nothing on SQLite, whose
    database file belongs to the test."""
    from sqlalchemy import inspect

    if db.engine.dialect.name == "sqlite":
        return
    tables = set(inspect(db.engine).get_table_names())
    statements = [f'DELETE FROM "{table.name}"' for table in reversed(db.metadata.sorted_tables)
                  if table.name in tables]
    statements.append("SELECT setval(c.oid, 1, false) FROM pg_class c "
                      "WHERE c.relkind = 'S' AND c.relnamespace = current_schema()::regnamespace")
    try:
        with db.engine.begin() as connection:
            connection.exec_driver_sql("; ".join(statements))
    except IntegrityError:  # rows referring to each other across a cycle of foreign keys
        names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables
                          if table.name in tables)
        with db.engine.begin() as connection:
            connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


def drop_everything() -> None:
    """Drop every table the database holds, the models' and any other (alembic_version, a
    table of an older revision)."""
    from sqlalchemy import MetaData, text

    from participa.models.search import SQLITE_FTS_DROP, is_engine_table

    if db.engine.dialect.name == "sqlite":  # the full-text table takes its shadow tables along
        with db.engine.begin() as connection:
            for statement in SQLITE_FTS_DROP:
                connection.execute(text(statement))
    metadata = MetaData()
    metadata.reflect(bind=db.engine, only=lambda name, _: not is_engine_table(name))
    metadata.drop_all(bind=db.engine)


@pytest.fixture
def empty_app(tmp_path):
    """An app whose database has nothing in it, for the migrations to build."""
    app = make_app(tmp_path)
    with app.app_context():
        drop_everything()
        yield app
        db.session.remove()
        drop_everything()
        db.engine.dispose()


@pytest.fixture
def stamped_app(app):
    """The app, its schema (built by create_all) stamped at the migrations' head, as
    `participa init` leaves it: what /healthz, and so a server's start, checks."""
    from flask_migrate import stamp

    stamp()
    yield app
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_institution(app):
    def factory(acronym: str, name: str | None = None, sector: str = "") -> Institution:
        institution = Institution(acronym=acronym, name=name or f"Institución {acronym}",
                                  sector=sector)
        db.session.add(institution)
        db.session.commit()
        return institution
    return factory


@pytest.fixture
def make_user(app):
    def factory(email: str, *, name: str = "Persona de Prueba", cedula: str | None = None,
                global_role: GlobalRole | None = None,
                roles: list[tuple[Institution, InstitutionRole]] = (),
                two_factor: bool | None = None) -> User:
        """Users with a role get two-step verification (TOTP_SECRET) unless told otherwise."""
        user = User(name=name, email=email.lower(), password_hash=password_hash(),
                    cedula=cedula, global_role=global_role)
        db.session.add(user)
        if two_factor or (two_factor is None and (global_role or roles)):
            db.session.add(TwoFactorCredential(user=user, secret=TOTP_SECRET,
                                               confirmed_at=utcnow()))
        for institution, role in roles:
            db.session.add(Membership(user=user, institution=institution, role=role))
        db.session.commit()
        return user
    return factory


@pytest.fixture
def institutions(make_institution):
    return {
        "MSP": make_institution("MSP", "Ministerio de Salud Pública", "Salud"),
        "MDT": make_institution("MDT", "Ministerio del Trabajo", "Trabajo"),
    }


@pytest.fixture
def people(make_user, institutions):
    """One user per role: the cast of the permission tables."""
    msp, mdt = institutions["MSP"], institutions["MDT"]
    return {
        "citizen": make_user("ciudadana@example.ec", name="Rosa Ciudadana"),
        "official_msp": make_user("funcionario@msp.gob.ec", name="Luis Funcionario",
                                  roles=[(msp, InstitutionRole.OFFICIAL)]),
        "moderator_msp": make_user("moderadora@msp.gob.ec", name="Eva Moderadora",
                                   roles=[(msp, InstitutionRole.MODERATOR)]),
        "admin_mdt": make_user("admin@mdt.gob.ec", name="Iván Administrador",
                               roles=[(mdt, InstitutionRole.INSTITUTION_ADMIN)]),
        "rector": make_user("analista@mintel.gob.ec", name="Ana Analista",
                            global_role=GlobalRole.RECTOR_ANALYST),
        "platform_admin": make_user("root@participa.gob.ec", name="Pía Plataforma",
                                    global_role=GlobalRole.PLATFORM_ADMIN),
    }


def login(client, email: str, password: str = PASSWORD, **extra):
    return client.post("/cuenta/entrar", data={"email": email, "password": password, **extra})


def fresh_code(secret: str, last_step: int | None = None) -> str:
    """A TOTP code for `secret` that the server has not accepted yet: the current one, or
    the next step's (accepted for clock drift) when the current one was already used."""
    step = int(time.time()) // 30
    if last_step is not None and last_step >= step:
        step = last_step + 1
    return pyotp.TOTP(secret).at(step * 30)


def code_for(user: User) -> str:
    """A code the server accepts now. A test that signs the same person in three times
    within 30 seconds would run out of unused steps, so the credential is told that the
    last used step is the previous one: as if the half-minute had passed."""
    credential = user.two_factor
    db.session.refresh(credential)
    current = int(time.time()) // 30
    if credential.last_step is not None and credential.last_step >= current + 1:
        credential.last_step = current - 1
        db.session.commit()
    return fresh_code(credential.secret, credential.last_step)


def login_with_code(client, user: User, password: str = PASSWORD, **extra):
    """Both sign-in steps: the password, then a code when two-step verification is on."""
    response = login(client, user.email, password, **extra)
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.startswith("/cuenta/entrar/codigo"):
        response = client.post(location, data={"code": code_for(user)})
    return response


def enrol_two_factor(client, user: User) -> list[str]:
    """Turn two-step verification on through the pages; returns the recovery codes shown."""
    assert client.get("/cuenta/dos-pasos").status_code == 200
    db.session.refresh(user)
    response = client.post("/cuenta/dos-pasos",
                           data={"code": fresh_code(user.two_factor.secret)})
    assert response.status_code == 200, response.get_data(as_text=True)
    return re.findall(r"<code>([a-z0-9-]{14})</code>", response.get_data(as_text=True))


@pytest.fixture
def login_as(client, people):
    def do_login(who: str):
        response = login_with_code(client, people[who])
        assert response.status_code == 302, f"{who} could not sign in"
        assert not response.headers["Location"].startswith("/cuenta/dos-pasos"), who
        return people[who]
    return do_login


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))
