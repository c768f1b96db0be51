"""Outgoing mail behind one function, with pluggable senders.

- "file": development and tests; each message is logged and written to MAIL_DIR as a .eml file.
- "smtp": production; sends through the configured SMTP relay.
"""
from __future__ import annotations

import smtplib
import time
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote, urlsplit

from flask import current_app, has_request_context


def build_message(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


def _send_to_file(message: EmailMessage) -> None:
    mail_dir = Path(current_app.config["MAIL_DIR"])
    mail_dir.mkdir(parents=True, exist_ok=True)
    name = f"{time.time_ns()}.eml"
    (mail_dir / name).write_bytes(bytes(message))
    current_app.logger.info(
        "Mail to %s: %s (saved as %s)\n%s",
        message["To"], message["Subject"], mail_dir / name, message.get_content(),
    )


def _send_by_smtp(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=20) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(message)


SENDERS = {"file": _send_to_file, "smtp": _send_by_smtp}


def send_mail(to: str, subject: str, body: str) -> None:
    backend = current_app.config["MAIL_BACKEND"]
    try:
        sender = SENDERS[backend]
    except KeyError:
        raise RuntimeError(f"Unknown PARTICIPA_MAIL_BACKEND {backend!r}") from None
    sender(build_message(to, subject, body))


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
