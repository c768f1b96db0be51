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
