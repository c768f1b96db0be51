import logging
from contextlib import contextmanager
from logging.config import fileConfig

from flask import current_app

from alembic import context
from alembic.util import CommandError

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
# Keep the app's loggers: by default fileConfig disables every logger configured before it, so
# a migration run inside the app's process would silence its later errors.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger('alembic.env')


def get_engine():
    try:
        # this works with Flask-SQLAlchemy<3 and Alchemical
        return current_app.extensions['migrate'].db.engine
    except (TypeError, AttributeError):
        # this works with Flask-SQLAlchemy>=3
        return current_app.extensions['migrate'].db.engine


def get_engine_url():
    try:
        return get_engine().url.render_as_string(hide_password=False).replace(
            '%', '%%')
    except AttributeError:
        return str(get_engine().url).replace('%', '%%')


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
config.set_main_option('sqlalchemy.url', get_engine_url())
target_db = current_app.extensions['migrate'].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def get_metadata():
    if hasattr(target_db, 'metadatas'):
        return target_db.metadatas[None]
    return target_db.metadata


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url, target_metadata=get_metadata(), literal_binds=True
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, 'autogenerate', False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info('No changes in schema detected.')

    conf_args = current_app.extensions['migrate'].configure_args
    if conf_args.get("include_name") is None:
        # SQLite's full-text table and its shadow tables belong to the engine, not the models.
        from participa.models.search import described_by_the_models
        conf_args["include_name"] = described_by_the_models
    if conf_args.get("include_object") is None:
        from participa.models.search import compared_with_the_database
        conf_args["include_object"] = compared_with_the_database
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives

    connectable = get_engine()

    with connectable.connect() as connection:
        if connection.dialect.name != "sqlite":
            context.configure(
                connection=connection,
                target_metadata=get_metadata(),
                **conf_args
            )
            with context.begin_transaction():
                context.run_migrations()
            return

        with sqlite_migration_connection(connection):
            context.configure(
                connection=connection,
                target_metadata=get_metadata(),
                transactional_ddl=True,
                **conf_args
            )
            with context.begin_transaction():
                context.run_migrations()
                check_foreign_keys(connection)


@contextmanager
def sqlite_migration_connection(connection):
    """Prepare a SQLite connection for migrations that rebuild tables.

    SQLite cannot alter most columns or constraints in place, so batch mode copies the table
    to a new one, drops the old one and renames the copy. With foreign keys enforced, that
    DROP deletes every row of the old table first, and ON DELETE CASCADE / SET NULL empty or
    orphan the child tables (case events, ballots, consents...). As Alembic's batch mode
    documentation advises, foreign keys are therefore off while migrating and checked
    afterwards (check_foreign_keys). The pragma is a no-op inside a transaction, so it is
    set on the driver connection before the migration's transaction begins.

    The driver's default transaction handling begins a transaction only before INSERT,
    UPDATE or DELETE, so a CREATE TABLE or DROP TABLE would be committed at once and a
    failed upgrade would leave half-rebuilt tables behind. Here the connection is put in
    autocommit mode and the transaction begun explicitly, so the whole upgrade (DDL
    included) commits or rolls back as one.

    The connection goes back to the pool afterwards: foreign keys are turned back on (as every
    connection has them, see participa._sqlite_pragmas) and the driver's transaction handling
    restored, whatever happened.
    """
    driver = connection.connection.driver_connection
    if driver.in_transaction:
        raise CommandError("Migrations must start outside a transaction on SQLite: "
                           "foreign keys cannot be turned off inside one.")
    isolation_level = driver.isolation_level
    foreign_keys = driver.execute("PRAGMA foreign_keys").fetchone()[0]
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        if driver.execute("PRAGMA foreign_keys").fetchone()[0] != 0:
            raise CommandError("Could not turn SQLite foreign keys off for the migration: "
                               "stopping before any table is rebuilt.")
        if isolation_level is not None:
            driver.isolation_level = None
            _begin_explicitly(connection)
        yield
    finally:
        if driver.in_transaction:
            driver.rollback()
        driver.isolation_level = isolation_level
        driver.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")


def _begin_explicitly(connection):
    """Make every transaction of this connection start with BEGIN, DDL included."""
    from sqlalchemy import event

    @event.listens_for(connection, "begin")
    def begin(conn):
        if not conn.connection.driver_connection.in_transaction:
            conn.exec_driver_sql("BEGIN")


def check_foreign_keys(connection):
    """Fail, and so roll the whole migration back, if a row points at a missing parent."""
    violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if violations:
        shown = "; ".join(f"{table} row {rowid} -> {parent}"
                          for table, rowid, parent, _ in violations[:10])
        more = f" (and {len(violations) - 10} more)" if len(violations) > 10 else ""
        raise CommandError(
            f"The migration left {len(violations)} rows whose foreign key points at no row: "
            f"{shown}{more}. It was rolled back; the database is unchanged.")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
