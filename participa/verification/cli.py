"""`flask --app wsgi participa verification-retry`: ask the civil registry again about the
requests it did not answer (cron-friendly; a request is never lost)."""
import click
from flask_babel import gettext as _

from participa.cli import participa_cli
from participa.extensions import db
from participa.domain import DomainError
from participa.models import RegistryRequest, RegistryState


@participa_cli.command("verification-retry")
def verification_retry_command():
    """Send again every pending civil registry request; print how many were answered."""
    from participa.verification import registry

    answered = matched = 0
    for request_id in [request.id for request in registry.pending_requests()]:
        try:
            state = registry.attempt(db.session.get(RegistryRequest, request_id))
        except DomainError as error:  # e.g. the identity is verified on another account
            db.session.rollback()
            click.echo(f"{request_id}: {error.message}", err=True)
            continue
        db.session.commit()
        answered += state != RegistryState.PENDING
        matched += state == RegistryState.MATCHED
    click.echo(_("%(answered)d registry requests answered, %(matched)d identities verified.",
                 answered=answered, matched=matched))
