"""`flask participa search-rebuild`: write the search index afresh (after a bulk import that
bypassed the application, or to recover from any doubt about it)."""
from __future__ import annotations

import click
from flask_babel import gettext as _

from participa.cli import participa_cli
from participa.extensions import db
from participa.search import index


@participa_cli.command("search-rebuild")
def search_rebuild_command():
    """Rebuild the full-text search index from the data."""
    def progress(table: str, last_id: int, findable: int) -> None:
        click.echo(_("%(table)s up to id %(id)d: %(count)d findable items so far",
                     table=table, id=last_id, count=findable))
    total = index.rebuild(db.session, progress)
    db.session.commit()
    click.echo(_("Search index rebuilt: %(count)d findable items.", count=total))
