"""Civil registry service: asks a registry web service (the Registro Civil, through DINARDAP,
are the real targets) whether a cédula, a full name and a date of birth belong together.

The service is configured by PARTICIPA_REGISTRY_URL, PARTICIPA_REGISTRY_USER and
PARTICIPA_REGISTRY_PASSWORD (HTTP basic authentication) and PARTICIPA_REGISTRY_TIMEOUT_SECONDS.
It receives a JSON POST {"cedula", "nombres", "fecha_nacimiento" (YYYY-MM-DD)} and answers
{"coincide": true | false}. An adapter for another contract replaces `ask` only.

A request is stored before the service is asked. A failure (timeout, refused connection, an
HTTP error, an answer that is not that JSON) never verifies anyone and never loses the
request: it stays pending with the error, and `flask --app wsgi participa verification-retry`
(or the person, from their page) asks again.
"""
from __future__ import annotations

import base64
import json
import socket
import urllib.error
import urllib.request
from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa.domain import Conflict, DomainError
from participa.extensions import db
from participa.models import RegistryRequest, RegistryState, User, VerificationMethod
from participa.timeutil import utcnow
from participa.verification import service

METHOD = VerificationMethod.REGISTRY
LABEL = _l("Civil registry")
HOW = _l("Give your full name and date of birth as on your cédula: the civil registry confirms "
         "them.")
ENDPOINT = "verification.verify"


class RegistryUnavailable(Exception):
    """The service gave no usable answer; the message says why (for operators' logs)."""


def ask(cedula: str, full_name: str, birth_date: date) -> bool:
    """True when the registry says the three belong together, False when it says they do not;
    RegistryUnavailable when it gives no usable answer."""
    config = current_app.config
    url = config.get("REGISTRY_URL")
    if not url:
        raise RegistryUnavailable("PARTICIPA_REGISTRY_URL is not set")
    body = json.dumps({"cedula": cedula, "nombres": full_name,
                       "fecha_nacimiento": birth_date.isoformat()}).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "Accept": "application/json"})
    if config.get("REGISTRY_USER"):
        token = f"{config['REGISTRY_USER']}:{config.get('REGISTRY_PASSWORD') or ''}"
        request.add_header("Authorization", "Basic " + base64.b64encode(token.encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=config["REGISTRY_TIMEOUT_SECONDS"]) as reply:
            raw = reply.read(64 * 1024)
    except urllib.error.HTTPError as error:
        raise RegistryUnavailable(f"HTTP {error.code}") from None
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError) as error:
        reason = getattr(error, "reason", error)
        raise RegistryUnavailable(f"unreachable: {reason}"[:200]) from None
    try:
        answer = json.loads(raw)
    except ValueError:
        raise RegistryUnavailable("malformed answer: not JSON") from None
    if not isinstance(answer, dict) or not isinstance(answer.get("coincide"), bool):
        raise RegistryUnavailable("malformed answer: no boolean 'coincide'")
    return answer["coincide"]


def pending_request(user: User) -> RegistryRequest | None:
    return db.session.scalar(select(RegistryRequest).where(
        RegistryRequest.user_id == user.id, RegistryRequest.state == RegistryState.PENDING))


def file_request(user: User, full_name: str, birth_date: date | None,
                 now: datetime | None = None) -> RegistryRequest:
    """Store the person's request (not asked yet): the caller commits, then calls attempt()."""
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise DomainError(_l("Enter your full name as on your cédula."), field="full_name")
    if len(full_name) > 200:
        raise DomainError(_l("The name can have at most 200 characters."), field="full_name")
    if birth_date is None:
        raise DomainError(_l("Enter your date of birth."), field="birth_date")
    if user.cedula is None:
        raise DomainError(_l("Declare your cédula first: the registry is asked about it."),
                          field="full_name")
    if service.active_verification(user) is not None:
        raise Conflict(_l("Your identity is already verified."))
    request = pending_request(user)
    if request is None:
        request = RegistryRequest(user_id=user.id, created_at=now or utcnow(),
                                  full_name=full_name, birth_date=birth_date)
        db.session.add(request)
    else:  # the person corrects what they sent; still one pending request
        request.full_name, request.birth_date = full_name, birth_date
    db.session.flush()
    return request


def attempt(request: RegistryRequest, now: datetime | None = None) -> RegistryState:
    """Ask the service about a pending request and record the answer. A failure leaves it
    pending, with the error, for the next attempt."""
    if request.state != RegistryState.PENDING:
        return request.state
    user = db.session.get(User, request.user_id)
    request.attempts += 1
    if user is None or user.cedula is None or user.deleted_at is not None:
        request.state, request.last_error = RegistryState.NO_MATCH, "account without cédula"
        request.answered_at = now or utcnow()
        return request.state
    try:
        matched = ask(user.cedula, request.full_name, request.birth_date)
    except RegistryUnavailable as error:
        request.last_error = str(error)[:200]
        current_app.logger.warning("Civil registry request %s not answered: %s", request.id,
                                   error)
        return request.state
    request.answered_at = now or utcnow()
    request.last_error = None
    if matched:
        service.grant(user, METHOD, now=request.answered_at)
        request.state = RegistryState.MATCHED
    else:
        request.state = RegistryState.NO_MATCH
    db.session.flush()
    return request.state


def pending_requests() -> list[RegistryRequest]:
    return list(db.session.scalars(select(RegistryRequest).where(
        RegistryRequest.state == RegistryState.PENDING).order_by(RegistryRequest.id)))
