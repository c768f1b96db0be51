"""Scrape-time gauges of the mail outbox and the job queue (see participa.metrics)."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from participa.extensions import db
from participa.models import OutboxMail, OutboxStatus


def outbox_by_status() -> dict[tuple[str], int]:
    """Mails in the outbox per status, zeros included: pending ones growing means the relay
    or the worker is down; any failed one waits for an administrator (/admin/correo)."""
    counts = {(status.value,): 0 for status in OutboxStatus}
    rows = db.session.execute(
        select(OutboxMail.status, func.count(OutboxMail.id)).group_by(OutboxMail.status))
    for status, count in rows:
        counts[(status.value,)] = count
    return counts


def queued_jobs() -> int:
    """Jobs waiting in the queue for a worker (0 when tasks run at once)."""
    return current_app.extensions["huey"].pending_count()


def register() -> None:
    from participa.metrics import register_gauge

    register_gauge("participa_mail_outbox", "Mails in the outbox, by status.", ["status"],
                   outbox_by_status)
    register_gauge("participa_queue_pending_jobs", "Jobs waiting for a worker.", [],
                   queued_jobs)
