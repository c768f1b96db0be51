"""`flask --app wsgi participa worker`: the queue's consumer, with the periodic schedule."""
from __future__ import annotations

import click
from flask import current_app
from flask_babel import gettext as _

from participa.cli import participa_cli


@participa_cli.command("worker")
@click.option("--workers", type=click.IntRange(1, 32), default=None,
              help="Worker threads (default PARTICIPA_QUEUE_WORKERS, 2).")
@click.option("--schedule/--no-schedule", default=True,
              help="Also enqueue the periodic jobs (let only one worker of a shared queue "
                   "do it).")
def worker_command(workers: int | None, schedule: bool):
    """Run the background worker: deliver mail and run the scheduled commands (every
    minute: outbox sweep; every 4 minutes: warm-figures; hourly: proposals-sweep; daily:
    escalate, retention). Run one per queue; stop it with Ctrl-C or SIGTERM."""
    huey = current_app.extensions["huey"]
    if huey.immediate:
        raise click.ClickException(_("PARTICIPA_QUEUE_IMMEDIATE is on: tasks run where they "
                                     "are enqueued and there is nothing for a worker to do."))
    consumer = huey.create_consumer(
        workers=workers or current_app.config["QUEUE_WORKERS"], worker_type="thread",
        periodic=schedule, check_worker_health=True)
    consumer.run()
