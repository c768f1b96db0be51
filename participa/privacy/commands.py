"""Operator command: `flask --app wsgi participa retention`."""
from __future__ import annotations

import click
from flask_babel import ngettext

from participa.cli import participa_cli
from participa.extensions import db


@participa_cli.command("retention")
def retention_command():
    """Anonymise the citizen's data in finished cases past PARTICIPA_CASE_RETENTION_DAYS
    (idempotent; safe to run from cron)."""
    from participa.privacy.retention import retention_days, run_retention

    count = run_retention()
    db.session.commit()
    click.echo(ngettext("%(num)d finished case anonymised.", "%(num)d finished cases anonymised.",
                        count) + " " +
               ngettext("Retention period: %(num)d day.", "Retention period: %(num)d days.",
                        retention_days()))
