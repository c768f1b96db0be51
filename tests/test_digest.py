"""The comment digest: planted campaigns are found and unrelated comments kept apart (the
quality is measured on a corpus the test builds), a group is answered in one action and each
comment stays individually reversible, and only the institution sees any of it."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from participa.consultations import comments as comment_service
from participa.digest import similarity, themes
from participa.digest.build import digest_of
from participa.digest.service import shared_answers
from participa.extensions import db
from participa.models import Comment, Decision, Stance
from participa.models.digest import CommentGroup
from participa.timeutil import utcnow

from digest_corpus import CAMPAIGNS, corpus, pair_scores
from factories_consultations import make_consultation, shift  # noqa: F401 (fixture)


def test_planted_campaigns_are_found_and_unrelated_comments_kept_apart():
    items = corpus()
    groups = similarity.near_duplicate_groups(
        [similarity.Text(number, text) for number, text, _ in items])
    recall, precision = pair_scores(items, groups)
    print(f"digest quality on {len(items)} comments: recall {recall:.3f}, "
          f"precision {precision:.3f}")
    assert recall >= 0.95 and precision >= 0.95
    assert len(groups) == len(CAMPAIGNS)


def test_a_stricter_threshold_groups_fewer_comments():
    items = corpus()
    texts = [similarity.Text(number, text) for number, text, _ in items]
    loose = similarity.near_duplicate_groups(texts, 0.6)
    strict = similarity.near_duplicate_groups(texts, 0.9)
    assert sum(len(g.member_ids) for g in strict) < sum(len(g.member_ids) for g in loose)
    assert pair_scores(items, strict)[1] == 1.0  # stricter never merges unrelated texts


def test_an_article_theme_is_its_distinctive_words():
    places = ["Tena", "Puyo", "Macas", "Coca", "Zamora"]
    contributions = (
        [themes.Contribution(i, 1, f"Faltan vacunas en {places[i % 5]}" if i % 2 else
                             f"La vacunación de {places[i % 5]} se atrasa", "against")
         for i in range(1, 11)]
        + [themes.Contribution(i, 2, f"El portal web {i} pide demasiadas claves y el "
                               "sistema se cae", "neutral") for i in range(11, 21)])
    found = themes.themes_by_section(contributions)
    assert found["1"][0]["term"] == "vacun"
    assert found["1"][0]["label"] in ("vacunas", "vacunación")
    assert not any("vacun" in entry["term"] for entry in found["2"])
    vaccines = next(entry for entry in found["1"] if entry["term"].startswith("vacun"))
    assert vaccines["count"] == 10 and vaccines["stances"] == {"against": 10}


@pytest.fixture
def campaign(app, people, make_user, make_consultation):
    """A consultation with a 12-comment campaign and 6 independent comments, closed."""
    consultation = make_consultation(phase="open")
    text = CAMPAIGNS[0]
    for index in range(12):
        author = make_user(f"persona{index}@example.ec", name=f"Persona {index}")
        comment_service.add_comment(author, consultation, body=("Saludos. " if index % 2 else "")
                                    + text, stance=Stance.AGAINST)
    for index, body in enumerate(corpus(independent=6, per_campaign=0)):
        author = make_user(f"otra{index}@example.ec", name=f"Otra {index}")
        comment_service.add_comment(author, consultation, body=body[1], stance=Stance.NEUTRAL)
    db.session.commit()
    shift(consultation, opens_days=-30, closes_days=-1)
    return consultation


def test_an_official_builds_the_digest_and_answers_a_group_at_once(client, login_as, campaign):
    login_as("official_msp")
    page = client.get(f"/consultas/{campaign.id}/resumen")
    assert page.status_code == 200
    assert "Resumen de los comentarios" in page.get_data(as_text=True)
    built = client.post(f"/consultas/{campaign.id}/resumen", data={"threshold": "0.6"})
    assert built.status_code == 302  # the queue runs it at once in tests

    digest = digest_of(campaign)
    assert digest.state == "ready" and digest.comment_count == 18
    group = db.session.scalar(select(CommentGroup).where(CommentGroup.digest_id == digest.id))
    assert group.size == 12 and group.stance_against == 12
    overview = client.get(f"/consultas/{campaign.id}/resumen").get_data(as_text=True)
    assert f"/resumen/grupos/{group.id}" in overview

    refused = client.post(f"/consultas/{campaign.id}/resumen/grupos/{group.id}",
                          data={"reason": "El acceso seguirá siendo gratuito."})
    assert refused.status_code == 400
    assert "El acceso seguirá siendo gratuito." in refused.get_data(as_text=True)

    decided = client.post(f"/consultas/{campaign.id}/resumen/grupos/{group.id}",
                          data={"decision": "incorporated",
                                "reason": "El acceso seguirá siendo gratuito."})
    assert decided.status_code == 302
    outcomes = db.session.execute(select(Comment.outcome, Comment.outcome_reason).where(
        Comment.consultation_id == campaign.id, Comment.stance == Stance.AGAINST)).all()
    assert outcomes == [(Decision.INCORPORATED, "El acceso seguirá siendo gratuito.")] * 12
    ids = db.session.scalars(select(Comment.id).where(Comment.consultation_id == campaign.id))
    ids = list(ids)
    shared = shared_answers(ids)
    assert len(shared) == 12 and {size for _, size in shared.values()} == {12}
    page = client.get(f"/consultas/{campaign.id}").get_data(as_text=True)
    assert "12 contribuciones como esta, respondidas en conjunto" in page

    # One comment decided on its own leaves the group's answer; the others keep it.
    one = db.session.scalar(select(Comment.id).where(Comment.consultation_id == campaign.id,
                                                     Comment.stance == Stance.AGAINST))
    changed = client.post(f"/consultas/{campaign.id}/comentarios/{one}/resultado",
                          data={"decision": "partly", "reason": "En parte."})
    assert changed.status_code == 302
    shared = shared_answers(ids)
    assert one not in shared and len(shared) == 11
    assert db.session.get(Comment, one).outcome == Decision.PARTLY


def test_only_the_institution_sees_the_digest(client, login_as, campaign, people):
    assert client.get(f"/consultas/{campaign.id}/resumen").status_code == 302  # sign in
    login_as("citizen")
    assert client.get(f"/consultas/{campaign.id}/resumen").status_code == 403
    assert client.post(f"/consultas/{campaign.id}/resumen",
                       data={"threshold": "0.6"}).status_code == 403
    assert digest_of(campaign) is None


def test_the_digest_follows_new_comments(app, people, make_user, make_consultation):
    consultation = make_consultation(phase="open")
    runner = app.test_cli_runner()
    for index in range(3):
        author = make_user(f"p{index}@example.ec", name=f"P {index}")
        comment_service.add_comment(author, consultation, body=CAMPAIGNS[1],
                                    stance=Stance.FOR)
    db.session.commit()
    assert runner.invoke(args=["participa", "digest-build", str(consultation.id)]).exit_code == 0
    assert digest_of(consultation).comment_count == 3
    author = make_user("tarde@example.ec", name="Tarde")
    comment_service.add_comment(author, consultation, body=CAMPAIGNS[1], stance=Stance.FOR)
    db.session.commit()
    result = runner.invoke(args=["participa", "digest-refresh"])
    assert result.exit_code == 0, result.output
    digest = digest_of(consultation)
    assert digest.comment_count == 4 and digest.groups[0].size == 4
    assert runner.invoke(args=["participa", "digest-refresh"]).output == ""  # nothing stale
