"""Participa: e-participation for a national public administration."""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from participa import request_ids
from participa.config import ROOT_DIR, build_config
from participa.extensions import babel, cache, csrf, db, limiter, login_manager, migrate


def create_app(config: dict | None = None) -> Flask:
    """Application factory: wires configuration, extensions, blueprints, CLI and errors."""
    app = Flask(
        __name__,
        instance_path=str(ROOT_DIR / "instance"),
        template_folder=str(ROOT_DIR / "templates"),
        static_folder=str(ROOT_DIR / "static"),
    )
    app.config.from_mapping(build_config(Path(app.instance_path), config))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    request_ids.configure_logging()

    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    _init_extensions(app)
    from participa import read_transactions

    read_transactions.register(app)  # after the database extension: see its docstring
    from participa import connection_checks

    connection_checks.register(app)
    from participa import database_file  # the SQLite file is created by `participa init` only
    database_file.register(app)
    from participa import numbers

    numbers.register(app)  # the bounded <int:...> converter, before any route is added
    from participa import page_cache

    page_cache.register(app)  # before the blueprints: see its docstring
    _register_blueprints(app)
    from participa import shared_pages

    shared_pages.register(app)  # wraps views: after the blueprints

    from participa import (cli, errors, metrics, outbox, ratelimits, security, tasks,
                           templating)

    request_ids.register(app)
    metrics.register(app)
    tasks.init_app(app)
    outbox.register(app)
    ratelimits.register(app)
    errors.register(app)
    security.register(app)
    templating.register(app)
    cli.register(app)
    return app


def _init_extensions(app: Flask) -> None:
    from participa import i18n, models  # noqa: F401  (models registers the tables)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    cache.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"

    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please sign in to continue.")

    @login_manager.user_loader
    def load_user(user_id: str):
        from participa.auth.guards import load_signed_in_user

        return load_signed_in_user(user_id)


def _register_blueprints(app: Flask) -> None:
    from participa.admin import bp as admin_bp
    from participa.auth import bp as auth_bp
    from participa.consultations import bp as consultations_bp
    from participa.main import bp as main_bp
    from participa.proposals import bp as proposals_bp
    from participa.cases import bp as cases_bp
    from participa.open311 import bp as open311_bp
    from participa.moderation import bp as moderation_bp
    from participa.dashboard import api_bp as stats_api_bp, bp as dashboard_bp, open_data_bp
    from participa.privacy import bp as privacy_bp
    from participa.ballots import bp as ballots_bp
    from participa.observatory import bp as observatory_bp, data_bp as observatory_data_bp
    from participa.verification.views import bp as verification_bp
    from participa.search import commands as _search_commands, index as _search_index  # noqa: F401
    from participa.search.views import bp as search_bp
    from participa.digest import commands as _digest_commands  # noqa: F401
    from participa.digest.views import bp as digest_bp
    from participa.opendata import bp as catalogue_bp
    from participa.api import bp as public_api_bp
    from participa.transparency import bp as transparency_bp
    from participa.citizen import bp as citizen_bp
    from participa.workspace import bp as workspace_bp
    from participa.assisted import bp as assisted_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(proposals_bp)
    app.register_blueprint(consultations_bp)
    app.register_blueprint(cases_bp)
    app.register_blueprint(open311_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(open_data_bp)
    app.register_blueprint(stats_api_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(ballots_bp)
    app.register_blueprint(observatory_bp)
    app.register_blueprint(observatory_data_bp)
    app.register_blueprint(verification_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(digest_bp)
    app.register_blueprint(catalogue_bp)
    app.register_blueprint(public_api_bp)
    app.register_blueprint(transparency_bp)
    app.register_blueprint(citizen_bp)
    app.register_blueprint(workspace_bp)
    app.register_blueprint(assisted_bp)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite: enforce foreign keys, write-ahead log for concurrent readers, wait on locks;
    and we, not the driver, emit BEGIN (SQLAlchemy's documented pysqlite recipe).

    Left to itself, Python's sqlite3 emits BEGIN only before INSERT/UPDATE/DELETE: a SAVEPOINT
    that comes first runs outside any transaction, so releasing it commits at once (seen by
    other connections, kept after a rollback), and DDL is not transactional. With
    isolation_level=None the driver emits no BEGIN at all (the PRAGMAs below, journal_mode
    among them, run outside a transaction as they must) and `_sqlite_begin` emits ours."""
    if _is_sqlite3(dbapi_connection):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


@event.listens_for(Engine, "before_cursor_execute")
def _sqlite_begin(connection, cursor, statement, _parameters, _context, _many) -> None:
    """SQLite: BEGIN IMMEDIATE before a transaction's first write (or SAVEPOINT, or DDL).

    BEGIN IMMEDIATE takes the database's write lock at once, waiting for it up to
    busy_timeout. The alternatives cost more:
    - BEGIN (deferred) at a transaction's first statement pins the snapshot of its first
      read; its first write then fails at once, "database is locked" without waiting, when
      another connection committed in between: 500s under load, for every request that reads
      its user and then writes. Commands and tests would also go on reading a stale snapshot.
    - BEGIN IMMEDIATE at the first statement serialises every page view, which only reads.
    So reads before a transaction's first write run on their own (each sees the latest
    commit, like PostgreSQL's read committed), and from the first write on the transaction
    holds the lock, so savepoints, rollbacks and what it reads after that are whole.
    A read-then-write that must not act on a stale read takes the lock before reading:
    `participa.locking.lock_row` (FOR UPDATE on PostgreSQL)."""
    if connection.dialect.name == "sqlite" and statement.lstrip()[:9].upper().startswith(
            _SQLITE_WRITES):
        begin_sqlite_write(cursor.connection)


_SQLITE_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT", "CREATE", "DROP",
                  "ALTER")


def begin_sqlite_write(dbapi_connection) -> None:
    """Open the write transaction on this sqlite3 connection, unless it is already open."""
    if _is_sqlite3(dbapi_connection) and not dbapi_connection.in_transaction:
        dbapi_connection.execute("BEGIN IMMEDIATE")


def _is_sqlite3(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")
