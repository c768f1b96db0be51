"""Small helpers that views share: safe redirects and showing domain errors on forms."""
from urllib.parse import urlsplit

from flask import abort, flash, redirect, request, url_for
from sqlalchemy import select

from participa.domain import DomainError
from participa.extensions import db
from participa.models import Institution


def safe_next(default_endpoint: str = "main.home", **values) -> str:
    """The `next` target when it stays on this site, else the default page."""
    target = request.values.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return url_for(default_endpoint, **values)


def redirect_next(default_endpoint: str = "main.home", **values):
    return redirect(safe_next(default_endpoint, **values))


def show_domain_error(form, error: DomainError) -> None:
    """Put a service's error next to the field it concerns, or at the top of the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        flash(error.message, "error")


def institution_or_404(acronym: str) -> Institution:
    """The institution a URL names by its acronym (any case), or a 404."""
    institution = db.session.scalar(select(Institution).where(
        Institution.acronym == acronym.upper()))
    if institution is None:
        abort(404)
    return institution


class Attempt:
    """What `attempt` did: true when the change was committed, with the service's return
    value; false with the DomainError that rolled it back."""

    def __init__(self, value=None, error: DomainError | None = None):
        self.value = value
        self.error = error

    def __bool__(self) -> bool:
        return self.error is None

    @property
    def status_code(self) -> int:
        return self.error.status_code if self.error is not None else 200


def attempt(action, *, form=None, success=None) -> Attempt:
    """Run one service call as the request's unit of work.

    On a DomainError the session is rolled back and the error is shown next to its field on
    `form` (or flashed); otherwise the change is committed and `success` is flashed: a message,
    or a function of the service's return value that gives one.
    """
    try:
        value = action()
    except DomainError as error:
        db.session.rollback()
        show_domain_error(form, error)
        return Attempt(error=error)
    db.session.commit()
    if success is not None:
        flash(success(value) if callable(success) else success, "success")
    return Attempt(value=value)
