"""`flask --app wsgi participa proposals-sweep`: record what the dates decided (cron-friendly)."""
import click
from flask_babel import gettext as _

from participa.cli import participa_cli
from participa.extensions import db


@participa_cli.command("proposals-sweep")
def proposals_sweep_command():
    """Archive proposals whose collection window ended and move those at their threshold to
    awaiting answer. Idempotent: run it as often as you like (e.g. hourly from cron)."""
    from participa.proposals import notify, service

    report = service.sweep()
    db.session.commit()
    for proposal in report.reached:
        notify.threshold_reached(proposal)
    db.session.commit()  # the mails, queued in the outbox
    click.echo(_("%(archived)d proposals archived, %(reached)d reached their threshold.",
                 archived=len(report.archived), reached=len(report.reached)))
