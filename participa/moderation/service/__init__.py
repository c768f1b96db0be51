"""Moderation rules, one module per job: settings, items, flags, decisions, bans, appeals,
the queue and the author's notices.

Functions take the acting user and loaded objects, raise participa.domain errors, write the
audit record of every moderator's action and leave the commit to the caller. Every decision
names the item's revision the moderator saw: a conditional update refuses the second of two
decisions taken at once instead of applying it twice.

Other modules import `participa.moderation.service` and call its functions; the names below
are that public surface.
"""
from participa.moderation.service.appeals import (
    appeal,
    can_decide,
    escalated_appeals,
    escalated_ids,
)
from participa.moderation.service.bans import MAX_BAN_DAYS, active_ban, ban, ensure_not_banned
from participa.moderation.service.decisions import (
    ACTIONS,
    approve,
    dismiss,
    hide,
    reject_edit,
    restore,
)
from participa.moderation.service.edits import apply_pending_edit, hold_comment_edit
from participa.moderation.service.flags import flag, has_flagged, under_review
from participa.moderation.service.items import (
    get_item,
    hold_comment,
    is_under_review,
    item_of_author,
    item_of_content,
)
from participa.moderation.service.limits import check_links, max_links
from participa.moderation.service.queue import (
    DECIDED_STATES,
    PER_PAGE,
    decided,
    flag_reasons,
    held_proposal_count,
    hidden_history,
    pending_count,
    queue,
)
from participa.moderation.service.settings import (
    set_comment_premoderation,
    settings_for,
    update_settings,
)

__all__ = [
    "ACTIONS", "DECIDED_STATES", "MAX_BAN_DAYS", "PER_PAGE", "active_ban", "appeal",
    "apply_pending_edit", "can_decide", "decided", "escalated_appeals", "escalated_ids",
    "approve", "ban", "hold_comment_edit", "reject_edit",
    "check_links", "dismiss", "ensure_not_banned", "flag", "flag_reasons", "get_item",
    "has_flagged", "held_proposal_count", "hidden_history", "hide", "hold_comment",
    "is_under_review", "item_of_author", "item_of_content", "max_links",
    "pending_count", "queue", "restore", "set_comment_premoderation",
    "settings_for", "under_review", "update_settings",
]
