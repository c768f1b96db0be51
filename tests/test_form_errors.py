"""Forms announce their errors: an error summary at the top links to each invalid field;
every invalid field is marked aria-invalid and names its error message with
aria-describedby; static/js/forms.js (loaded by every page) moves the focus to the summary."""
from __future__ import annotations

from html.parser import HTMLParser

from conftest import login, login_with_code
from factories_consultations import make_consultation, uploads_in_tmp  # noqa: F401
from sqlalchemy import select

from participa.extensions import db
from participa.models import Comment, ModerationItem


class Page(HTMLParser):
    """Every element's attributes, by id, and the links of the error summary."""

    def __init__(self, html: str):
        super().__init__()
        self.by_id: dict[str, dict] = {}
        self.invalid: list[dict] = []
        self.summaries: list[dict] = []
        self.summary_links: list[str] = []
        self.scripts: list[str] = []
        self._summary_depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {"tag": tag, **{name: value or "" for name, value in attrs}}
        if "id" in attributes:
            assert attributes["id"] not in self.by_id, f"id {attributes['id']} repeats"
            self.by_id[attributes["id"]] = attributes
        if attributes.get("aria-invalid") == "true":
            self.invalid.append(attributes)
        if tag == "script":
            self.scripts.append(attributes.get("src", "inline"))
        if "error-summary" in attributes.get("class", "").split():
            self.summaries.append(attributes)
            self._summary_depth = 1
        elif self._summary_depth:
            if tag not in ("input", "br", "img"):
                self._summary_depth += 1
            if tag == "a":
                self.summary_links.append(attributes["href"])

    def handle_endtag(self, tag):
        if self._summary_depth:
            self._summary_depth -= 1

    def error_text_of(self, element: dict) -> list[str]:
        """The ids named by aria-describedby that are error messages."""
        named = element.get("aria-describedby", "").split()
        for id_ in named:
            assert id_ in self.by_id, f"aria-describedby names a missing element: {id_}"
        return [i for i in named if "error-message" in self.by_id[i].get("class", "")]


def assert_errors_announced(html: str, fields: set[str]) -> Page:
    page = Page(html)
    [summary] = page.summaries
    assert summary.get("role") == "alert" and summary.get("tabindex") == "-1"
    # The summary links to each invalid field, and each of them is marked and described.
    assert {link.lstrip("#") for link in page.summary_links} == fields
    assert {element["id"] for element in page.invalid} == fields
    for element in page.invalid:
        assert page.error_text_of(element), f"{element['id']} names no error message"
    return page


def test_registration_errors_are_tied_to_their_fields(client):
    response = client.post("/cuenta/registro", data={
        "name": "", "email": "no-es-un-correo", "password": "", "confirm": ""})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    page = assert_errors_announced(html, {"name", "email", "password", "confirm"})
    assert "Corrija lo siguiente:" in html
    # The password field keeps its hint and adds its error message.
    described = page.by_id["password"]["aria-describedby"].split()
    assert described == ["password-hint", "password-error"]
    # The script that moves the focus is a file of the site's own: the CSP allows no inline
    # script.
    assert "/static/js/forms.js" in page.scripts
    assert all(src.startswith("/static/js/") for src in page.scripts)
    assert page.by_id["contenido"]["tag"] == "main"


def test_a_page_without_errors_marks_nothing_invalid(client):
    page = Page(client.get("/cuenta/registro").get_data(as_text=True))
    assert not page.summaries and not page.invalid
    assert "aria-describedby" not in page.by_id["name"]
    assert page.by_id["password"]["aria-describedby"] == "password-hint"


def test_a_group_of_choices_is_a_fieldset_marked_invalid(app, people, make_user,
                                                         make_consultation):
    consultation = make_consultation()
    make_user("autor@example.ec", name="Tomás Autor")
    author = app.test_client()
    assert login(author, "autor@example.ec").status_code == 302
    author.post(f"/consultas/{consultation.id}/comentarios",
                data={"body": "Un comentario para marcar.", "stance": "neutral", "section": ""})
    comment = db.session.scalar(select(Comment).order_by(Comment.id.desc()).limit(1))
    flagger = app.test_client()
    assert login(flagger, "ciudadana@example.ec").status_code == 302
    response = flagger.post(
        f"/moderacion/marcar/comentario/{consultation.id}/{comment.id}", data={"details": ""})
    assert response.status_code == 400
    page = assert_errors_announced(response.get_data(as_text=True), {"reason"})
    group = page.by_id["reason"]
    assert group["tag"] == "fieldset"
    assert page.error_text_of(group) == ["reason-error"]
    # Each choice keeps its own label.
    assert page.by_id["reason-0"]["tag"] == "input" and page.by_id["reason-0"]["type"] == "radio"


def test_the_focus_script_is_served(client):
    response = client.get("/static/js/forms.js")
    assert response.status_code == 200
    script = response.get_data(as_text=True)
    assert ".error-summary" in script and "focus()" in script


def test_a_refused_suspension_marks_the_field_at_fault(app, people, make_user,
                                                       make_consultation):
    """One of many forms on the queue page, without a summary: the field the error is about
    is marked invalid and named by the message; what the moderator typed is kept."""
    consultation = make_consultation()
    make_user("autor@example.ec", name="Tomás Autor")
    author = app.test_client()
    assert login(author, "autor@example.ec").status_code == 302
    author.post(f"/consultas/{consultation.id}/comentarios",
                data={"body": "Compre aquí.", "stance": "neutral", "section": ""})
    comment = db.session.scalar(select(Comment).order_by(Comment.id.desc()).limit(1))
    flagger = app.test_client()
    assert login(flagger, "ciudadana@example.ec").status_code == 302
    flagger.post(f"/moderacion/marcar/comentario/{consultation.id}/{comment.id}",
                 data={"reason": "spam"})
    item = db.session.scalar(select(ModerationItem).where(
        ModerationItem.comment_id == comment.id))

    moderator = app.test_client()
    assert login_with_code(moderator, people["moderator_msp"]).status_code == 302
    response = moderator.post(f"/moderacion/MSP/elementos/{item.id}/suspender",
                              data={"days": "999", "reason": "Publicidad repetida."})
    assert response.status_code == 400
    page = Page(response.get_data(as_text=True))
    days, reason = page.by_id[f"ban-days-{item.id}"], page.by_id[f"ban-reason-{item.id}"]
    assert days.get("aria-invalid") == "true" and days["value"] == "999"
    assert page.error_text_of(days) == [f"error-{item.id}"]
    assert "aria-invalid" not in reason
    assert [element["id"] for element in page.invalid] == [f"ban-days-{item.id}"]


def test_a_search_form_sent_by_get_gets_a_summary_too(client):
    response = client.get("/casos/seguir?code=CC-NO-EXISTE")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    page = assert_errors_announced(html, {"code"})
    assert page.by_id["code"]["value"] == "CC-NO-EXISTE"
    assert page.by_id["code"]["aria-describedby"].split() == ["code-hint", "code-error"]
