"""Published periods: a closed month, quarter or year is computed once and stored
(participa.models.published), then read from the store; only open periods and custom date
ranges are computed live.

- A calendar period (exactly a month, a quarter or a year) closes when its last local day
  is over. The first read after that computes its report and stores it as revision 1, with
  the methodology version and the time computed (`warm-figures` does the same for the
  periods that just closed).
- Later cases, imports or a new methodology never change a stored revision. An operator's
  recompute (`flask participa recompute-period`) stores the next revision with its reason;
  pages and files read the latest revision, and the methodology page lists the revisions.

Writing the first revision is the one write a read makes; it commits on its own (the
report is the same whoever asks first), inside a savepoint so that two workers publishing
the same period at once store it once.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import case as sql_case
from sqlalchemy import BigInteger, String, and_, cast, func, or_, select, type_coerce
from sqlalchemy.exc import IntegrityError

from participa import scores
from participa.dashboard import queries
from participa.dashboard.statistics import (COUNTS, Figures, Period, counter_of,
                                            month_period, quarter_period, year_period)
from participa.domain import Conflict, DomainError
from participa.extensions import db
from participa.institution_names import guess_article
from participa.figures_cache import remember
from participa.models import Case, CaseCategory, CaseType
from participa.models.published import PublishedFigures
from participa.timeutil import utcnow

KINDS = {"year": year_period, "quarter": quarter_period, "month": month_period}
# The filed month (YYYYMM) below this factor in the key grouping cases by institution and month.
_MONTH_FACTOR = 1_000_000
_TYPE_FACTOR = 100
_CATEGORY_FACTOR = 1_000_000_000


def period_kind(period: Period) -> str | None:
    """"month", "quarter" or "year" when the period is exactly one; None for other ranges."""
    for kind, make in KINDS.items():
        if make(period.first) == period:
            return kind
    return None


def is_closed(period: Period, today: date) -> bool:
    return period.last < today


# --- the payload: plain JSON of the figures, inputs and scores ----------------------------

def _dump_figures(figures: Figures) -> dict:
    data = {name: getattr(figures, name) for name in COUNTS}
    data["first_response_histogram"] = {str(days): count for days, count
                                        in figures.first_response_histogram.items()}
    data["resolution_histogram"] = {str(days): count for days, count
                                    in figures.resolution_histogram.items()}
    return data


def _load_figures(data: dict) -> Figures:
    figures = Figures(**{name: data.get(name, 0) for name in COUNTS})
    for name in ("first_response_histogram", "resolution_histogram"):
        setattr(figures, name, counter_of({int(days): count
                                           for days, count in data.get(name, {}).items()}))
    return figures


def _dump_dataclass(value) -> dict:
    return {item.name: getattr(value, item.name) for item in fields(value)}


def _load_inputs(data: dict) -> scores.ScoreInputs:
    return scores.ScoreInputs(**{item.name: data.get(item.name, 0)
                                 for item in fields(scores.ScoreInputs)})


def _load_scores(data: dict) -> scores.Scores:
    return scores.Scores(**{item.name: data.get(item.name) for item in fields(scores.Scores)})


def _dump_months(months: dict) -> list:
    return [[year, month, f.received, f.answered, f.resolved]
            for (year, month), f in sorted(months.items())]


def _load_months(data: list) -> dict:
    return {(year, month): Figures(received=received, answered=answered, resolved=resolved)
            for year, month, received, answered, resolved in data}


def _institution_key():
    """The institution id as a 64-bit integer, to combine with a second key in one number."""
    return cast(Case.institution_id, BigInteger)


def _dump_breakdown(items: list[tuple]) -> list:
    return [[getattr(key, "value", key), _dump_figures(figures)] for key, figures in items]


def _load_breakdown(data: list, by: str) -> list[tuple]:
    return [(CaseType(key) if by == "type" else key, _load_figures(figures))
            for key, figures in data]


def _breakdowns_by_institution(period: Period, today: date) -> dict[int, dict]:
    """{institution id: {"type": [...], "category": [...]}}, as queries.breakdown gives them
    for one institution, for every institution in two grouped queries."""
    result: dict[int, dict] = defaultdict(lambda: {"type": [], "category": []})
    type_order = {kind.value: number for number, kind in enumerate(CaseType)}
    by_type = queries.counts(period, today, _institution_key() * _TYPE_FACTOR + sql_case(
        type_order, value=type_coerce(Case.type, String)))
    for value, figures in sorted(by_type.items()):
        institution_id, number = divmod(value, _TYPE_FACTOR)
        result[institution_id]["type"].append((list(CaseType)[number], figures))
    by_category = queries.counts(period, today, _institution_key() * _CATEGORY_FACTOR
                                 + func.coalesce(Case.category_id, 0))
    names = dict(db.session.execute(select(CaseCategory.id, CaseCategory.name).where(
        CaseCategory.id.in_({value % _CATEGORY_FACTOR for value in by_category} - {0}))).all())
    for value, figures in by_category.items():
        institution_id, category_id = divmod(value, _CATEGORY_FACTOR)
        result[institution_id]["category"].append((names.get(category_id), figures))
    for entry in result.values():
        entry["category"].sort(key=lambda item: (item[0] is None, (item[0] or "").lower()))
    return result


def _months_by_institution(period: Period, today: date) -> dict[int, dict]:
    """{institution id: {(year, month): Figures}}: the monthly trend of every institution in
    one grouped query, with the same counts as the national trend."""
    key = _institution_key() * _MONTH_FACTOR + Case.filed_month
    result: dict[int, dict] = defaultdict(dict)
    for value, figures in queries.counts(period, today, key).items():
        if value is not None:
            institution_id, month = divmod(value, _MONTH_FACTOR)
            result[institution_id][divmod(month, 100)] = Figures(
                received=figures.received, answered=figures.answered,
                resolved=figures.resolved)
    return result


# --- storing and reading ---------------------------------------------------------------

def _latest_revision(kind: str, first: date) -> int | None:
    return db.session.scalar(
        select(func.max(PublishedFigures.revision))
        .where(PublishedFigures.period_kind == kind, PublishedFigures.period_start == first,
               PublishedFigures.institution_id.is_(None)))


def _rows(kind: str, first: date, revision: int) -> list[PublishedFigures]:
    return list(db.session.scalars(
        select(PublishedFigures)
        .where(PublishedFigures.period_kind == kind, PublishedFigures.period_start == first,
               PublishedFigures.revision == revision)
        .order_by(PublishedFigures.institution_id.is_not(None), PublishedFigures.id)))


def _publish(period: Period, kind: str, today: date, revision: int,
             reason: str | None) -> bool:
    """Compute the period and store it as `revision`; False when another worker stored
    that revision first."""
    report = snapshot(period, today)
    common = dict(period_kind=kind, period_start=period.first, revision=revision,
                  methodology_version=scores.METHODOLOGY_VERSION, computed_at=utcnow(),
                  reason=reason)
    rows = [PublishedFigures(institution_id=None, payload={
        "period": [period.first.isoformat(), period.last.isoformat()],
        "figures": _dump_figures(report.national),
        "inputs": _dump_dataclass(report.national_inputs),
        "scores": _dump_dataclass(report.national_scores),
        "months": _dump_months(report.months),
        "by_type": _dump_breakdown(report.breakdowns[("type", None)])}, **common)]
    for row in report.rows:
        rows.append(PublishedFigures(institution_id=row.institution.id, payload={
            "institution": {"acronym": row.institution.acronym, "name": row.institution.name,
                            "active": row.institution.active},
            "figures": _dump_figures(row.figures),
            "inputs": _dump_dataclass(row.inputs),
            "scores": _dump_dataclass(row.scores),
            "months": _dump_months(report.institution_months[row.institution.id]),
            "by_type": _dump_breakdown(report.breakdowns[("type", row.institution.id)]),
            "by_category": _dump_breakdown(
                report.breakdowns[("category", row.institution.id)])},
            **common))
    try:
        with db.session.begin_nested():
            db.session.add_all(rows)
    except IntegrityError:
        return False
    db.session.commit()
    return True


def snapshot(period: Period, today: date, institution_breakdowns: bool = True):
    """The report computed from the cases as they are now, with what a published one keeps
    besides: every institution's monthly trend and (unless not wanted: a page asks for one
    institution's when it needs it) its breakdowns by type and category."""
    from participa.dashboard import service

    if not institution_breakdowns and period.months() == [(period.first.year,
                                                          period.first.month)]:
        return _snapshot_of_days(period, today)
    report = service.compute(period, today)
    months = _months_by_institution(period, today)
    report.detailed = True
    report.institution_months = {row.institution.id: months.get(row.institution.id, {})
                                 for row in report.rows}
    report.breakdowns = {("type", None): queries.breakdown(period, today, "type")}
    if not institution_breakdowns:
        return report
    breakdowns = _breakdowns_by_institution(period, today)
    for row in report.rows:
        for by in ("type", "category"):
            report.breakdowns[(by, row.institution.id)] = breakdowns[row.institution.id][by]
    return report


