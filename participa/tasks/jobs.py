"""The tasks: plain functions of the domain, run by huey inside an app context.

The worker process creates the app once (`flask --app wsgi participa worker`); each task
pushes its own app context, so it has its own database session, removed afterwards.
"""
from __future__ import annotations

from types import SimpleNamespace

from flask import Flask
from huey import Huey

from participa.request_ids import bind_request_id
from participa.tasks.schedule import SCHEDULE


def register_jobs(huey: Huey, app: Flask) -> SimpleNamespace:
    def in_app_context(function):
        """Run the job in an app context, its log lines marked with the id of the request
        that enqueued it (a new id for scheduled jobs)."""
        def run(*args, request_id: str | None = None, **kwargs):
            with app.app_context(), bind_request_id(request_id):
                return function(*args, **kwargs)
        return run

    def deliver() -> None:
        from participa import outbox

        outbox.deliver_all_due()

    def notify_followers(user_ids, kind, consultation_id, comment_id) -> None:
        from participa.consultations.notify import mail_followers
        from participa.extensions import db
        from participa.models import Comment, Consultation, NotificationKind

        consultation = db.session.get(Consultation, consultation_id)
        if consultation is None:
            return
        comment = db.session.get(Comment, comment_id) if comment_id else None
        mail_followers(user_ids, NotificationKind(kind), consultation, comment)
        db.session.commit()

    def build_digest(consultation_id) -> None:
        from participa.digest.build import build

        build(consultation_id)

    tasks = SimpleNamespace(
        deliver_outbox=huey.task(name="deliver_outbox")(in_app_context(deliver)),
        notify_followers=huey.task(name="notify_followers")(in_app_context(notify_followers)),
        build_digest=huey.task(name="build_digest")(in_app_context(build_digest)),
        periodic={},
    )
    for job in SCHEDULE:
        tasks.periodic[job.name] = huey.periodic_task(job.crontab(), name=job.name)(
            in_app_context(job.run))
    return tasks
