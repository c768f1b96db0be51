"""Moderation figures per institution for a period, worked out by hand, and on the dashboard."""
from datetime import date, datetime

import pytest

from participa.dashboard.statistics import Period
from participa.extensions import db
from participa.models import (ContentKind, FlagReason, InstitutionRole, ProposalSettings,
                              ProposalTopic)
from participa.moderation import service, statistics
from participa.proposals import service as proposal_service

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def at(month, day, hour):
    return datetime(2026, month, day, hour)  # naive UTC, as stored


@pytest.fixture
def cast(people, make_user, institutions):
    msp, mdt = institutions["MSP"], institutions["MDT"]
    return {
        **people,
        "author": make_user("autor@example.ec", name="Tomás Autor"),
        "flaggers": [make_user(f"marca{n}@example.ec", name=f"Marca {n}") for n in range(3)],
        "moderator2_msp": make_user("moderador2@msp.gob.ec", name="Raúl Segundo",
                                    roles=[(msp, InstitutionRole.MODERATOR)]),
        "moderator_mdt": make_user("moderador@mdt.gob.ec", name="Olga Ajena",
                                   roles=[(mdt, InstitutionRole.MODERATOR)]),
    }


def proposal(cast, institution, title, when):
    return proposal_service.submit_proposal(
        cast["author"], institution, title=title, summary="Resumen.", body="Texto.",
        topic=ProposalTopic.HEALTH, now=when)


def flag(cast, n, content, institution, when):
    return service.flag(cast["flaggers"][n], ContentKind.PROPOSAL, content, institution,
                        reason=FlagReason.SPAM, now=when)


@pytest.fixture
def activity(cast, institutions):
    """MSP: A flagged twice and hidden 24 h later, appealed and restored 48 h after the
    appeal; B flagged and kept 6 h later; C flagged in February, flags dismissed on 1 March
    (216 h). MDT: P hidden by three flags, then by a moderator 26 h after the first flag; Q
    held for pre-moderation and published 6 h after its submission. Flags in April are out."""
    msp, mdt = institutions["MSP"], institutions["MDT"]
    a = proposal(cast, msp, "A", at(3, 1, 12))
    b = proposal(cast, msp, "B", at(3, 1, 12))
    c = proposal(cast, msp, "C", at(2, 1, 12))
    p = proposal(cast, mdt, "P", at(3, 1, 12))
    db.session.flush()

    item_a = flag(cast, 0, a, msp, at(3, 2, 12))
    flag(cast, 1, a, msp, at(3, 2, 14))
    service.hide(cast["moderator_msp"], item_a, item_a.revision, "Publicidad.", now=at(3, 3, 12))
    service.appeal(cast["author"], item_a, "No es publicidad.", now=at(3, 4, 12))
    service.restore(cast["moderator2_msp"], item_a, item_a.revision, "Tiene razón.",
                    now=at(3, 6, 12))

    item_b = flag(cast, 0, b, msp, at(3, 5, 12))
    service.approve(cast["moderator_msp"], item_b, item_b.revision, now=at(3, 5, 18))

    item_c = flag(cast, 0, c, msp, at(2, 20, 12))
    service.dismiss(cast["moderator_msp"], item_c, item_c.revision, now=at(3, 1, 12))

    item_p = None
    for n in range(3):
        item_p = flag(cast, n, p, mdt, at(3, 10, 12 + n))
    service.hide(cast["moderator_mdt"], item_p, item_p.revision, "Ofensiva.", now=at(3, 11, 14))

    db.session.add(ProposalSettings(institution_id=mdt.id, premoderate_proposals=True))
    db.session.flush()
    q = proposal(cast, mdt, "Q", at(3, 12, 12))
    proposal_service.publish_proposal(cast["admin_mdt"], q, now=at(3, 12, 18))

    late = proposal(cast, msp, "Tarde", at(4, 1, 12))
    flag(cast, 2, late, msp, at(4, 2, 12))
    db.session.commit()
    return {"msp": msp, "mdt": mdt}


def test_figures_per_institution_by_hand(activity):
    msp = statistics.for_institution(MARCH, activity["msp"].id)
    assert (msp.flagged, msp.auto_hidden, msp.hidden, msp.restored, msp.approved,
            msp.dismissed, msp.appeals, msp.appeals_rejected) == (2, 0, 1, 1, 1, 1, 1, 0)
    assert sorted(msp.hours_to_decision) == [6, 24, 48, 216]
    assert msp.median_hours_to_decision == 36.0  # (24 + 48) / 2

    mdt = statistics.for_institution(MARCH, activity["mdt"].id)
    assert (mdt.flagged, mdt.auto_hidden, mdt.hidden, mdt.restored, mdt.approved,
            mdt.dismissed, mdt.appeals) == (1, 1, 1, 0, 1, 0, 0)
    assert sorted(mdt.hours_to_decision) == [6, 26]
    assert mdt.median_hours_to_decision == 16.0


def test_national_totals_take_the_median_of_all_decisions(activity):
    total = statistics.national(MARCH)
    assert (total.flagged, total.auto_hidden, total.hidden, total.restored, total.approved,
            total.dismissed, total.appeals) == (3, 1, 2, 1, 2, 1, 1)
    assert total.decisions == 6
    assert total.median_hours_to_decision == 25.0  # of 6, 6, 24, 26, 48, 216


def test_an_institution_without_activity_has_zeros(app, institutions):
    figures = statistics.for_institution(MARCH, institutions["MSP"].id)
    assert figures.flagged == 0 and figures.median_hours_to_decision is None


def test_the_figures_take_a_fixed_number_of_queries(app, activity):
    from sqlalchemy import event

    statements = []

    def count(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        statistics.national(MARCH)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 5


def test_the_dashboard_shows_the_moderation_figures(client, login_as, activity):
    login_as("rector")
    query = {"periodo": "custom", "desde": "2026-03-01", "hasta": "2026-03-31"}
    page = client.get("/tablero/institucion/MSP", query_string=query)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Moderación en el MSP" in text
    assert "<td>36 <span" in text or "<td>36,0 <span" in text
    summary = client.get("/tablero/", query_string=query).get_data(as_text=True)
    assert "Moderación en todas las instituciones" in summary
    assert "<td>25 <span" in summary or "<td>25,0 <span" in summary


def test_kept_figures_show_the_next_flag_and_decision(app, cast, activity, cached):
    """Kept between dashboards (production caches them), the figures still count a flag or
    a decision committed just before."""
    msp = activity["msp"]
    before = statistics.for_institution(MARCH, msp.id)
    assert statistics.for_institution(MARCH, msp.id) is before  # kept
    flagged, decisions = before.flagged, before.decisions
    d = proposal(cast, msp, "D", at(3, 20, 12))
    item = flag(cast, 1, d, msp, at(3, 20, 14))
    db.session.commit()
    assert statistics.for_institution(MARCH, msp.id).flagged == flagged + 1
    service.approve(cast["moderator_msp"], item, item.revision, now=at(3, 20, 20))
    db.session.commit()
    assert statistics.for_institution(MARCH, msp.id).decisions == decisions + 1
    assert statistics.national(MARCH).decisions == statistics._by_institution(
        MARCH, None)[msp.id].decisions + statistics._by_institution(
        MARCH, None)[activity["mdt"].id].decisions