def _trend(month: tuple[int, int], figures: Figures) -> dict:
    return {month: Figures(received=figures.received, answered=figures.answered,
                           resolved=figures.resolved)}


def _snapshot_of_days(period: Period, today: date):
    """`snapshot` without institution breakdowns, of days within one month (the open days a
    composed report computes live): the counts by institution and by type, the national
    trend and every institution's come from one grouped pass over those days' cases,
    since all of them were filed in the same month."""
    from participa.dashboard import service

    by_institution, by_type = queries.counts_by_institution_and_type(period, today)
    month = (period.first.year, period.first.month)
    national = queries.national(by_institution)
    report = service.compute(period, today, by_institution=by_institution,
                             months=_trend(month, national) if national.received else {})
    report.detailed = True
    report.institution_months = {
        row.institution.id: (_trend(month, by_institution[row.institution.id])
                             if row.institution.id in by_institution else {})
        for row in report.rows}
    report.breakdowns = {("type", None): [(kind, by_type[kind]) for kind in CaseType
                                          if kind in by_type]}
    return report


def _report(period: Period, rows: list[PublishedFigures]):
    from participa.dashboard import service

    national, institutions = rows[0], rows[1:]
    report_rows = []
    for stored in institutions:
        about = stored.payload["institution"]
        report_rows.append(service.Row(
            queries.InstitutionRow(stored.institution_id, about["acronym"], about["name"],
                                   about["active"], guess_article(about["name"])),
            _load_figures(stored.payload["figures"]), _load_inputs(stored.payload["inputs"]),
            _load_scores(stored.payload["scores"])))
    report = service.Report(
        period, report_rows, _load_figures(national.payload["figures"]),
        _load_inputs(national.payload["inputs"]), _load_scores(national.payload["scores"]),
        _load_months(national.payload["months"]), computed_at=national.computed_at,
        methodology_version=national.methodology_version, revision=national.revision,
        detailed=True)
    report.institution_months = {stored.institution_id: _load_months(stored.payload["months"])
                                 for stored in institutions}
    raw = {("type", None): national.payload["by_type"]}
    for stored in institutions:
        for by in ("type", "category"):
            raw[(by, stored.institution_id)] = stored.payload[f"by_{by}"]
    report.breakdowns = _Breakdowns(raw)
    return report


