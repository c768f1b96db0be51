"""`flask participa digest-build <id>` and `digest-refresh`: build a consultation's comment
digest now, or rebuild every digest that new or changed comments made stale (the worker
runs the latter every ten minutes)."""
from __future__ import annotations

import click
from flask_babel import gettext as _

from participa.cli import participa_cli
from participa.digest import build


@participa_cli.command("digest-build")
@click.argument("consultation_id", type=int)
def digest_build_command(consultation_id: int):
    """Build the comment digest of one consultation."""
    digest = build.build(consultation_id)
    if digest is None:
        raise click.ClickException(_("There is no consultation %(id)d.", id=consultation_id))
    click.echo(_("Digest built from %(count)d comments in %(seconds)s s: %(groups)d groups.",
                 count=digest.comment_count, seconds=digest.seconds,
                 groups=len(digest.groups)))


@participa_cli.command("digest-refresh")
def digest_refresh_command():
    """Rebuild the digests that comments published since made stale."""
    for consultation_id in build.stale_digests():
        digest = build.build(consultation_id)
        click.echo(_("Digest of consultation %(id)d rebuilt from %(count)d comments.",
                     id=consultation_id, count=digest.comment_count))
