"""The workspace's two lists: today's work (what waits, with its count and the page that
handles it) and the institution's standing pages. Each entry is shown only to those whom its
page lets in, so a count never leads to a refusal."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _

from participa import authz
from participa.cases import priority
from participa.models import Institution
from participa.workspace import counts


@dataclass
class Entry:
    label: str
    url: str
    count: int | None = None
    hint: str = ""
    urgent: bool = False  # a count above zero here is late work


def today_work(user, institution: Institution, today: date) -> list[Entry]:
    acronym, iid = institution.acronym, institution.id
    entries: list[Entry] = []
    if authz.can_handle_cases(user, institution):
        queue = url_for("cases.queue", acronym=acronym)
        soon = counts.due_soon_limit(today)
        entries += [
            Entry(_("Open cases with priority attention"),
                  url_for("cases.queue", acronym=acronym, prioritarios="y"),
                  priority.open_priority_cases(iid),
                  _("People of the priority attention groups (Constitution, art. 35): "
                    "attend them first.")),
            Entry(_("Overdue cases"), url_for("cases.queue", acronym=acronym, vencidos="y"),
                  counts.cases_overdue(iid, today),
                  _("Open cases past their due date: the deadline of the Código Orgánico "
                    "Administrativo has passed."), urgent=True),
            Entry(_("Cases due soon"), url_for("cases.queue", acronym=acronym,
                                               vence_antes=soon.isoformat()),
                  counts.cases_due_soon(iid, today),
                  _("Open cases due by %(date)s.", date=format_date(soon))),
            Entry(_("Cases waiting for the citizen's answer"), queue,
                  counts.cases_awaiting_citizen(iid),
                  _("The term of these cases is suspended until the citizen answers.")),
        ]
    if authz.can_act_for(user, institution):
        entries += [
            Entry(_("Comments awaiting an official answer"), url_for("consultations.manage"),
                  counts.comments_awaiting_answer(iid)),
            Entry(_("Proposals owed an answer"), url_for(
                "proposals.index", institucion=acronym, estado="awaiting_answer"),
                counts.proposals_owed_answer(iid),
                _("They reached the support threshold in time: a public answer is owed."),
                urgent=True),
            Entry(_("Open-data requests to answer"), url_for(
                "observatory.requests_index", institucion=acronym),
                counts.data_requests_pending(iid)),
        ]
    if authz.can_moderate(user, institution):
        entries += [
            Entry(_("Moderation queue"), url_for("moderation.queue", acronym=acronym),
                  counts.moderation_waiting(iid),
                  _("Flagged content and content held for review.")),
            Entry(_("Appeals against moderation"), url_for("moderation.queue", acronym=acronym),
                  counts.appeals_waiting(iid), urgent=True),
        ]
    return entries


def standing_pages(user, institution: Institution) -> list[Entry]:
    acronym, iid = institution.acronym, institution.id
    entries: list[Entry] = []
    if authz.can_act_for(user, institution):
        entries.append(Entry(_("Consultations"), url_for("consultations.manage"),
                             counts.consultations(iid)))
        entries.append(Entry(_("All open cases"), url_for("cases.queue", acronym=acronym),
                             counts.cases_open(iid)))
    if authz.can_manage_members(user, institution):
        entries.append(Entry(_("Members and roles"), url_for("admin.members", acronym=acronym),
                             counts.members(iid)))
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
