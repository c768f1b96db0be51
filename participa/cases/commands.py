"""Operator commands for cases, added to the `flask participa` group."""
from __future__ import annotations

import click
from flask_babel import gettext as _

from participa.cli import participa_cli
from participa.extensions import db
from participa.mail import public_links


@participa_cli.command("escalate")
def escalate_command():
    """Escalate overdue cases (idempotent; safe to run from cron every few minutes)."""
    from participa.cases import escalation, notify

    cases = escalation.escalate()
    db.session.commit()
    if cases:
        admins = escalation.admins_by_institution({case.institution_id for case in cases})
        with public_links():
            for case in cases:
                notify.tell_escalation(case, admins.get(case.institution_id, []))
        db.session.commit()  # the mails, queued in the outbox
    click.echo(_("%(count)d overdue cases escalated.", count=len(cases)))


@participa_cli.command("import-cases")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
def import_cases_command(csv_file: str):
    """Import historical cases from a UTF-8 CSV (idempotent on external_id)."""
    from participa.cases.importer import import_cases

    with open(csv_file, encoding="utf-8-sig", newline="") as handle:
        report = import_cases(handle)
    db.session.commit()
    for line, message in report.errors:
        click.echo(_("Line %(line)d: %(message)s", line=line, message=message), err=True)
    click.echo(_("%(imported)d cases imported, %(skipped)d already imported, "
                 "%(errors)d rows with errors.", imported=report.imported,
                 skipped=report.skipped, errors=len(report.errors)))
