"""Operator commands: `flask --app wsgi participa init | demo | create-admin | import-institutions`."""
from __future__ import annotations

import csv
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import gettext as _
from flask_babel import ngettext

from participa.extensions import db

participa_cli = AppGroup("participa", help="Participa operator commands.")


@participa_cli.command("init")
def init_command():
    """Create the database or upgrade its schema to the latest migration, keeping every row.

    The only command that creates a missing SQLite file outside development. On SQLite the
    migrations run with foreign keys off, checked after (migrations/env.py): a failure rolls
    the whole upgrade back and exits with status 1.
    """
    from flask import current_app
    from flask_migrate import upgrade

    from participa import database_file

    path = database_file.sqlite_file(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if path is not None and not path.exists():
        database_file.create(path)
        click.echo(_("Created a new database at %(path)s", path=str(path)))
    upgrade()
    click.echo(_("Database schema is up to date."))


@participa_cli.command("demo")
@click.option("--force", is_flag=True, help="Load the demo data even if it seems present.")
def demo_command(force: bool):
    """Load realistic demo data (once; it does nothing when demo data is already there)."""
    from flask import current_app

    from participa import demo
    from participa.config import DEVELOPMENT_ENVS

    if current_app.config["ENV_NAME"] not in DEVELOPMENT_ENVS:
        # The demo creates a platform administrator whose password and two-step secret are
        # public: never on a database that real people use.
        raise click.ClickException(_(
            "The demo data can only be loaded in development or testing (this is "
            "%(env)s). Set PARTICIPA_ENV=development on a developer's machine.",
            env=current_app.config["ENV_NAME"]))
    if demo.is_loaded() and not force:
        click.echo(_("Demo data is already loaded."))
        return
    demo.load()
    db.session.commit()
    from participa.dashboard.commands import freeze_closed

    freeze_closed(say=False)  # the demo's closed periods, stored as published
    click.echo(_("Demo data loaded. Every demo account uses the password %(password)s",
                 password=demo.DEMO_PASSWORD))


@participa_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_admin_command(email: str, name: str, password: str):
    """Create a platform administrator (or promote an existing account)."""
    from participa.auth.service import find_user_by_email, register_user
    from participa.domain import DomainError
    from participa.models import GlobalRole
    from participa.models.audit import record

    user = find_user_by_email(email)
    if user is None:
        try:
            user = register_user(name=name, email=email, password=password)
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(str(error.message)) from None
    user.global_role = GlobalRole.PLATFORM_ADMIN
    record("global_role.set", actor=None, target=user, after=GlobalRole.PLATFORM_ADMIN.value,
           via="cli")
    db.session.commit()
    click.echo(_("%(email)s is a platform administrator.", email=user.email))


@participa_cli.command("import-institutions")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--encoding", default="utf-8", show_default=True,
              help="The file's encoding, e.g. latin-1 or cp1252.")
def import_institutions_command(csv_file: str, encoding: str):
    """Create or update institutions from a CSV with the header acronym,name,sector.

    Exit status: 0 when every row was imported, 1 when rows were rejected, 2 when the file was
    refused (empty, wrong header, unknown encoding)."""
    from participa.admin.service import import_institutions
    from participa.csvinput import FileRefused, checked_lines
    from participa.progress import Progress

    unreadable: list[tuple[int, object]] = []
    try:
        with open(csv_file, "rb") as handle:
            lines = list(checked_lines(handle, encoding, unreadable))
    except FileRefused as error:
        refuse(error.line, error.message)
    progress = Progress(len(lines), lambda done: _("%(read)d lines read", read=done))
    report = import_institutions(lines)
    errors = sorted(unreadable + report.errors, key=lambda error: error[0])
    if errors and errors[0][0] == 1:  # the header: nothing was imported
        db.session.rollback()
        refuse(*errors[0])
    db.session.commit()
    progress.finish(len(lines))
    with RejectsFile(default_rejects_path(csv_file)) as rejects:
        for line, message in errors:
            rejects.write(line, message, lines[line - 1].rstrip("\n") if line <= len(lines)
                          else "")
    tell_rejections(errors[:KEPT_ON_SCREEN], len(errors), rejects)
    click.echo(_("%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                 "%(errors)d rows with errors.", created=report.created, updated=report.updated,
                 unchanged=report.unchanged, errors=len(errors)))
    if errors:
        raise SystemExit(1)


@participa_cli.command("backup")
@click.argument("target", required=False, type=click.Path(dir_okay=False))
def backup_command(target: str | None):
    """Copy the SQLite database, online and consistent, to TARGET (default: instance/backups/)."""
    from pathlib import Path

    from flask import current_app

    from participa.backup import BackupError, backup, default_backup_name

    path = Path(target) if target else default_backup_name(
        Path(current_app.instance_path) / "backups")
    try:
        backup(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(_("Backup written to %(path)s", path=str(path)))


@participa_cli.command("restore")
@click.argument("backup_file", type=click.Path(exists=True, dir_okay=False))
@click.confirmation_option(prompt="Replace the current database with this backup?")
def restore_command(backup_file: str):
    """Replace the SQLite database with BACKUP_FILE (stop the app servers first)."""
    from pathlib import Path

    from flask import current_app

    from participa.backup import BackupError, restore

    db.session.remove()
    db.engine.dispose()
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(backup_file))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(_("Database restored from %(path)s", path=backup_file))


def refuse(line: int, message) -> None:
    """An import command's end when the whole file is refused: exit status 2."""
    if line:
        click.echo(_("Line %(line)d: %(message)s", line=line, message=message), err=True)
    else:
        click.echo(message, err=True)
    click.echo(_("The file was refused: nothing was imported."), err=True)
    raise SystemExit(2)


KEPT_ON_SCREEN = 20  # rejected rows printed; the rejects file holds every one


def default_rejects_path(csv_file: str) -> str:
    """Beside the input: registro.csv -> registro.rejects.csv."""
    path = Path(csv_file)
    return str(path.with_name(f"{path.stem}.rejects.csv"))


class RejectsFile:
    """The CSV of an import's rejected rows (line, error, content), created at the first
    rejected row, so that a clean import leaves no file behind."""

    def __init__(self, path: str):
        self.path = path
        self.count = 0
        self._handle = None
        self._writer = None

    def write(self, line: int, message, text: str) -> None:
        if self._writer is None:
            self._handle = open(self.path, "w", encoding="utf-8", newline="")
            self._writer = csv.writer(self._handle)
            self._writer.writerow(["line", "error", "content"])
        self._writer.writerow([line, str(message), text])
        self.count += 1

    def __enter__(self) -> "RejectsFile":
        return self

    def __exit__(self, *exc_info) -> None:
        if self._handle is not None:
            self._handle.close()


def tell_rejections(shown: list[tuple[int, object]], rejected: int, rejects: RejectsFile) -> None:
    """The first rejected rows on the screen, then where all of them are."""
    for line, message in shown:
        click.echo(_("Line %(line)d: %(message)s", line=line, message=message), err=True)
    more = rejected - len(shown)
    if more > 0:
        click.echo(ngettext("… and %(num)d more rejected row.",
                            "… and %(num)d more rejected rows.", more), err=True)
    if rejects.count:
        click.echo(_("Every rejected row, with its line number and reason, is in %(path)s",
                     path=rejects.path), err=True)


def register(app: Flask) -> None:
    app.cli.add_command(participa_cli)
