"""Operator commands for cases, added to the `flask participa` group."""
from __future__ import annotations

import click
from flask import current_app
from flask_babel import gettext as _

from participa.cli import participa_cli
from participa.extensions import db


@participa_cli.command("escalate")
def escalate_command():
    """Escalate overdue cases (idempotent; safe to run from cron every few minutes)."""
    from participa.cases import escalation, notify

    cases = escalation.escalate()
    db.session.commit()
    if cases:
        admins = escalation.admins_by_institution({case.institution_id for case in cases})
        base_url = current_app.config.get("PUBLIC_BASE_URL", "https://participa.gob.ec")
        with current_app.test_request_context(base_url=base_url):
            for case in cases:
                notify.tell_escalation(case, admins.get(case.institution_id, []))
    click.echo(_("%(count)d overdue cases escalated.", count=len(cases)))
