"""What the worker runs on its own, and when (times in UTC; Ecuador is UTC-5).

Each scheduled command stays runnable by hand: `flask --app wsgi participa <command>`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import click
from flask import current_app
from huey import crontab

from participa.extensions import db


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    when: dict           # huey crontab() arguments
    run: Callable[[], None]

    def crontab(self):
        return crontab(**self.when)


def run_command(name: str) -> None:
    """Run `flask participa <name>` in this app context, as an operator would, then commit
    what it left pending (the mails it queued after its own commit)."""
    from participa.cli import participa_cli

    command = participa_cli.get_command(click.Context(participa_cli), name)
    try:
        command.main(args=[], prog_name=f"participa {name}", standalone_mode=False)
    except click.ClickException as error:
        current_app.logger.warning("participa %s: %s", name, error.format_message())
        db.session.rollback()
        return
    db.session.commit()


def _outbox_sweep() -> None:
    from participa import outbox

    outbox.sweep()


def _verification_retry() -> None:
    if "registry" in current_app.config["VERIFICATION_METHODS"]:  # nothing to ask otherwise
        run_command("verification-retry")


def _warm_figures() -> None:
    if current_app.config["STATS_CACHE_SECONDS"] > 0:  # nothing is cached otherwise
        run_command("warm-figures")


SCHEDULE: tuple[ScheduledJob, ...] = (
    # Mail that the after-commit request missed, or that waits for a retry.
    ScheduledJob("outbox-sweep", {"minute": "*"}, _outbox_sweep),
    # More often than the 5 minutes figures stay cached: no analyst meets a cold report.
    ScheduledJob("warm-figures", {"minute": "*/4"}, _warm_figures),
    # Closed periods stored even where nothing is cached (warm-figures does it too).
    ScheduledJob("freeze-figures", {"minute": "2"}, lambda: run_command("freeze-figures")),
    # Collection windows end on dates; an hour late is soon enough.
    ScheduledJob("proposals-sweep", {"minute": "7"}, lambda: run_command("proposals-sweep")),
    # Deadlines count in business days: once a day, at 06:15 in Ecuador, before the
    # offices open.
    ScheduledJob("escalate", {"hour": "11", "minute": "15"}, lambda: run_command("escalate")),
    # At night in Ecuador (03:30), when nobody is working on the cases it anonymises.
    ScheduledJob("retention", {"hour": "8", "minute": "30"}, lambda: run_command("retention")),
    # Comment digests follow the comments that arrive (only stale ones are rebuilt).
    ScheduledJob("digest-refresh", {"minute": "*/10"}, lambda: run_command("digest-refresh")),
    # Civil registry requests its service did not answer (down, timed out): asked again.
    ScheduledJob("verification-retry", {"minute": "*/15"}, _verification_retry),
)
