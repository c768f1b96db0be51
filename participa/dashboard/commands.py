"""Operator commands for the dashboard, added to the `flask participa` group."""
from __future__ import annotations

import click
from flask import current_app
from flask_babel import gettext as _

from participa.cases.businessdays import local_date
from participa.cli import participa_cli
from participa.dashboard import service
from participa.timeutil import utcnow


@participa_cli.command("warm-figures")
def warm_figures_command():
    """Compute the dashboard's usual reports afresh (from cron, more often than
    PARTICIPA_STATS_CACHE_SECONDS), so that no analyst waits for a cold computation."""
    if current_app.config["STATS_CACHE_SECONDS"] <= 0:
        raise click.ClickException(_("PARTICIPA_STATS_CACHE_SECONDS is 0: nothing is cached."))
    for period in service.warm(local_date(utcnow())):
        click.echo(f"{period.first} – {period.last}")
