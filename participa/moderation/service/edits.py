"""Edits under pre-moderation: an author's edit of published content waits for a decision
while the approved text stays public (the author sees the edit as pending)."""
from __future__ import annotations

from participa.models import Comment, ContentKind, ModerationItem, ProposalTopic, ReviewState
from participa.moderation.service.items import item_for
from participa.timeutil import utcnow


def hold_comment_edit(comment: Comment, body_text: str, body_html: str) -> ModerationItem:
    """Keep the new text of a published comment aside and put the comment in the queue."""
    comment.pending_edit = {"body_text": body_text, "body_html": body_html}
    item = item_for(ContentKind.COMMENT, comment, comment.institution)
    if item.review == ReviewState.NONE:
        item.review = ReviewState.PENDING
    return item


def apply_pending_edit(content) -> bool:
    """Make the waiting edit of a comment or proposal its public text; False if none."""
    pending = content.pending_edit
    if not pending:
        return False
    if isinstance(content, Comment):
        content.body_text, content.body_html = pending["body_text"], pending["body_html"]
    else:
        content.title, content.summary = pending["title"], pending["summary"]
        content.body, content.topic = pending["body"], ProposalTopic(pending["topic"])
        content.updated_at = utcnow()
    content.pending_edit = None
    return True
