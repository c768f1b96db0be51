"""The workspace's two lists: today's work (what waits, with its count and the page that
handles it) and the institution's standing pages. Each entry is shown only to those whom its
page lets in, so a count never leads to a refusal."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _

from participa import authz
from participa.cases.businessdays import local_date
from participa.models import Institution
from participa.timeutil import utcnow
from participa.workspace import counts


@dataclass
class Entry:
    label: str
    url: str
    count: int | None = None
    hint: str = ""
    urgent: bool = False  # a count above zero here is late work


class Figures:
    """The page's counts, each group read at most once and only when an entry shows it."""

    def __init__(self, institution: Institution, today: date):
        self.institution_id, self.today = institution.id, today

    @cached_property
    def soon(self) -> date:
        return counts.due_soon_limit(self.today)

    @cached_property
    def cases(self) -> counts.CaseCounts:
        return counts.cached_case_counts(self.institution_id, self.today, self.soon)

    @cached_property
    def comments_awaiting_answer(self) -> int:
        return counts.cached_comments_awaiting_answer(self.institution_id)

    @cached_property
    def others(self) -> counts.OtherCounts:
        return counts.other_counts(self.institution_id)


def today_work(user, institution: Institution, today: date,
               figures: Figures | None = None) -> list[Entry]:
    acronym = institution.acronym
    figures = figures or Figures(institution, today)
    entries: list[Entry] = []
    if authz.can_handle_cases(user, institution):
        queue = url_for("cases.queue", acronym=acronym)
        soon, cases = figures.soon, figures.cases
        entries += [
            Entry(_("Open cases with priority attention"),
                  url_for("cases.queue", acronym=acronym, prioritarios="y"),
                  cases.priority,
                  _("People of the priority attention groups (Constitution, art. 35): "
                    "attend them first.")),
            Entry(_("Overdue cases"), url_for("cases.queue", acronym=acronym, vencidos="y"),
                  cases.overdue,
                  _("Open cases past their due date: the deadline of the Código Orgánico "
                    "Administrativo has passed."), urgent=True),
            Entry(_("Cases due soon"), url_for("cases.queue", acronym=acronym,
                                               vence_antes=soon.isoformat()),
                  cases.due_soon,
                  _("Open cases due by %(date)s.", date=format_date(soon))),
            Entry(_("Cases waiting for the citizen's answer"), queue,
                  cases.awaiting_citizen,
                  _("The term of these cases is suspended until the citizen answers.")),
        ]
    if authz.can_act_for(user, institution):
        entries += [
            Entry(_("Comments awaiting an official answer"), url_for("consultations.manage"),
                  figures.comments_awaiting_answer),
            Entry(_("Proposals owed an answer"), url_for(
                "proposals.index", institucion=acronym, estado="awaiting_answer"),
                figures.others.proposals_owed_answer,
                _("They reached the support threshold in time: a public answer is owed."),
                urgent=True),
            Entry(_("Open-data requests to answer"), url_for(
                "observatory.requests_index", institucion=acronym),
                figures.others.data_requests_pending),
        ]
    if authz.can_moderate(user, institution):
        entries += [
            Entry(_("Moderation queue"), url_for("moderation.queue", acronym=acronym),
                  figures.others.moderation_waiting,
                  _("Flagged content and content held for review.")),
            Entry(_("Appeals against moderation"), url_for("moderation.queue", acronym=acronym),
                  figures.others.appeals_waiting, urgent=True),
        ]
    return entries


def standing_pages(user, institution: Institution, today: date | None = None,
                   figures: Figures | None = None) -> list[Entry]:
    acronym = institution.acronym
    figures = figures or Figures(institution, today or local_date(utcnow()))
    entries: list[Entry] = []
    if authz.can_act_for(user, institution):
        entries.append(Entry(_("Consultations"), url_for("consultations.manage"),
                             figures.others.consultations))
        entries.append(Entry(_("All open cases"), url_for("cases.queue", acronym=acronym),
                             figures.cases.open))
    if authz.can_manage_members(user, institution):
        entries.append(Entry(_("Members and roles"), url_for("admin.members", acronym=acronym),
                             figures.others.members))
        entries.append(Entry(_("Case categories and deadlines"),
                             url_for("cases.category_list", acronym=acronym)))
        entries.append(Entry(_("Reply templates"),
                             url_for("cases.reply_templates", acronym=acronym)))
    if authz.can_configure_proposals(user, institution):
        entries.append(Entry(_("Proposal settings"),
                             url_for("proposals.settings", acronym=acronym)))
    if authz.can_configure_moderation(user, institution):
        entries.append(Entry(_("Moderation settings"),
                             url_for("moderation.settings", acronym=acronym)))
    if authz.can_view_institution_statistics(user, institution):
        entries.append(Entry(_("Reports: figures and scores"),
                             url_for("dashboard.own_institution", acronym=acronym)))
    if authz.can_read_audit_log(user, institution):
        entries.append(Entry(_("Audit log"), url_for("admin.institution_audit", acronym=acronym)))
    return entries


def has_several_workspaces(user) -> bool:
    """Whether to offer the way back to the list of institutions: from the memberships
    loaded with the person (no query), as authz.workspace_institutions would count them."""
    if authz.is_platform_admin(user):
        return len(authz.workspace_institutions(user)) > 1
    return len({membership.institution_id for membership in user.memberships}) > 1
