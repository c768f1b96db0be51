"""Operator commands for cases, added to the `flask participa` group."""
from __future__ import annotations

import click
from flask_babel import gettext as _
from flask_babel import ngettext

from participa.cli import RejectsFile, default_rejects_path, participa_cli, refuse, \
    tell_rejections
from participa.extensions import db
from participa.mail import public_links


@participa_cli.command("escalate")
def escalate_command():
    """Escalate overdue cases one step: assignee, institution administrators, rector ministry
    (idempotent; safe to run from cron every few minutes). Exit status 1 when a case reached
    nobody (the platform has no rector analyst and no platform administrator)."""
    from participa.cases import escalation, notify

    escalations = escalation.escalate()
    db.session.commit()
    with public_links():
        for step in escalations:
            notify.tell_escalation(step)
    db.session.commit()  # the mails, queued in the outbox
    click.echo(ngettext("%(num)d overdue case escalated.", "%(num)d overdue cases escalated.",
                        sum(1 for step in escalations if step.told)))
    unheard = [step.case.code for step in escalations if not step.told]
    if unheard:
        click.echo(_("Nobody could be told about %(codes)s: create a rector analyst or a "
                     "platform administrator.", codes=", ".join(unheard)), err=True)
        raise SystemExit(1)


@participa_cli.command("import-cases")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--encoding", default="utf-8", show_default=True,
              help="The file's encoding, e.g. latin-1 or cp1252 for the previous system's files.")
@click.option("--batch-size", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Cases written per transaction (the database's write lock is held for one "
                   "batch at a time).")
@click.option("--progress-every", type=click.IntRange(min=0), default=10000, show_default=True,
              help="Print progress every N lines (0: never).")
@click.option("--rejects", "rejects_file", type=click.Path(dir_okay=False, writable=True),
              help="Write every rejected line (line number, reason, content) to this CSV file.")
def import_cases_command(csv_file: str, encoding: str, batch_size: int, progress_every: int,
                         rejects_file: str | None):
    """Import historical cases from a CSV file (idempotent on external_id: run it again after
    an interruption and it goes on where it stopped).

    Exit status: 0 when every line was imported or already there, 1 when lines were rejected,
    2 when the file was refused (empty, wrong header, unknown encoding): nothing imported."""
    from participa.cases.importer import import_lines
    from participa.csvinput import FileRefused, read_lines
    from participa.progress import Progress, count_lines

    def commit(report) -> None:
        db.session.commit()

    def describe(report) -> str:
        return _("%(read)d lines read: %(imported)d imported, %(skipped)d already imported, "
                 "%(rejected)d rejected", read=report.read, imported=report.imported,
                 skipped=report.skipped, rejected=report.rejected)

    latest = {}

    def on_progress(report) -> None:
        latest["report"] = report
        progress.update(report.read)

    lines = count_lines(csv_file)
    progress = Progress(None if lines is None else max(lines - 1, 0),
                        lambda done: describe(latest["report"]))
    rejects = RejectsFile(rejects_file or default_rejects_path(csv_file))
    with rejects, open(csv_file, "rb") as handle:
        try:
            report = import_lines(read_lines(handle, encoding), batch_size=batch_size,
                                  progress_every=progress_every, on_batch=commit,
                                  on_progress=on_progress,
                                  on_reject=rejects.write)
        except FileRefused as error:
            db.session.rollback()
            refuse(error.line, error.message)
        db.session.commit()
    from participa.dashboard.commands import freeze_closed
    from participa.figures_cache import new_generation
    from participa.transparency.caching import requests_changed_in_bulk

    # Closed periods not yet published are stored now, with the imported cases in them
    # (those already published keep their figures until recomputed).
    freeze_closed(say=False)
    new_generation()  # rows written in bulk: the open period's cached figures are stale
    requests_changed_in_bulk()  # and so are the transparency reports kept
    if progress_every:
        latest["report"] = report
        progress.finish(report.read)
    tell_rejections(report.errors, report.rejected, rejects)
    click.echo(_("%(imported)d cases imported, %(skipped)d already imported, "
                 "%(errors)d rows with errors.", imported=report.imported,
                 skipped=report.skipped, errors=report.rejected))
    if report.rejected:
        raise SystemExit(1)
