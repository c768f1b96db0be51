"""An institution's work queue as its officials see it, rendered once per change.

The queue of a busy institution costs some 20 ms to render (fifty rows with their badges,
two selects of every official) and is the same for each official of the institution who
opens the same filters, but for the form token and two links that depend on their role.
Each worker keeps the content for PAGE_CACHE_SECONDS (participa.kept_content) under the
institution's change token of its cases (participa.workspace.freshness), which a commit
renews when a case arrives or changes institution, state, due date, priority, category or
assignee: the page after any such change is rendered afresh, so an official who assigns or
answers sees it at once. What the token does not follow (an official's or a category's
name) reaches the queue within PAGE_CACHE_SECONDS."""
from __future__ import annotations

from datetime import date

from flask import request

from participa import authz, kept_content
from participa.workspace import freshness


def key(institution, user, today: date, can_manage: bool) -> str | None:
    """The content's key for this official, or None when it is not shared: the cache is
    off, or the list is "assigned to me" (each official their own)."""
    if not (kept_content.may_keep(user) and freshness.enabled()) \
            or request.args.get("asignado") == "me":
        return None
    token = freshness.tokens(institution.id)[freshness.CASES]
    sees_statistics = authz.can_view_institution_statistics(user, institution)
    return kept_content.key(f"case queue {institution.id} {token} {today.isoformat()} "
                            f"{can_manage:d}{sees_statistics:d}")

