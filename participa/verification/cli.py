"""`flask --app wsgi participa verification-retry`: ask the civil registry again about the
requests it did not answer (cron-friendly; a request is never lost)."""
import click
from flask_babel import gettext as _

from participa.cli import participa_cli
from participa.extensions import db
from participa.models import RegistryState


@participa_cli.command("verification-retry")
def verification_retry_command():
    """Send again every pending civil registry request; print how many were answered."""
    from participa.verification import registry

    answered = matched = 0
    for request in registry.pending_requests():
        state = registry.attempt(request)
        db.session.commit()
        answered += state != RegistryState.PENDING
        matched += state == RegistryState.MATCHED
    click.echo(_("%(answered)d registry requests answered, %(matched)d identities verified.",
                 answered=answered, matched=matched))
