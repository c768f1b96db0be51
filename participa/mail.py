"""Outgoing mail: `send_mail` writes a row to the outbox, in the transaction of the change
that caused the message; the worker delivers it (participa.outbox) through one of the
senders below, one connection per batch of messages.

- "file": development and tests; each message is logged and written to MAIL_DIR as a .eml file.
- "smtp": production; sends through the configured SMTP relay.
"""
from __future__ import annotations

import smtplib
import time
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import quote, urlsplit

from flask import current_app, has_request_context

# Connect and read timeout of the relay, in seconds; only the worker waits on it.
SMTP_TIMEOUT = 20

Deliver = Callable[[EmailMessage], None]


def build_message(to: str, subject: str, body: str,
                  headers: dict[str, str] | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return message


@contextmanager
def _file_connection() -> Iterator[Deliver]:
    mail_dir = Path(current_app.config["MAIL_DIR"])
    mail_dir.mkdir(parents=True, exist_ok=True)

    def deliver(message: EmailMessage) -> None:
        name = f"{time.time_ns()}.eml"
        (mail_dir / name).write_bytes(bytes(message))
        current_app.logger.info(
            "Mail to %s: %s (saved as %s)\n%s",
            message["To"], message["Subject"], mail_dir / name, message.get_content(),
        )

    yield deliver


@contextmanager
def _smtp_connection() -> Iterator[Deliver]:
    config = current_app.config
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=SMTP_TIMEOUT) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        yield smtp.send_message


SENDERS = {"file": _file_connection, "smtp": _smtp_connection}


def open_connection():
    """A context manager yielding `deliver(message)` for the configured backend: one
    connection (one SMTP session) for as many messages as the caller hands it."""
    backend = current_app.config["MAIL_BACKEND"]
    try:
        return SENDERS[backend]()
    except KeyError:
        raise RuntimeError(f"Unknown PARTICIPA_MAIL_BACKEND {backend!r}") from None


def send_mail(to: str, subject: str, body: str,
              headers: dict[str, str] | None = None) -> None:
    """Queue a mail: a row in the outbox, committed (or rolled back) with the caller's
    change; after the commit the worker is asked to deliver it. Mail a person may stop is
    sent through participa.mail_preferences.send_kind_mail, which adds its headers."""
    from participa.outbox import add_to_outbox

    add_to_outbox(to, subject, body, headers)


@contextmanager
def public_links():
    """Where `url_for(..., _external=True)` gives PARTICIPA_PUBLIC_URL outside a request (the
    command line). Mails must not rely on it inside a request, where url_for follows the
    request's Host: they build their links with `external_url`."""
    if has_request_context():
        yield
        return
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        yield


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail, always at PARTICIPA_PUBLIC_URL.

    Never built from the request: its Host and X-Forwarded-Host headers are the client's to
    choose, and a forged one in a password-reset link would hand the token to whoever forged
    it. Works the same inside a request and from the command line."""
    public = urlsplit(current_app.config["PUBLIC_URL"])
    anchor = values.pop("_anchor", None)
    current_app.inject_url_defaults(endpoint, values)
    adapter = current_app.url_map.bind(public.netloc, script_name=public.path or "/",
                                       url_scheme=public.scheme or "https")
    url = adapter.build(endpoint, values, force_external=True)
    if anchor is not None:
        url += "#" + quote(str(anchor), safe="%!#$&'()*+,/:;=?@")
    return url