class _Breakdowns(dict):
    """{(by, institution id or None): breakdown}, each read from its stored form when first
    asked for: a page shows one institution's, and a sum of periods needs only the national
    one, of the thousands of figures a published period keeps."""

    def __getitem__(self, key):
        value = dict.__getitem__(self, key)
        if isinstance(value, list) and value and not isinstance(value[0], tuple):
            value = _load_breakdown(value, key[0])
            dict.__setitem__(self, key, value)
        return value

    def get(self, key, default=None):
        return self[key] if key in self else default

    def items(self):
        return [(key, self[key]) for key in self]

    def values(self):
        return [self[key] for key in self]

    def __reduce__(self):
        return dict, (dict(self.items()),)


def stored_report(period: Period, today: date):
    """The latest published revision of a closed month, quarter or year, published now if it
    never was; None for an open period or a custom range (computed live)."""
    kind = period_kind(period)
    if kind is None or not is_closed(period, today):
        return None
    revision = _latest_revision(kind, period.first)
    if revision is None:
        _publish(period, kind, today, 1, None)
        revision = _latest_revision(kind, period.first)
    # A stored revision never changes: its report is kept in the process as long as the
    # cache keeps it; not in the shared cache, where pickling the hundred institutions'
    # breakdowns costs more than reading the stored rows again.
    return remember(f"published:{kind}:{period.first}:{revision}",
                    lambda: _report(period, _rows(kind, period.first, revision)),
                    local=True, shared=False)


def stored_breakdowns(parts: list[tuple[str, Period]], revisions: dict, by: str,
                      institution_id: int) -> list[list[tuple]]:
    """One institution's breakdown by `by` in each of the published `parts` ((kind,
    period)), read from its stored rows alone (one small query)."""
    if not parts:
        return []
    wanted = [(kind, part.first, revisions[(kind, part.first)]) for kind, part in parts]
    payloads = {(kind, first, revision): payload for kind, first, revision, payload
                in db.session.execute(
                    select(PublishedFigures.period_kind, PublishedFigures.period_start,
                           PublishedFigures.revision, PublishedFigures.payload)
                    .where(PublishedFigures.institution_id == institution_id,
                           PublishedFigures.period_start.in_({first for _, first, _ in wanted}),
                           PublishedFigures.revision.in_({rev for _, _, rev in wanted})))}
    return [_load_breakdown(payloads[key][f"by_{by}"], by) for key in wanted
            if key in payloads]


def _first_activity() -> date | None:
    """The local day of the first case filed, consultation opened or request for open data
    made (the earliest a published period can have anything in it)."""
    from participa.cases.businessdays import local_date
    from participa.models import Consultation, DataRequest

    firsts = [db.session.scalar(select(func.min(column)))
              for column in (Case.created_at, Consultation.opens_at, DataRequest.created_at)]
    present = [value for value in firsts if value is not None]
    return local_date(min(present)) if present else None


