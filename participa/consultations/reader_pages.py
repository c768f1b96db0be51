"""A comment thread's page for signed-in citizens, a consultation's or a proposal's:
rendered once, completed per reader.

A signed-in page of a busy consultation cost some 20 ms of CPU (twenty comments with their
replies, supports and forms, the draft text, the questions), and most of it is the same for
every citizen who reads it. Only these parts are a reader's own: the form token, each
comment's support count with whether this reader supports it, and one part of the page
(a consultation's questions panel: their vote, their verification level; a proposal's
supports box). So each worker keeps the page's content for PAGE_CACHE_SECONDS
(participa.kept_content) with holes at those places, and every reader gets it with their
own values filled in, read fresh on each request.

A reader gets a fresh page instead, exact to the moment, when
- they answer for the institution, review its proposals or moderate its comments (tools,
  held comments), or wrote the proposal;
- a comment of theirs in this thread is on the page, awaits moderation, or was written,
  edited or deleted within the time a kept page lives (so that they see their own
  contribution at once, whichever page they open);
- the page shows outcomes (closed consultations' extras), or answers a posted form.
Other people's comments reach the kept page within PAGE_CACHE_SECONDS, as for visitors who
are not signed in; supports are counted afresh on every request.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from markupsafe import Markup, escape
from sqlalchemy import func, or_, select

from participa import authz, kept_content
from participa.comment_subjects import subject_of
from participa.consultations.comments import support_counts
from participa.extensions import db
from participa.models import Comment, ModerationState
from participa.template_i18n import translations
from participa.timeutil import utcnow

# A write's time is taken before its commit; the page kept meanwhile may miss it.
COMMIT_MARGIN = timedelta(seconds=30)
# The holes besides the form token's (no page text contains a NUL).
OWN_PART = "\x00own-part\x00"
_COUNT = re.compile("\x00n(\\d+)\x00")
_CHOICE = re.compile("\x00c(\\d+)\x00(.*?)\x00\\|\x00(.*?)\x00/\x00", re.DOTALL)


class Holes:
    """What the templates write where a reader's own value goes (see _thread.html)."""

    @staticmethod
    def count(comment_id: int) -> Markup:
        return Markup(f"\x00n{comment_id}\x00")

    @staticmethod
    def choice(comment_id: int) -> Markup:
        """Opens "supports it | the support form", closed by `otherwise` and `end`."""
        return Markup(f"\x00c{comment_id}\x00")

    otherwise = Markup("\x00|\x00")
    end = Markup("\x00/\x00")
    own_part = Markup(OWN_PART)  # the page's one block of the reader's own


@dataclass(frozen=True)
class KeptContent:
    html: str  # the page's content block, with holes
    comment_ids: tuple  # every comment on the page, replies included
    author_ids: frozenset


def may_keep(subject, user, *, runs_it: bool) -> bool:
    """Whether this reader's page of a consultation or proposal may come from, and go to,
    the kept content (before looking at their own comments); `runs_it`: they see tools."""
    return (kept_content.may_keep(user) and not runs_it
            and not authz.can_moderate(user, subject.institution))


def key(subject, state: str) -> str:
    """`state`: what the page shows that changes with time alone (phase, deadlines)."""
    return kept_content.key(f"{subject_of(subject).relation} {subject.id} {state}")


def has_recent_stake(subject, user) -> bool:
    """Whether the reader has a comment here that the kept page may not show as they should
    see it: held for moderation, or written, edited or deleted lately. One indexed query."""
    since = utcnow() - timedelta(seconds=kept_content.seconds()) - COMMIT_MARGIN
    return db.session.scalar(select(func.count(Comment.id)).where(
        subject_of(subject).column == subject.id, Comment.author_id == user.id,
        or_(Comment.moderation == ModerationState.PENDING, Comment.created_at >= since,
            Comment.edited_at >= since, Comment.deleted_at >= since))) > 0


def lookup(page_key: str, user) -> KeptContent | None:
    content = kept_content.get(page_key)
    if content is None or user.id in content.author_ids:
        return None
    return content


def keep(page_key: str, html: str, comments: list) -> KeptContent:
    """Keep the content just rendered with holes (the renderer's token taken out)."""
    content = KeptContent(html=kept_content.without_token(html),
                          comment_ids=tuple(c.id for c in comments),
                          author_ids=frozenset(c.author_id for c in comments if c.author_id))
    kept_content.keep(page_key, content)
    return content


def kept_for(page_key: str, user, own_part: Callable[[], str]) -> Markup | None:
    """The kept content filled in for this reader, or None (render the page afresh)."""
    content = lookup(page_key, user)
    return None if content is None else fill(content, user, own_part)


def keeper(page_key: str, shown: list, user, own_part: Callable[[], str]):
    """The template's `keep_content`: keep what it rendered with holes, show it filled in."""
    return lambda html: fill(keep(page_key, str(html), shown), user, own_part)


def fill(content: KeptContent, user, own_part: Callable[[], str]) -> Markup:
    """The kept content with this reader's token, supports and own part of the page."""
    counts, mine = support_counts(list(content.comment_ids), user)
    catalogue = translations()

    def count(match) -> str:
        n = counts.get(int(match.group(1)), 0)
        return str(escape(catalogue.ungettext("%(num)d support", "%(num)d supports", n)
                          % {"num": n}))

    html = _COUNT.sub(count, content.html)
    html = _CHOICE.sub(lambda m: m.group(2) if int(m.group(1)) in mine else m.group(3), html)
    if OWN_PART in html:
        html = html.replace(OWN_PART, own_part())
    return kept_content.with_token(html)
