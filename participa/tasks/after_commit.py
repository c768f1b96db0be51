"""Tasks enqueued when the current transaction commits, forgotten if it rolls back.

A service that wants work done after its change is saved (a notice to thousands of
followers rendered and queued by the worker, not by the request) calls
`enqueue_after_commit("task_name", *args)`; the task is one of app.extensions
["participa_tasks"]. If the queue cannot be reached at that moment the error is logged.
"""
from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from participa.extensions import db
from participa.request_ids import current_request_id

_KEY = "participa.tasks.after_commit"


def enqueue_after_commit(task_name: str, *args) -> None:
    """The job carries the id of the request that asked for it, so that the worker's log
    lines about it can be found with the request's."""
    db.session().info.setdefault(_KEY, []).append((task_name, args, current_request_id()))


@event.listens_for(Session, "after_commit")
def _enqueue(session: Session) -> None:
    waiting = session.info.pop(_KEY, [])
    if not waiting or not has_app_context():
        return
    tasks = current_app.extensions["participa_tasks"]
    for task_name, args, request_id in waiting:
        try:
            getattr(tasks, task_name)(*args, request_id=request_id)
        except Exception:  # noqa: BLE001  the change is committed; say loudly what was lost
            current_app.logger.exception("Could not enqueue %s%r after commit", task_name, args)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(_KEY, None)
