"""Long threads page by keyset: following the links shows every published comment exactly
once, in order, ties on the time included, and a page is found from its neighbour, not by
counting every comment before it."""
import html
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import update

from participa.consultations import comments
from participa.extensions import db
from participa.models import Comment, ModerationState, Stance

from factories_consultations import make_consultation, uploads_in_tmp  # noqa: F401 (fixtures)

ROOTS = re.compile(r'<li id="comentario-(\d+)">')
LINK = '<a href="([^"]+)" rel="{}">'


def _thread(people, consultation, count: int = 47) -> list[Comment]:
    made = [comments.add_comment(people["citizen"], consultation, body=f"Comentario {n}.",
                                 stance=Stance.FOR,
                                 section_id=consultation.sections[n % 3].id)
            for n in range(count)]
    db.session.commit()
    base = datetime(2026, 3, 2, 15, 0, 0)
    for n, comment in enumerate(made):
        # Three comments share each second: ties straddle the page boundaries (20, 40).
        db.session.execute(update(Comment).where(Comment.id == comment.id)
                           .values(created_at=base + timedelta(seconds=n // 3)))
    # One held for pre-moderation and one reply: neither is a top-level row of the page.
    made[5].moderation = ModerationState.PENDING
    comments.add_comment(people["citizen"], consultation, body="Una respuesta.",
                         stance=Stance.FOR, parent_id=made[7].id)
    db.session.commit()
    return made


def _walk(client, first: str, rel: str) -> list[list[int]]:
    pages, url = [], first
    while url:
        text = client.get(url).get_data(as_text=True)
        pages.append([int(n) for n in ROOTS.findall(text)])
        link = re.search(LINK.format(rel), text)
        url = html.unescape(link.group(1)) if link else None
        assert len(pages) < 10
    return pages


@pytest.mark.parametrize("sort", ["recientes", "seccion"])
def test_following_the_links_shows_every_published_comment_once_in_order(
        app, client, people, make_consultation, sort):
    consultation = make_consultation()
    made = _thread(people, consultation)
    published = [c for c in made if c.moderation != ModerationState.PENDING]
    if sort == "recientes":
        expected = sorted(published, key=lambda c: (c.created_at, c.id), reverse=True)
    else:
        expected = sorted(published, key=lambda c: (c.section.position if c.section else 0,
                                                    c.created_at, c.id))
    expected_ids = [c.id for c in expected]

    pages = _walk(client, f"/consultas/{consultation.id}?orden={sort}", "next")
    assert [len(page) for page in pages] == [20, 20, 6]
    assert [n for page in pages for n in page] == expected_ids

    # Back from the last page through the "previous" links: the same pages.
    last = client.get(f"/consultas/{consultation.id}?orden={sort}&despues="
                      f"{pages[1][-1]}&pagina=3").get_data(as_text=True)
    assert "Página 3 de 3" in last
    back_url = html.unescape(re.search(LINK.format("prev"), last).group(1))
    assert "antes=" in back_url
    assert _walk(client, back_url, "prev") == [pages[1], pages[0]]


def test_a_cursor_from_another_consultation_shows_the_first_page(app, client, people,
                                                                 make_consultation):
    consultation, other = make_consultation(), make_consultation(title="Otra consulta")
    made = _thread(people, consultation, count=25)
    stranger = comments.add_comment(people["citizen"], other, body="Ajeno.",
                                    stance=Stance.FOR)
    db.session.commit()
    text = client.get(f"/consultas/{consultation.id}?despues={stranger.id}&pagina=9")
    ids = [int(n) for n in ROOTS.findall(text.get_data(as_text=True))]
    assert text.status_code == 200 and len(ids) == 20
    assert ids[0] == max(made, key=lambda c: (c.created_at, c.id)).id
    assert client.get(f"/consultas/{consultation.id}?despues=99999999999999999999"
                      ).status_code == 404
