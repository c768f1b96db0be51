"""/buscar: one search box over everything a person may read."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from participa.extensions import db
from participa.models import Institution, Section
from participa.numbers import page_arg
from participa.search import query as search_query
from participa.search.documents import KINDS

bp = Blueprint("search", __name__)

KIND_LABELS = {
    "consultation": _l("Consultations"),
    "section": _l("Articles of drafts"),
    "comment": _l("Comments"),
    "proposal": _l("Proposals"),
    "case": _l("Cases of my institution"),
}
MAX_QUERY_LENGTH = 200


def _date_arg(name: str, errors: dict) -> date | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = _("Write the date as year-month-day, for example 2026-03-31.")
        return None


def url_of(hit: search_query.Hit, acronyms: dict[int, str], positions: dict[int, int]) -> str:
    """Where a result opens: the item itself, or its place on the consultation's page."""
    if hit.kind == "consultation":
        return url_for("consultations.show", consultation_id=hit.item_id)
    if hit.kind == "section":
        return url_for("consultations.show", consultation_id=hit.consultation_id,
                       _anchor=f"seccion-{positions.get(hit.item_id, 0)}")
    if hit.kind == "comment" and hit.consultation_id is None:  # under a proposal
        return url_for("proposals.comment_link", comment_id=hit.item_id)
    if hit.kind == "comment":
        return url_for("consultations.show", consultation_id=hit.consultation_id,
                       _anchor=f"comentario-{hit.item_id}")
    if hit.kind == "proposal":
        return url_for("proposals.show", proposal_id=hit.item_id)
    return url_for("cases.manage", acronym=acronyms.get(hit.institution_id, "-"),
                   case_id=hit.item_id)


@bp.route("/buscar")
def results():
    args = request.args
    query = args.get("q", "")[:MAX_QUERY_LENGTH]
    errors: dict[str, str] = {}
    since, until = _date_arg("desde", errors), _date_arg("hasta", errors)
    if since and until and since > until:
        errors["hasta"] = _("The end date is before the start date.")
    institutions = list(db.session.scalars(
        select(Institution).where(Institution.active.is_(True)).order_by(Institution.name)))
    chosen = next((i for i in institutions if i.acronym == args.get("institucion", "").upper()),
                  None)
    staff_of = search_query.staff_institution_ids(current_user)
    kinds = [kind for kind in KINDS if kind != "case" or staff_of]
    found = None
    if query.strip() and not errors:
        filters = search_query.Filters(
            kind=args.get("tipo") if args.get("tipo") in kinds else None,
            institution_id=chosen.id if chosen else None, since=since, until=until)
        found = search_query.search(current_user, query, filters, page_arg(),
                                    staff_of=staff_of)
    acronyms = {institution.id: institution.acronym for institution in institutions}
    section_ids = [hit.item_id for hit in (found.hits if found else []) if hit.kind == "section"]
    positions = dict(db.session.execute(
        select(Section.id, Section.position).where(Section.id.in_(section_ids))).all()
    ) if section_ids else {}

    def hit_url(hit: search_query.Hit) -> str:
        return url_of(hit, acronyms, positions)

    status = 400 if errors else 200
    return render_template("search/results.html", query=query, found=found, errors=errors,
                           hit_url=hit_url,
                           institutions=institutions, kinds=kinds, kind_labels=KIND_LABELS,
                           args=args), status
