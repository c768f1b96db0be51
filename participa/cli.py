"""Operator commands: `flask --app wsgi participa init | demo | create-admin | import-institutions`."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import gettext as _

from participa.extensions import db

participa_cli = AppGroup("participa", help="Participa operator commands.")


@participa_cli.command("init")
def init_command():
    """Create or upgrade the database schema to the latest migration."""
    from flask_migrate import upgrade

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
def import_institutions_command(csv_file: str):
    """Create or update institutions from a UTF-8 CSV with the header acronym,name,sector."""
    from participa.admin.service import import_institutions

    with open(csv_file, encoding="utf-8-sig", newline="") as handle:
        report = import_institutions(handle)
    db.session.commit()
    for line, message in report.errors:
        click.echo(_("Line %(line)d: %(message)s", line=line, message=message), err=True)
    click.echo(_("%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                 "%(errors)d rows with errors.", created=report.created, updated=report.updated,
                 unchanged=report.unchanged, errors=len(report.errors)))


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


def register(app: Flask) -> None:
    app.cli.add_command(participa_cli)
