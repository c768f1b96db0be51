"""Request ids: one id per request, in the `X-Request-ID` response header and in every log line.

An incoming `X-Request-ID` (set by nginx or by the calling service) is kept when it is a short
safe token (letters, digits, `.`, `_`, `-`; at most 64 characters), so that one id follows a
request across servers; anything else is replaced by a fresh random id.

Every log record carries the attribute `request_id` (`-` outside a request): it is added when
the record is created, so every handler sees it, whoever installed the handler (gunicorn,
pytest, an operator's logging configuration). `LOG_FORMAT` prints it.

Background work keeps the id of the request that caused it:

    from participa.request_ids import bind_request_id, current_request_id

    job = {"...": ..., "request_id": current_request_id()}   # when enqueueing, in the request
    with bind_request_id(job["request_id"]):                # in the worker, around the job
        run(job)                                            # its log lines carry the same id

`current_request_id()` is None outside a request and outside `bind_request_id`.
"""
from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import Flask, has_request_context, request

HEADER = "X-Request-ID"
LOG_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
_ENVIRON_KEY = "participa.request_id"
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_bound_id: ContextVar[str | None] = ContextVar("participa_request_id", default=None)


def is_safe_id(value: str | None) -> bool:
    return value is not None and _SAFE_ID.fullmatch(value) is not None


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    """The id of the request being handled (or of the job bound by `bind_request_id`)."""
    if has_request_context():
        environ = request.environ
        request_id = environ.get(_ENVIRON_KEY)
        if request_id is None:
            incoming = environ.get("HTTP_X_REQUEST_ID")
            request_id = incoming if is_safe_id(incoming) else new_request_id()
            environ[_ENVIRON_KEY] = request_id
        return request_id
    return _bound_id.get()


@contextmanager
def bind_request_id(request_id: str | None) -> Iterator[str]:
    """Run a block (a background job) under a request id: the given one, or a fresh one."""
    request_id = request_id if is_safe_id(request_id) else new_request_id()
    token = _bound_id.set(request_id)
    try:
        yield request_id
    finally:
        _bound_id.reset(token)


def _install_record_factory() -> None:
    """Give every log record a `request_id` attribute (once per process)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "adds_request_id", False):
        return

    def record_with_request_id(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.request_id = current_request_id() or "-"
        return record

    record_with_request_id.adds_request_id = True
    logging.setLogRecordFactory(record_with_request_id)


def configure_logging() -> None:
    """Records carry `request_id`; unless logging is already configured, log to stderr at
    INFO in LOG_FORMAT (what `logging.basicConfig(level=INFO)` did, with the id)."""
    _install_record_factory()
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(LOG_FORMAT, defaults={"request_id": "-"}))
        root.addHandler(handler)
        root.setLevel(logging.INFO)


def register(app: Flask) -> None:
    """Send each request's id back in the `X-Request-ID` response header."""

    @app.after_request
    def send_request_id(response):
        response.headers[HEADER] = current_request_id()
        return response
