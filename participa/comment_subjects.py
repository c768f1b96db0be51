"""What a comment thread needs to know about what it is on: a consultation or a proposal.

The comment machinery (participa.consultations.comments) is one for both; this module holds
the few rules that differ: when the thread takes comments, whether they wait for a moderator,
whom an official's reply or a new comment is told to, and which cached figures go stale.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from participa.domain import Conflict
from participa.figures_cache import forget
from participa.models import Comment, Consultation, NotificationKind, Phase, Proposal, ProposalState

# A proposal's thread takes comments while the proposal collects supports or waits for its
# answer; once answered, archived or withdrawn it stays readable, closed to new comments.
PROPOSAL_STATES_OPEN_TO_COMMENTS = (ProposalState.OPEN, ProposalState.AWAITING_ANSWER)


class ConsultationSubject:
    audit_prefix = relation = "consultation"

    @property
    def column(self):
        return Comment.consultation_id

    def __init__(self, consultation: Consultation):
        self.item = consultation
        self.institution = consultation.institution

    def refusal(self, now: datetime) -> Conflict | None:
        phase = self.item.phase_at(now)
        if phase in (Phase.DRAFT, Phase.INFORMATION):
            return Conflict(_l("This consultation is not open for comments yet."))
        if phase != Phase.OPEN:
            return Conflict(_l("This consultation is closed: comments are no longer accepted."))
        return None

    @property
    def premoderated(self) -> bool:
        return self.item.premoderate_comments

    def changed(self) -> None:
        from participa.consultations.service import counts_key

        forget(counts_key(self.item.id))

    def official_replied(self, parent: Comment, reply: Comment) -> None:
        from participa.consultations.notify import notify

        notify([parent.author_id], NotificationKind.OFFICIAL_REPLY, self.item, comment=reply)

    def commented(self, comment: Comment) -> None:
        """Nobody is told of a new comment on a consultation (followers read the thread)."""


class ProposalSubject:
    audit_prefix = relation = "proposal"

    @property
    def column(self):
        return Comment.proposal_id

    def __init__(self, proposal: Proposal):
        self.item = proposal
        self.institution = proposal.institution

    def refusal(self, now: datetime) -> Conflict | None:
        if not self.item.is_published:
            return Conflict(_l("This proposal is not published: it takes no comments."))
        if self.item.effective_state(now) not in PROPOSAL_STATES_OPEN_TO_COMMENTS:
            return Conflict(_l("This proposal is closed: comments are no longer accepted."))
        return None

    @property
    def premoderated(self) -> bool:
        # An institution that reviews proposals before publishing them reviews their
        # comments too.
        from participa.proposals.service import settings_for

        return settings_for(self.institution).premoderate_proposals

    def changed(self) -> None:
        """A proposal's comment count is read from the table: nothing cached to forget."""

    def official_replied(self, parent: Comment, reply: Comment) -> None:
        from participa.proposals.notify import comment_notice

        comment_notice(parent.author_id, NotificationKind.OFFICIAL_REPLY, reply)

    def commented(self, comment: Comment) -> None:
        from participa.proposals.notify import comment_notice

        author_id = self.item.author_id
        if author_id and author_id != comment.author_id and comment.is_published:
            comment_notice(author_id, NotificationKind.PROPOSAL_COMMENT, comment)


def subject_of(item) -> ConsultationSubject | ProposalSubject:
    """The thread rules of a consultation or proposal (or of the subject of a comment)."""
    if isinstance(item, Comment):
        item = item.subject
    if isinstance(item, Proposal):
        return ProposalSubject(item)
    return ConsultationSubject(item)
