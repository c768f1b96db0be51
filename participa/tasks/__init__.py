"""Background work: a huey queue, its tasks and the worker's schedule.

- queue.py     the huey instance for this app's configuration (SQLite file, Redis, memory)
- jobs.py      the tasks, each run inside an app context of the worker's one app
- schedule.py  the periodic jobs (the operator commands that used to need cron)
- commands.py  `flask --app wsgi participa worker`
- after_commit.py  `enqueue_after_commit(task_name, *args)` for services

`init_app` puts the huey instance in app.extensions["huey"] and the tasks, callable to
enqueue (e.g. `tasks.deliver_outbox()`), in app.extensions["participa_tasks"].
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from participa.tasks import after_commit, commands  # noqa: F401  (listeners, CLI)
    from participa.tasks.jobs import register_jobs
    from participa.tasks.queue import make_huey

    huey = make_huey(app.config)
    app.extensions["huey"] = huey
    app.extensions["participa_tasks"] = register_jobs(huey, app)
