"""Operator commands for the dashboard, added to the `flask participa` group."""
from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask_babel import gettext as _

from participa.cases.businessdays import local_date
from participa.cli import participa_cli
from participa.dashboard import published, service
from participa.domain import DomainError
from participa.extensions import db
from participa.models.audit import record
from participa.timeutil import utcnow


def freeze_closed(say: bool = True) -> list:
    """Publish the closed periods not yet published (see published.publish_closed), commit
    them and, when `say`, name them."""
    periods = published.publish_closed(local_date(utcnow()))
    db.session.commit()
    for period in periods if say else ():
        click.echo(_("Published: %(first)s – %(last)s", first=period.first, last=period.last))
    return periods


@participa_cli.command("freeze-figures")
def freeze_figures_command():
    """Publish every closed month, quarter and year that is not yet published (the worker
    runs it every hour; the demo and the case import run it after loading), so that pages
    read closed periods from their stored figures and compute only the open one."""
    freeze_closed()


@participa_cli.command("warm-figures")
def warm_figures_command():
    """Publish the month, quarter and year that just closed, and compute the dashboard's
    usual reports afresh (from cron, more often than PARTICIPA_STATS_CACHE_SECONDS), so that
    no analyst waits for a cold computation."""
    freeze_closed()
    if current_app.config["STATS_CACHE_SECONDS"] <= 0:
        raise click.ClickException(_("PARTICIPA_STATS_CACHE_SECONDS is 0: nothing is cached."))
    for period in service.warm(local_date(utcnow())):
        click.echo(f"{period.first} – {period.last}")


def _period_start(year: int | None, month: str | None, quarter: str | None) -> tuple[str, date]:
    """The kind and first day of the period named on the command line."""
    given = [value for value in (year, month, quarter) if value is not None]
    if len(given) != 1:
        raise click.UsageError(_("Name one period: a year (2025), --month 2025-03 or "
                                 "--quarter 2025-Q1."))
    try:
        if year is not None:
            return "year", date(year, 1, 1)
        if month is not None:
            number_of_year, number_of_month = (int(part) for part in month.split("-"))
            return "month", date(number_of_year, number_of_month, 1)
        number_of_year, which = quarter.upper().split("-Q")
        if int(which) not in range(1, 5):
            raise ValueError
        return "quarter", date(int(number_of_year), 3 * (int(which) - 1) + 1, 1)
    except ValueError:
        raise click.UsageError(_("Write a month as 2025-03 and a quarter as 2025-Q1.")) from None


@participa_cli.command("recompute-period")
@click.argument("year", type=int, required=False)
@click.option("--month", help="A month, as 2025-03.")
@click.option("--quarter", help="A quarter, as 2025-Q1.")
@click.option("--reason", required=True, help="Why the published figures are recomputed; "
              "shown on the methodology page.")
def recompute_period_command(year: int | None, month: str | None, quarter: str | None,
                             reason: str):
    """Recompute a closed period's published figures from the data as it is now, keeping the
    earlier figures as a revision with its reason (listed on the methodology page)."""
    from participa.progress import Progress

    kind, first = _period_start(year, month, quarter)
    progress = Progress(1, lambda done: _("%(done)d of %(total)d periods recomputed", done=done,
                                          total=1))
    try:
        revision = published.recompute(kind, first, reason, local_date(utcnow()))
        progress.finish(1)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from None
    record("published_figures.recompute", actor=None, period_kind=kind,
           period_start=first.isoformat(), revision=revision, reason=reason.strip(), via="cli")
    db.session.commit()
    click.echo(_("%(period)s recomputed: revision %(revision)d.",
                 period=published.period_label(kind, first), revision=revision))
