"""/api/v1/: thin views over participa.api.queries, paginated, cached and documented."""
from __future__ import annotations

from flask import abort, jsonify, render_template
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from participa.api import bp, openapi, paging, queries, serialise
from participa.api.cache import cached
from participa.api.openapi import operation
from participa.extensions import db
from participa.models import Comment, Consultation, Institution, Proposal
from participa.timeutil import utcnow

LIST = ("cursor", "limit")
FILTERED = LIST + ("institution", "since", "until")


@bp.errorhandler(paging.BadRequest)
def bad_request(error: paging.BadRequest):
    return jsonify(error={"code": 400, "message": gettext(
        "The request could not be understood"), "fields": error.fields}), 400


def _consultation_or_404(consultation_id: int):
    row = queries.consultation(consultation_id, utcnow())
    if row is None:
        abort(404)
    return row[0]


@bp.route("/")
@operation("public_api.docs", _l("This documentation, as a web page"), None,
           media_type="text/html")
def docs():
    return render_template("api/docs.html", spec=openapi.document())


@bp.route("/openapi.json")
@operation("public_api.openapi_document", _l("The OpenAPI 3.1 document of this API"), None)
def openapi_document():
    return jsonify(openapi.document())


@bp.route("/institutions")
@operation("public_api.institutions", _l("Active institutions"), "InstitutionPage",
           parameters=LIST)
@cached
def institutions():
    args = paging.list_args(filters=False)
    rows = db.session.scalars(paging.keyset(queries.institutions(), Institution.id, args))
    return jsonify(paging.page(list(rows), args, serialise.institution))


@bp.route("/institutions/<acronym>")
@operation("public_api.institution", _l("One institution"), "Institution", not_found=True)
@cached
def institution(acronym: str):
    found = db.session.scalar(queries.institutions().where(
        Institution.acronym == acronym.upper()))
    if found is None:
        abort(404)
    return jsonify(serialise.institution(found))


@bp.route("/consultations")
@operation("public_api.consultations", _l("Consultations once open (drafts never)"),
           "ConsultationPage", parameters=FILTERED,
           description=_l("`since` and `until` filter on the day the consultation opens."))
@cached
def consultations():
    args, now = paging.list_args(), utcnow()
    query = queries.consultations(now).where(
        queries.in_period(Consultation.opens_at, args.since, args.until))
    if args.institution is not None:
        query = query.where(Consultation.institution_id == args.institution.id)
    rows = db.session.execute(paging.keyset(query, Consultation.id, args)).all()
    return jsonify(paging.page(rows, args, lambda row: serialise.consultation(*row, now)))


@bp.route("/consultations/<int:consultation_id>")
@operation("public_api.consultation", _l("One consultation"), "Consultation", not_found=True)
@cached
def consultation(consultation_id: int):
    now = utcnow()
    row = queries.consultation(consultation_id, now)
    if row is None:
        abort(404)
    return jsonify(serialise.consultation(*row, now))


@bp.route("/consultations/<int:consultation_id>/sections")
@operation("public_api.sections", _l("The sections of a consultation's draft"), "SectionList",
           not_found=True)
@cached
def sections(consultation_id: int):
    item = _consultation_or_404(consultation_id)
    published = item.outcome_published_at is not None
    return jsonify({"data": [serialise.section(s, item, published)
                             for s in queries.sections(item.id)]})


@bp.route("/consultations/<int:consultation_id>/comments")
@operation("public_api.comments", _l("Published comments and official replies"),
           "CommentPage", parameters=LIST + ("since", "until"), not_found=True,
           description=_l("Held, hidden and deleted comments never appear. `since` and "
                          "`until` filter on the day the comment was written."))
@cached
def comments(consultation_id: int):
    item = _consultation_or_404(consultation_id)
    args = paging.list_args()
    query = queries.comments(item.id).where(
        queries.in_period(Comment.created_at, args.since, args.until))
    rows = db.session.execute(paging.keyset(query, Comment.id, args)).all()
    published = item.outcome_published_at is not None
    return jsonify(paging.page(rows, args,
                               lambda row: serialise.comment(row, item, published),
                               consultation_id=item.id))


@bp.route("/consultations/<int:consultation_id>/outcome")
@operation("public_api.outcome", _l("The outcome report, once published"), "Outcome",
           not_found=True)
@cached
def outcome(consultation_id: int):
    item = _consultation_or_404(consultation_id)
    if item.outcome_published_at is None:
        abort(404)
    return jsonify({
        "consultation_id": item.id, "published_at": serialise.when(item.outcome_published_at),
        "summary": item.outcome_summary, "adopted_text_url": item.adopted_text_url,
        "sections": [{"number": s["number"], "heading": s["heading"], **s["outcome"]}
                     for s in (serialise.section(s, item, True)
                               for s in queries.sections(item.id))],
        "contributions": queries.outcome_counts(item.id),
    })


@bp.route("/consultations/<int:consultation_id>/questions")
@operation("public_api.questions", _l("Closed questions, with results once public"),
           "QuestionList", not_found=True)
@cached
def questions(consultation_id: int):
    item, now = _consultation_or_404(consultation_id), utcnow()
    found = queries.questions(item.id)
    public = {q.id for q in found if queries.results_are_public(item, q, now)}
    ballots, votes = queries.votes(sorted(public))
    return jsonify({"data": [serialise.question(q, q.id in public, ballots, votes)
                             for q in found]})


@bp.route("/proposals")
@operation("public_api.proposals", _l("Published proposals with their supports and answers"),
           "ProposalPage", parameters=FILTERED,
           description=_l("`since` and `until` filter on the day the proposal was published."))
@cached
def proposals():
    args, now = paging.list_args(), utcnow()
    query = queries.proposals().where(
        queries.in_period(Proposal.published_at, args.since, args.until))
    if args.institution is not None:
        query = query.where(Proposal.institution_id == args.institution.id)
    rows = db.session.execute(paging.keyset(query, Proposal.id, args)).all()
    return jsonify(paging.page(rows, args, lambda row: serialise.proposal(row, now)))


@bp.route("/proposals/<int:proposal_id>")
@operation("public_api.proposal", _l("One proposal"), "Proposal", not_found=True)
@cached
def proposal(proposal_id: int):
    row = db.session.execute(queries.proposals().where(Proposal.id == proposal_id)).first()
    if row is None:
        abort(404)
    return jsonify(serialise.proposal(row, utcnow()))
