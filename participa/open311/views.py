"""Open311 GeoReport v2 endpoints, in JSON or XML, with the spec's field names and errors.

Privacy: the public request list and lookups carry no description, location or contact of
the citizen (those stay with the citizen and the institution); the citizen follows the case
on the web with the tracking code sent to the email given when filing.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from flask import Response, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participa.cases import notify, service
from participa.cases.businessdays import LOCAL_ZONE
from participa.domain import DomainError
from participa.extensions import db
from participa.models import Case, CaseCategory, CaseType, Institution
from participa.models.cases import OPEN_STATES
from participa.numbers import parse_int
from participa.open311 import bp
from participa.open311.cache import cached_list
from participa.open311.errors import error_response, render
from participa.open311.forms import RequestForm
from participa.open311.keys import client_for_key, within_allowance
from participa.timeutil import utcnow

FORMATS = {"json", "xml"}
DEFAULT_DAYS = 90
MAX_RESULTS = 1000


class ApiError(Exception):
    def __init__(self, code: int, *descriptions: str):
        super().__init__(descriptions)
        self.code, self.descriptions = code, descriptions


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    return error_response(error.code, *error.descriptions)


_render = render


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ApiError(404, "the format must be json or xml")


class _Dates:
    """The local times of one answer's rows in ISO 8601 with their offset, each zone lookup
    done once per UTC hour or due date instead of per row (a list has up to 3 000 of them;
    the zone's offsets change only on whole hours)."""

    def __init__(self) -> None:
        self._offsets: dict[datetime, tuple[timedelta, str]] = {}
        self._deadlines: dict = {}

    def iso(self, moment: datetime | None) -> str | None:
        if moment is None:
            return None
        hour = moment.replace(minute=0, second=0, microsecond=0)
        known = self._offsets.get(hour)
        if known is None:
            local = hour.replace(tzinfo=timezone.utc).astimezone(LOCAL_ZONE)
            offset = local.utcoffset()
            known = self._offsets[hour] = (offset, local.isoformat()[19:])
        return (moment + known[0]).isoformat(timespec="seconds") + known[1]

    def deadline(self, day) -> str:
        known = self._deadlines.get(day)
        if known is None:
            known = self._deadlines[day] = datetime.combine(
                day, time(23, 59, 59), LOCAL_ZONE).isoformat()
        return known


def _service(code: int, name: str, deadline_days: int, institution_name: str,
             acronym: str) -> dict:
    return {
        "service_code": str(code),
        "service_name": name,
        "description": f"{institution_name}: {name} ({deadline_days} business days to answer)",
        "metadata": False,
        "type": "realtime",
        "keywords": acronym,
        "group": acronym,
    }


def _active_services():
    return (select(CaseCategory).join(Institution)
            .where(CaseCategory.active.is_(True), Institution.active.is_(True))
            .options(selectinload(CaseCategory.institution)))


@bp.route("/services.<fmt>")
@cached_list
def services(fmt: str):
    _check_format(fmt)
    # Plain rows, not ORM objects: every active category of every institution is listed.
    rows = db.session.execute(
        select(CaseCategory.id, CaseCategory.name, CaseCategory.deadline_days,
               Institution.name, Institution.acronym)
        .join(Institution, Institution.id == CaseCategory.institution_id)
        .where(CaseCategory.active.is_(True), Institution.active.is_(True))
        .order_by(Institution.acronym, CaseCategory.name)).all()
    return _render([_service(*row) for row in rows], "services", "service")


def _category_or_error(code: str | None) -> CaseCategory:
    number = parse_int(code)
    category = db.session.scalar(_active_services().where(
        CaseCategory.id == number)) if number is not None else None
    if category is None:
        raise ApiError(404, "service_code was not found")
    return category


@bp.route("/services/<code>.<fmt>")
def service_definition(code: str, fmt: str):
    _check_format(fmt)
    category = _category_or_error(code)
    if fmt == "xml":
        return _render([{"service_code": str(category.id), "attributes": None}],
                       "service_definition", "service")
    return jsonify({"service_code": str(category.id), "attributes": []})


def _request(case, names: "_Names", dates: _Dates) -> dict:
    """A request as GeoReport v2 describes it; `case` is a row of `_cases_query`."""
    is_open = case.state in OPEN_STATES
    expected = None
    if case.due_on is not None and is_open:
        expected = dates.deadline(case.due_on)
    return {
        "service_request_id": str(case.id),
        "status": "open" if is_open else "closed",
        "status_notes": case.state.value,
        "service_name": names.categories.get(case.category_id),
        "service_code": str(case.category_id) if case.category_id else None,
        "description": None,
        "agency_responsible": names.institutions[case.institution_id],
        "service_notice": None,
        "requested_datetime": dates.iso(case.created_at),
        "updated_datetime": dates.iso(case.updated_at),
        "expected_datetime": expected,
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def _parse_time(name: str) -> datetime | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(400, f"{name} is not a valid ISO 8601 date and time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL_ZONE)
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _cases_query():
    """Only the columns a request shows (never the citizen's text or contact): up to 1 000
    rows per answer, so plain rows, not ORM objects; names come from `_Names`."""
    return select(Case.id, Case.state, Case.due_on, Case.category_id, Case.institution_id,
                  Case.created_at, Case.updated_at)


class _Names:
    """The names of the categories and institutions of some cases, in two small queries
    (joining them would stop the database from walking the filing-time index)."""

    def __init__(self, cases) -> None:
        self.categories = dict(db.session.execute(
            select(CaseCategory.id, CaseCategory.name).where(
                CaseCategory.id.in_({c.category_id for c in cases if c.category_id}))).all())
        self.institutions = dict(db.session.execute(
            select(Institution.id, Institution.name).where(
                Institution.id.in_({c.institution_id for c in cases}))).all())


def _render_requests(cases) -> Response:
    names, dates = _Names(cases), _Dates()
    return _render([_request(c, names, dates) for c in cases], "service_requests", "request")


@bp.route("/requests.<fmt>", methods=["GET"])
@cached_list
def requests_list(fmt: str):
    _check_format(fmt)
    query = _cases_query()
    ids = request.args.get("service_request_id", "").strip()
    if ids:  # the spec: other parameters are ignored when ids are given
        wanted = [n for n in map(parse_int, ids.split(",")) if n is not None]
        query = query.where(Case.id.in_(wanted))
    else:
        codes = [c for c in request.args.get("service_code", "").split(",") if c.strip()]
        if codes:
            query = query.where(Case.category_id.in_(
                [n for n in map(parse_int, codes) if n is not None] or [-1]))
        start, end = _parse_time("start_date"), _parse_time("end_date")
        if start is None and end is None:
            start = utcnow() - timedelta(days=DEFAULT_DAYS)
        if start is not None:
            query = query.where(Case.created_at >= start)
        if end is not None:
            query = query.where(Case.created_at <= end)
        statuses = {s.strip() for s in request.args.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            raise ApiError(400, "status must be open, closed or both")
        if statuses == {"open"}:
            query = query.where(Case.state.in_(OPEN_STATES))
        elif statuses == {"closed"}:
            query = query.where(Case.state.not_in(OPEN_STATES))
    cases = db.session.execute(query.order_by(Case.created_at.desc()).limit(MAX_RESULTS)).all()
    return _render_requests(cases)


@bp.route("/requests/<request_id>.<fmt>")
def request_detail(request_id: str, fmt: str):
    _check_format(fmt)
    number = parse_int(request_id)
    case = db.session.execute(_cases_query().where(Case.id == number)).first() \
        if number is not None else None
    if case is None:
        raise ApiError(404, "service_request_id was not found")
    return _render_requests([case])


@bp.route("/requests.<fmt>", methods=["POST"])
def create_request(fmt: str):
    _check_format(fmt)
    if "api_key" in request.args:
        # A key in the address ends up in proxy logs and browser histories.
        raise ApiError(400, "api_key must be sent in the request body, not in the address")
    api_client = client_for_key(request.form.get("api_key"))
    if api_client is None:
        raise ApiError(403, "api_key was not provided or is invalid")
    if not within_allowance(api_client):
        raise ApiError(429, "this api_key has sent too many requests: wait before sending more")
    form = RequestForm(request.form)
    if not form.validate():
        raise ApiError(400, *[f"{name}: {message}" for name, messages in form.errors.items()
                              for message in messages])
    category = _category_or_error(form.service_code.data)
    description = form.description.data.strip()
    if form.address_string.data:
        description += f"\n\n{form.address_string.data.strip()}"
    subject = form.description.data.strip().splitlines()[0][:120] or category.name
    try:
        case = service.file_case(
            None, category.institution, category_id=category.id, case_type=CaseType.REPORT,
            subject=subject, description=description, contact_email=form.email.data,
            latitude=form.lat.data, longitude=form.long.data)
    except DomainError as error:
        db.session.rollback()
        raise ApiError(403 if error.status_code == 403 else 400, str(error.message)) from None
    db.session.commit()
    notify.tell_citizen(case, case.events[0])
    return _render([{"service_request_id": str(case.id),
                     "service_notice": f"Tracking code: {case.code}",
                     "account_id": None}], "service_requests", "request", 201)

