"""A consultation's counts and the length of its thread come from cached aggregates: they
follow new and deleted comments and moderation at once, and the pages stay right for
everyone (the held comments of pre-moderation count only for their author)."""
from participa.consultations import comments, service as consultations
from participa.extensions import cache, db
from participa.models import Stance

from factories_consultations import make_consultation, uploads_in_tmp  # noqa: F401 (fixtures)

def test_a_consultations_counts_are_cached_but_follow_its_own_comments(app, people,
                                                                      make_consultation):
    consultation = make_consultation()
    app.config["STATS_CACHE_SECONDS"] = 300
    try:
        with app.test_request_context():
            assert consultations.figures(consultation).comments == 0
            comments.add_comment(people["citizen"], consultation, body="Estoy de acuerdo.",
                                 stance=Stance.FOR)
            db.session.commit()
            after = consultations.figures(consultation)
            assert (after.comments, after.participants) == (1, 1)
    finally:
        app.config["STATS_CACHE_SECONDS"] = 0
        with app.app_context():
            cache.clear()


def test_the_thread_has_as_many_pages_as_comments_anyone_may_see(app, client, people,
                                                                make_consultation):
    consultation = make_consultation()
    for n in range(21):
        comments.add_comment(people["citizen"], consultation, body=f"Comentario {n}.",
                             stance=Stance.FOR)
    db.session.commit()
    page = client.get(f"/consultas/{consultation.id}?pagina=2").get_data(as_text=True)
    assert "Comentario 0." in page and "Comentario 20." not in page  # newest first
    assert "Página 2 de 2" in page


def test_an_author_counts_their_own_held_comment(app, client, people, login_as,
                                               make_consultation):
    consultation = make_consultation()
    consultation.premoderate_comments = True
    db.session.commit()
    comments.add_comment(people["citizen"], consultation, body="Espera revisión.",
                         stance=Stance.FOR)
    db.session.commit()
    assert consultations.figures(consultation).public_thread_length() == 0
    assert "Espera revisión." not in client.get(f"/consultas/{consultation.id}").get_data(
        as_text=True)
    login_as("citizen")
    page = client.get(f"/consultas/{consultation.id}").get_data(as_text=True)
    assert "Espera revisión." in page
