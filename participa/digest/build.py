"""Building a consultation's digest, in the worker: read its published comments once, group
the near-duplicates, find each article's themes, store the result with its time."""
from __future__ import annotations

import time
from collections import Counter

from sqlalchemy import delete, func, insert, select

from participa.digest import similarity, themes
from participa.extensions import db
from participa.models import Comment, Consultation
from participa.models.consultations import ModerationState
from participa.models.digest import CommentDigest, CommentGroup, CommentGroupMember
from participa.timeutil import utcnow

READ_BATCH = 5000


def digest_of(consultation: Consultation) -> CommentDigest | None:
    return db.session.scalar(select(CommentDigest).where(
        CommentDigest.consultation_id == consultation.id))


def request(consultation: Consultation, threshold: float | None = None) -> CommentDigest:
    """Ask for a (new) build; the caller enqueues the job after its commit."""
    digest = digest_of(consultation)
    if digest is None:
        digest = CommentDigest(consultation_id=consultation.id,
                               threshold=similarity.DEFAULT_THRESHOLD)
        db.session.add(digest)
    if threshold is not None:
        digest.threshold = threshold
    digest.state, digest.requested_at = "queued", utcnow()
    db.session.flush()
    return digest


def published_comment_count(consultation_id: int) -> int:
    return db.session.scalar(select(func.count(Comment.id)).where(*_published(consultation_id)))


def comments_since(digest: CommentDigest) -> int:
    """Comments posted since the digest was built (an indexed range, cheap on any page)."""
    if digest.built_at is None:
        return 0
    return db.session.scalar(select(func.count(Comment.id)).where(
        Comment.consultation_id == digest.consultation_id,
        Comment.created_at > digest.built_at))


def _published(consultation_id: int):
    return (Comment.consultation_id == consultation_id,
            Comment.moderation == ModerationState.PUBLISHED, Comment.deleted_at.is_(None),
            Comment.is_official.is_(False))


def _contributions(consultation_id: int) -> list[themes.Contribution]:
    rows, last_id = [], 0
    while True:
        batch = db.session.execute(
            select(Comment.id, Comment.section_id, Comment.body_text, Comment.stance)
            .where(*_published(consultation_id), Comment.id > last_id)
            .order_by(Comment.id).limit(READ_BATCH)).all()
        if not batch:
            return rows
        rows.extend(themes.Contribution(row.id, row.section_id, row.body_text or "",
                                        row.stance.value) for row in batch)
        last_id = batch[-1].id


def build(consultation_id: int) -> CommentDigest | None:
    """Build and store the digest (commits: it runs as a job)."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        return None
    digest = digest_of(consultation) or request(consultation)
    digest.state = "building"
    db.session.commit()
    started = time.monotonic()
    try:
        contributions = _contributions(consultation_id)
        groups = similarity.near_duplicate_groups(
            (similarity.Text(item.id, item.body) for item in contributions), digest.threshold)
        digest_themes = themes.themes_by_section(contributions)
    except Exception as error:  # noqa: BLE001  shown to the official, logged for operators
        db.session.rollback()
        digest = digest_of(consultation)
        digest.state, digest.error = "failed", str(error)[:500]
        db.session.commit()
        raise
    by_id = {item.id: item for item in contributions}
    db.session.execute(delete(CommentGroup).where(CommentGroup.digest_id == digest.id))
    for position, group in enumerate(groups):
        stances = Counter(by_id[i].stance for i in group.member_ids)
        sections = Counter(by_id[i].section_id for i in group.member_ids)
        section_id, _ = sections.most_common(1)[0]
        row = CommentGroup(digest_id=digest.id, position=position,
                           section_id=section_id if len(sections) == 1 else None,
                           representative_id=group.representative_id,
                           size=len(group.member_ids), stance_for=stances["for"],
                           stance_against=stances["against"],
                           stance_neutral=stances["neutral"])
        db.session.add(row)
        db.session.flush()
        db.session.execute(insert(CommentGroupMember), [
            {"group_id": row.id, "comment_id": comment_id}
            for comment_id in group.member_ids])
    digest.themes = digest_themes
    digest.comment_count = len(contributions)
    digest.built_at = utcnow()
    digest.seconds = round(time.monotonic() - started, 2)
    digest.state, digest.error = "ready", None
    db.session.commit()
    return digest


def stale_digests() -> list[int]:
    """Consultations whose digest has read fewer comments than they now have published."""
    stale = []
    for digest in db.session.scalars(select(CommentDigest).where(
            CommentDigest.state.in_(("ready", "failed")))):
        if published_comment_count(digest.consultation_id) != digest.comment_count:
            stale.append(digest.consultation_id)
    return stale