def publish_closed(today: date) -> list[Period]:
    """Publish every closed month, quarter and year that is not yet published (from the
    first activity on, and always the ones that closed last), oldest first: after the first
    run only the periods that just closed. What `warm-figures` and the worker run, so that no
    reader waits for a period to be published, nor for a long range to be computed (a range
    is read from its published months, see participa.dashboard.composed)."""
    first = _first_activity()
    periods = []
    for kind, make in KINDS.items():
        previous = make(make(today).first - timedelta(days=1))
        stored = set(db.session.scalars(
            select(PublishedFigures.period_start).distinct()
            .where(PublishedFigures.period_kind == kind,
                   PublishedFigures.institution_id.is_(None))))
        period = make(min(first, previous.first)) if first else previous
        while period.first <= previous.first:
            if period.first not in stored:
                stored_report(period, today)
                periods.append(period)
            period = make(period.last + timedelta(days=1))
    return periods


def recompute(kind: str, first: date, reason: str, today: date) -> int:
    """Compute a closed period afresh and publish it as its next revision, the earlier ones
    kept; returns the new revision number. A command: it commits."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Give the reason for the recomputation."))
    period = KINDS[kind](first)
    if not is_closed(period, today):
        raise DomainError(_l("The period is still open: its figures are computed on every "
                             "read, there is nothing to recompute."))
    revision = (_latest_revision(kind, period.first) or 0) + 1
    if not _publish(period, kind, today, revision, reason):
        raise Conflict(_l("The period is being recomputed at this moment; try again."))
    return revision


# --- the revisions shown on the methodology page ----------------------------------------

CHANGE_LABELS = {
    "received": _l("Cases received"), "answered": _l("Cases with an answer"),
    "resolved": _l("Cases resolved"), "rejected": _l("Cases rejected"),
    "open": _l("Cases open"), "overdue": _l("Cases overdue"),
    "on_time": _l("First responses on time"), "rated": _l("Ratings"),
}
SCORE_LABELS = {"information": "e-información", "consultation": "e-consulta",
                "decision": "e-decisión", "composite": _l("Composite")}


@dataclass
class Revision:
    period_label: str
    revision: int
    computed_at: datetime
    reason: str
    methodology_version: str
    changes: list[tuple[str, object, object]]  # (label, before, after)


def period_label(kind: str, first: date) -> str:
    if kind == "year":
        return str(first.year)
    if kind == "quarter":
        return str(_l("Quarter %(quarter)d of %(year)d", quarter=(first.month - 1) // 3 + 1,
                      year=first.year))
    return format_date(first, "LLLL y")


def _rounded(share: float | None) -> float | None:
    """A score as the open data gives it: a share from 0 to 1 with four decimals."""
    return None if share is None else round(share, 4)


def _changes(before: PublishedFigures, after: PublishedFigures) -> list[tuple]:
    changes = []
    if before.methodology_version != after.methodology_version:
        changes.append((str(_l("Methodology version")), before.methodology_version,
                        after.methodology_version))
    old, new = before.payload["figures"], after.payload["figures"]
    for name, label in CHANGE_LABELS.items():
        if old.get(name) != new.get(name):
            changes.append((str(label), old.get(name), new.get(name)))
    old, new = before.payload["scores"], after.payload["scores"]
    for name, label in SCORE_LABELS.items():
        if old.get(name) != new.get(name):
            changes.append((str(label), _rounded(old.get(name)), _rounded(new.get(name))))
    return changes


def revisions() -> list[Revision]:
    """Every recomputation of a published period, the latest first, with what it changed in
    the national figures and scores."""
    # Only the periods ever recomputed (a revision past the first) are read with their
    # payloads: every published period's national figures would be hundreds of JSON
    # documents decoded for a page that usually lists none.
    recomputed = db.session.execute(
        select(PublishedFigures.period_kind, PublishedFigures.period_start).distinct()
        .where(PublishedFigures.institution_id.is_(None), PublishedFigures.revision > 1)).all()
    if not recomputed:
        return []
    national = list(db.session.scalars(
        select(PublishedFigures).where(
            PublishedFigures.institution_id.is_(None),
            or_(*(and_(PublishedFigures.period_kind == kind,
                       PublishedFigures.period_start == start) for kind, start in recomputed)))
        .order_by(PublishedFigures.period_kind, PublishedFigures.period_start,
                  PublishedFigures.revision)))
    by_period = {(row.period_kind, row.period_start, row.revision): row for row in national}
    result = []
    for row in national:
        if row.revision == 1:
            continue
        before = by_period.get((row.period_kind, row.period_start, row.revision - 1))
        result.append(Revision(period_label(row.period_kind, row.period_start), row.revision,
                               row.computed_at, row.reason or "", row.methodology_version,
                               _changes(before, row) if before is not None else []))
    return sorted(result, key=lambda item: item.computed_at, reverse=True)
