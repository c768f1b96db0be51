"""The migrations build exactly the schema the models describe, and never lose a row.

Every earlier revision in the script directory is tested, so a revision added later is
covered without touching this file: a database is built at that revision, a row is put in
each of its tables (tests/schema_filler.py), and the row counts are compared after the
upgrade to head and after a round trip back down to that revision and up again.
"""
import shutil
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask_migrate import downgrade, stamp, upgrade
from sqlalchemy import inspect

from participa.config import ROOT_DIR
from participa.extensions import db
from participa.models.search import compared_with_the_database, described_by_the_models

from conftest import make_app
from schema_filler import fill_empty_tables, row_counts

SCRIPTS = ScriptDirectory(str(ROOT_DIR / "migrations"))
HEAD = SCRIPTS.get_current_head()
EARLIER_REVISIONS = [script.revision for script in reversed(list(SCRIPTS.walk_revisions()))
                     if script.revision != HEAD]


# SQLite: revision -> a database file the migrations built up to it, in this session.
_BUILT_AT: dict[str, Path] = {}


def current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def sqlite_file(engine) -> Path:
    return Path(engine.url.database)


@pytest.fixture
def upgraded_to(empty_app, tmp_path_factory):
    """upgrade(revision=...) of the empty app's database. On SQLite, where the batch
    operations make every step slow, the migrations run once per session: one database goes
    up revision by revision (as `upgrade` takes it from empty) and each test gets a copy of
    it at its revision. PostgreSQL runs the upgrade in the test."""
    def upgrade_to(revision: str) -> None:
        if db.engine.dialect.name != "sqlite":
            upgrade(revision=revision)
            return
        if revision not in _BUILT_AT:
            folder = tmp_path_factory.getbasetemp() / "migrations-built"
            folder.mkdir(exist_ok=True)
            builder = make_app(folder)
            with builder.app_context():
                if current_revision() is not None:
                    try:  # onwards from where the previous test's revision left it
                        upgrade(revision=revision)
                    except CommandError:  # an older revision than that: from empty again
                        pass
                if current_revision() != revision:
                    db.engine.dispose()
                    for leftover in folder.glob("participa-test.sqlite*"):
                        leftover.unlink()
                    upgrade(revision=revision)
                assert current_revision() == revision
                with db.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                db.engine.dispose()
                _BUILT_AT[revision] = folder / f"at-{revision}.sqlite"
                shutil.copyfile(sqlite_file(db.engine), _BUILT_AT[revision])
        db.session.remove()
        db.engine.dispose()
        target = sqlite_file(db.engine)
        for leftover in target.parent.glob(target.name + "-*"):
            leftover.unlink()
        shutil.copyfile(_BUILT_AT[revision], target)
        assert current_revision() == revision
    return upgrade_to


def lost_rows(before: dict[str, int], after: dict[str, int], tables) -> dict:
    """{table: (rows before, rows after)} for each of `tables` that has fewer rows now."""
    return {name: (before[name], after.get(name, 0)) for name in sorted(tables)
            if after.get(name, 0) < before[name]}


def test_upgrade_from_empty_matches_the_models(empty_app):
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "include_name": described_by_the_models,
            "include_object": compared_with_the_database})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_migration_downgrades_to_empty(empty_app):
    upgrade()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}


def test_every_revision_is_tested():
    assert len(EARLIER_REVISIONS) == len(list(SCRIPTS.walk_revisions())) - 1
    assert EARLIER_REVISIONS[-1] == SCRIPTS.get_revision(HEAD).down_revision


@pytest.mark.parametrize("revision", EARLIER_REVISIONS)
def test_upgrading_a_filled_database_keeps_every_row(upgraded_to, revision):
    upgraded_to(revision)
    before = fill_empty_tables(db.engine)
    assert before and all(before.values())

    upgrade()

    assert lost_rows(before, row_counts(db.engine), before) == {}


@pytest.mark.parametrize("revision", EARLIER_REVISIONS)
def test_down_and_up_again_keeps_the_rows_of_the_tables_at_both_ends(empty_app, revision):
    db.create_all()  # the head schema (test_upgrade_from_empty_matches_the_models), quicker
    stamp()
    at_head = fill_empty_tables(db.engine)

    downgrade(revision=revision)
    down = row_counts(db.engine)
    assert lost_rows(at_head, down, at_head.keys() & down.keys()) == {}

    upgrade()
    assert lost_rows(at_head, row_counts(db.engine), at_head.keys() & down.keys()) == {}


def test_participa_init_upgrades_an_old_filled_database_without_losing_rows(empty_app):
    """The operator's report: `participa init` on an older database emptied case_events,
    ballots and most consents (SQLite rebuilt their parent tables with foreign keys on)."""
    upgrade(revision="127ac6b8cc15")
    before = fill_empty_tables(db.engine)
    assert before["case_events"] and before["ballots"] and before["consents"]

    result = empty_app.test_cli_runner().invoke(args=["participa", "init"])

    assert result.exit_code == 0, result.output
    assert "El esquema de la base de datos está al día." in result.output
    after = row_counts(db.engine)
    assert {name: after[name] for name in ("case_events", "ballots", "consents")} == {
        name: before[name] for name in ("case_events", "ballots", "consents")}
    assert lost_rows(before, after, before) == {}
    if db.engine.dialect.name == "sqlite":  # the pooled connection enforces them again
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_migration_that_would_leave_dangling_rows_is_rolled_back_whole(empty_app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL enforces foreign keys during migrations: no row can dangle")
    upgrade(revision="127ac6b8cc15")
    fill_empty_tables(db.engine)
    with db.engine.connect() as connection:
        driver = connection.connection.driver_connection
        driver.execute("PRAGMA foreign_keys=OFF")
        driver.execute("UPDATE case_events SET case_id = 999999")
        driver.commit()
        driver.execute("PRAGMA foreign_keys=ON")
    before = row_counts(db.engine)
    config = empty_app.extensions["migrate"].migrate.get_config()

    with pytest.raises(CommandError, match=r"case_events row \d+ -> cases.*rolled back"):
        command.upgrade(config, "head")

    with db.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_heads() == ("127ac6b8cc15",)
    assert row_counts(db.engine) == before  # no table was added, none rebuilt half-way
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
