"""Simultaneous requests against the real database (a file SQLite database, or PostgreSQL with
PARTICIPA_TEST_DATABASE_URL), each in its own thread with its own signed-in browser, released
together by a barrier: no 500, no lost update, one threshold notice, and a savepoint never
commits on its own."""
from __future__ import annotations

import threading
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from conftest import login_with_code
from factories_consultations import make_consultation, uploads_in_tmp  # noqa: F401
from sqlalchemy import func, select

from participa.consultations import comments as comment_service
from participa.demo import demo_cedula
from participa.extensions import db
from participa.models import (
    Comment,
    Flag,
    ModerationItem,
    ModerationSettings,
    Proposal,
    ProposalState,
    ProposalSupport,
    Stance,
    Support,
    User,
)
from test_proposals import make_proposal


def fire_together(browsers, url: str, data: dict | None = None) -> list:
    """POST `url` from every browser at the same moment; the status codes in browser order
    (or the exception, should a request raise one instead of answering)."""
    barrier = threading.Barrier(len(browsers))
    results: list = [None] * len(browsers)

    def fire(index: int, browser) -> None:
        barrier.wait()
        try:
            results[index] = browser.post(url, data=data or {}).status_code
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            results[index] = error

    threads = [threading.Thread(target=fire, args=(n, b)) for n, b in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def signed_in(app, users) -> list:
    browsers = []
    for user in users:
        browser = app.test_client()
        assert login_with_code(browser, user).status_code == 302
        browsers.append(browser)
    return browsers


def mails_to(app, address: str) -> list:
    folder = Path(app.config["MAIL_DIR"])
    messages = [message_from_bytes(p.read_bytes(), policy=default_policy)
                for p in folder.glob("*.eml")] if folder.exists() else []
    return [m for m in messages if m["To"] == address]


@pytest.fixture
def comment(people, make_consultation):
    consultation = make_consultation()
    comment = comment_service.add_comment(people["citizen"], consultation,
                                          body="Propongo ampliar el plazo.", stance=Stance.FOR)
    db.session.commit()
    return comment


def test_citizens_flagging_one_comment_at_once_are_all_counted(app, make_user, institutions,
                                                               comment):
    db.session.add(ModerationSettings(institution_id=institutions["MSP"].id,
                                      flag_threshold=100))
    db.session.commit()
    flaggers = [make_user(f"marca{n}@example.ec", name=f"Marca {n}") for n in range(8)]
    browsers = signed_in(app, flaggers)
    url = f"/moderacion/marcar/comentario/{comment.consultation_id}/{comment.id}"

    statuses = fire_together(browsers, url, {"reason": "spam"})

    assert statuses == [302] * len(flaggers)
    db.session.rollback()
    items = db.session.scalars(select(ModerationItem).where(
        ModerationItem.comment_id == comment.id)).all()
    assert len(items) == 1
    flags = db.session.scalar(select(func.count(Flag.id)).where(Flag.item_id == items[0].id))
    assert flags == len(flaggers)
    assert items[0].flag_count == flags


def test_flags_crossing_the_threshold_at_once_hide_the_comment_once(app, make_user, comment):
    flaggers = [make_user(f"marca{n}@example.ec", name=f"Marca {n}") for n in range(8)]
    browsers = signed_in(app, flaggers)
    url = f"/moderacion/marcar/comentario/{comment.consultation_id}/{comment.id}"

    statuses = fire_together(browsers, url, {"reason": "spam"})

    # The default threshold is 3: three flags hide the comment, the others are told that
    # the moderators already have it.
    assert sorted(statuses) == [302] * 3 + [409] * 5
    db.session.rollback()
    item = db.session.scalar(select(ModerationItem).where(
        ModerationItem.comment_id == comment.id))
    assert item.flag_count == 3
    assert item.auto_hidden
    assert db.session.scalar(select(func.count(Flag.id)).where(Flag.item_id == item.id)) == 3


def test_fifty_supports_at_once_cross_the_threshold_once(app, make_user, institutions):
    author = make_user("autora@example.ec", name="Autora", cedula=demo_cedula("171000000"))
    supporters = [make_user(f"apoyo{n}@example.ec", name=f"Apoyo {n}",
                            cedula=demo_cedula(f"17100{n + 1:04d}")) for n in range(50)]
    proposal = make_proposal(author, institutions["MSP"], threshold=25)
    browsers = signed_in(app, supporters)

    statuses = fire_together(browsers, f"/propuestas/{proposal.id}/apoyar")

    assert all(status in (302, 409) for status in statuses), statuses
    db.session.rollback()
    proposal = db.session.get(Proposal, proposal.id)
    rows = db.session.scalar(select(func.count(ProposalSupport.id)).where(
        ProposalSupport.proposal_id == proposal.id))
    # Every support accepted is a row, and the collection stopped at the threshold.
    assert statuses.count(302) == rows == proposal.support_count == 25
    assert proposal.state == ProposalState.AWAITING_ANSWER
    notices = mails_to(app, author.email)
    assert len(notices) == 1
    assert "alcanzó" in notices[0]["Subject"] or "reached" in notices[0]["Subject"]


def test_a_savepoint_as_first_write_is_undone_by_the_rollback(app, people, comment):
    supporter_id, comment_id = people["official_msp"].id, comment.id
    with app.app_context():  # a request's own session, as a view has it
        supporter = db.session.get(User, supporter_id)
        comment_service.support_comment(supporter, db.session.get(Comment, comment_id))
        with db.engine.connect() as other:
            seen = other.scalar(select(func.count(Support.id)))
        db.session.rollback()  # the request fails after its savepoint
    assert seen == 0, "another connection saw the support before any commit"
    with db.engine.connect() as other:
        assert other.scalar(select(func.count(Support.id))) == 0


def test_supports_in_savepoints_at_once_count_each_person_once(app, make_user, people,
                                                               institutions, comment):
    """Comment supports and data-request supports insert in a savepoint, the unique
    constraint turning a second click into a message: six people clicking twice at once."""
    from participa.observatory import requests as observatory

    data_request = observatory.ask(people["citizen"], institutions["MSP"],
                                   title="Tiempos de espera", description="Por hospital.",
                                   purpose="Un estudio.", format_wanted="CSV")
    db.session.commit()
    supporters = [make_user(f"apoyo{n}@example.ec", name=f"Apoyo {n}") for n in range(6)]
    browsers = signed_in(app, supporters * 2)
    urls = (f"/consultas/{comment.consultation_id}/comentarios/{comment.id}/apoyar",
            f"/observatorio/solicitudes/{data_request.id}/apoyar")

    for url in urls:
        assert fire_together(browsers, url) == [302] * len(browsers)

    db.session.rollback()
    assert db.session.scalar(select(func.count(Support.id)).where(
        Support.comment_id == comment.id)) == len(supporters)
    assert observatory.support_count(db.session.get(type(data_request), data_request.id)) \
        == len(supporters)
