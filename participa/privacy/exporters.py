"""What Participa holds about one person, table by table (see registry.py). Each exporter is
one query; none returns secrets (password hashes, two-step secrets, recovery code hashes) nor
other people's personal data."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from participa.auth.security_log import SECURITY_ACTIONS
from participa.cases import places
from participa.extensions import db
from participa.models import CasePriorityMark
from participa.models import (AccessLogEntry, ApiClient, AuditEntry, Ballot, Ban, Case, CaseEvent,
                              Comment, Consent, Consultation, Flag, Institution, MailOptOut,
                              Membership, ModerationItem, ModerationNotice,
                              Notification, Proposal, ProposalAnswer, ProposalSupport, Question,
                              RecoveryCode, Support, TwoFactorCredential, User, UserSession)
from participa.privacy.registry import exporter


@exporter("users", _l("Profile"))
def _profile(user):
    return [{"name": user.name, "display_name": user.display_name, "email": user.email,
             "cedula": user.cedula, "language": user.locale,
             "global_role": user.global_role, "created_at": user.created_at,
             "last_sign_in_at": user.last_login_at}]


@exporter("memberships", _l("Roles in institutions"))
def _memberships(user):
    rows = db.session.execute(
        select(Institution.acronym, Institution.name, Membership.role)
        .join(Membership, Membership.institution_id == Institution.id)
        .where(Membership.user_id == user.id).order_by(Institution.acronym))
    return [{"institution": f"{acronym} — {name}", "role": role} for acronym, name, role in rows]


@exporter("consents", _l("Consents to the privacy notice"))
def _consents(user):
    rows = db.session.execute(
        select(Consent.purpose, Consent.version, Consent.at, Case.code)
        .outerjoin(Case, Case.id == Consent.case_id)
        .where(Consent.user_id == user.id).order_by(Consent.at, Consent.id))
    return [{"purpose": purpose, "notice_version": version, "at": at, "case": code}
            for purpose, version, at, code in rows]


@exporter("consultation_comments", _l("Comments on consultations and proposals"))
def _comments(user):
    rows = db.session.execute(
        select(Comment, Consultation.title, Proposal.title)
        .outerjoin(Consultation, Consultation.id == Comment.consultation_id)
        .outerjoin(Proposal, Proposal.id == Comment.proposal_id)
        .where(Comment.author_id == user.id).order_by(Comment.created_at, Comment.id))
    return [{"consultation": consultation, "proposal": proposal, "comment_id": c.id,
             "reply_to": c.parent_id, "stance": c.stance, "text": c.body_text,
             "created_at": c.created_at, "edited_at": c.edited_at, "deleted_at": c.deleted_at}
            for c, consultation, proposal in rows]


@exporter("consultation_supports", _l("Comments you support"))
def _comment_supports(user):
    rows = db.session.execute(
        select(Support.comment_id, Support.created_at)
        .where(Support.user_id == user.id).order_by(Support.created_at))
    return [{"comment_id": comment_id, "at": at} for comment_id, at in rows]


@exporter("consultations", _l("Consultations you published"))
def _consultations(user):
    rows = db.session.execute(select(Consultation.id, Consultation.title)
                              .where(Consultation.created_by_id == user.id)
                              .order_by(Consultation.id))
    return [{"consultation_id": id_, "title": title} for id_, title in rows]


@exporter("notifications", _l("Notices"))
def _notifications(user):
    rows = db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.id))
    return [{"kind": n.kind, "consultation_id": n.consultation_id, "comment_id": n.comment_id,
             "read_at": n.read_at} for n in rows]


@exporter("mail_opt_outs", _l("Email preferences"))
def _mail_opt_outs(user):
    from participa.mail_preferences import MailKind

    row = db.session.get(MailOptOut, user.id)
    if row is None:
        return []
    return [{"mail_kind": kind, "mail": "off", "stopped_since": row.created_at}
            for kind in MailKind if getattr(row, kind.value)]


@exporter("proposals", _l("Proposals"))
def _proposals(user):
    rows = db.session.scalars(select(Proposal).where(Proposal.author_id == user.id)
                              .order_by(Proposal.created_at, Proposal.id))
    return [{"proposal_id": p.id, "title": p.title, "summary": p.summary, "text": p.body,
             "topic": p.topic, "state": p.state, "created_at": p.created_at,
             "published_at": p.published_at, "withdrawn_at": p.withdrawn_at} for p in rows]


@exporter("proposal_supports", _l("Proposals you support"))
def _proposal_supports(user):
    rows = db.session.execute(
        select(Proposal.id, Proposal.title, ProposalSupport.created_at).join(ProposalSupport)
        .where(ProposalSupport.user_id == user.id).order_by(ProposalSupport.created_at))
    return [{"proposal_id": id_, "title": title, "at": at} for id_, title, at in rows]


@exporter("proposal_answers", _l("Answers you gave to proposals"))
def _proposal_answers(user):
    rows = db.session.scalars(select(ProposalAnswer).where(ProposalAnswer.answered_by_id == user.id)
                              .order_by(ProposalAnswer.answered_at))
    return [{"proposal_id": a.proposal_id, "outcome": a.outcome, "text": a.text,
             "answered_at": a.answered_at} for a in rows]


def _place_name(code):
    place = places.get(code)
    return place.name if place else None


@exporter("cases", _l("Cases"))
def _cases(user):
    rows = db.session.execute(
        select(Case, Institution.acronym).join(Institution, Institution.id == Case.institution_id)
        .where(or_(Case.citizen_id == user.id, Case.assignee_id == user.id))
        .order_by(Case.created_at, Case.id))
    out = []
    for case, acronym in rows:
        if case.citizen_id == user.id:
            out.append({"relation": "filed", "code": case.code, "institution": acronym,
                        "type": case.type, "subject": case.subject,
                        "description": case.description, "state": case.state,
                        "contact_email": case.contact_email, "province": case.province,
                        "canton": case.canton, "place_code": case.place_code,
                        "place": _place_name(case.place_code), "latitude": case.latitude,
                        "longitude": case.longitude, "rating": case.rating,
                        "rating_comment": case.rating_comment, "created_at": case.created_at,
                        "priority": case.priority, "priority_group": case.priority_group,
                        "priority_other": case.priority_other,
                        "priority_consent": case.priority_consent,
                        "priority_consent_at": case.priority_consent_at,
                        "channel": case.channel})
        else:
            out.append({"relation": "assigned", "code": case.code, "institution": acronym,
                        "state": case.state})
    return out


@exporter("case_priority_marks", _l("Priority attention of cases"))
def _case_priority_marks(user):
    """Marks on the person's own cases (without the official's name) and marks they made."""
    rows = db.session.execute(
        select(Case.code, CasePriorityMark.at, CasePriorityMark.marked, CasePriorityMark.consent,
               CasePriorityMark.actor_id).join(Case, Case.id == CasePriorityMark.case_id)
        .where(or_(Case.citizen_id == user.id, CasePriorityMark.actor_id == user.id))
        .order_by(CasePriorityMark.at, CasePriorityMark.id))
    return [{"case": code, "at": at, "marked": marked, "consent": consent,
             "yours": actor_id == user.id} for code, at, marked, consent, actor_id in rows]


@exporter("case_events", _l("Steps you took on cases"))
def _case_events(user):
    rows = db.session.execute(
        select(Case.code, CaseEvent.kind, CaseEvent.at, CaseEvent.note).join(Case)
        .where(or_(CaseEvent.actor_id == user.id, CaseEvent.assignee_id == user.id))
        .order_by(CaseEvent.at, CaseEvent.id))
    return [{"case": code, "kind": kind, "at": at, "note": note}
            for code, kind, at, note in rows]


@exporter("api_clients", _l("API keys you created"))
def _api_clients(user):
    rows = db.session.execute(select(ApiClient.name, ApiClient.key_prefix)
                              .where(ApiClient.created_by_id == user.id))
    return [{"name": name, "key_starts_with": prefix} for name, prefix in rows]


@exporter("user_sessions", _l("Signed-in devices"))
def _sessions(user):
    rows = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)
                              .order_by(UserSession.created_at))
    return [{"since": s.created_at, "last_seen_at": s.last_seen_at, "browser": s.user_agent,
             "network": s.ip_prefix} for s in rows]


@exporter("two_factor_credentials", _l("Two-step verification"))
def _two_factor(user):
    rows = db.session.scalars(select(TwoFactorCredential)
                              .where(TwoFactorCredential.user_id == user.id))
    return [{"enabled": c.is_active, "since": c.confirmed_at} for c in rows]


@exporter("recovery_codes", _l("Recovery codes"))
def _recovery_codes(user):
    rows = db.session.execute(select(RecoveryCode.created_at, RecoveryCode.used_at)
                              .where(RecoveryCode.user_id == user.id))
    return [{"created_at": created, "used_at": used} for created, used in rows]


@exporter("audit_entries", _l("Security log and actions recorded"))
def _audit(user):
    # Entries written before audit.record unwrapped `current_user` name its proxy's type.
    about_me = and_(AuditEntry.target_type.in_(("User", "LocalProxy")),
                    AuditEntry.target_id == user.id)
    rows = db.session.execute(
        select(AuditEntry.action, AuditEntry.at, AuditEntry.target_type, about_me,
               AuditEntry.ip)
        .where(or_(AuditEntry.actor_id == user.id,
                   and_(about_me, AuditEntry.action.in_(SECURITY_ACTIONS))))
        .order_by(AuditEntry.at, AuditEntry.id))
    return [{"action": action, "at": at, "about": "you" if mine else target_type,
             "ip": ip} for action, at, target_type, mine, ip in rows]


@exporter("access_log", _l("Who opened your data"))
def _access_log(user):
    viewer = aliased(User)
    rows = db.session.execute(
        select(AccessLogEntry.at, AccessLogEntry.kind, Case.code, viewer.name,
               Institution.acronym, AccessLogEntry.viewer_id)
        .outerjoin(Case, Case.id == AccessLogEntry.case_id)
        .outerjoin(viewer, viewer.id == AccessLogEntry.viewer_id)
        .outerjoin(Institution, Institution.id == AccessLogEntry.institution_id)
        .where(or_(AccessLogEntry.subject_id == user.id, Case.citizen_id == user.id,
                   AccessLogEntry.viewer_id == user.id))
        .order_by(AccessLogEntry.at, AccessLogEntry.id))
    return [{"at": at, "what": kind, "case": code,
             "who": "you" if viewer_id == user.id else name, "institution": acronym}
            for at, kind, code, name, acronym, viewer_id in rows]


@exporter("moderation_items", _l("Moderation of your contributions"))
def _moderation_items(user):
    """Decisions about the person's own content, and the decisions they took as moderator."""
    rows = db.session.scalars(select(ModerationItem).where(or_(
        ModerationItem.author_id == user.id, ModerationItem.hidden_by_id == user.id,
        ModerationItem.decided_by_id == user.id)).order_by(ModerationItem.created_at))
    return [{"item_id": i.id, "kind": i.kind, "comment_id": i.comment_id,
             "proposal_id": i.proposal_id, "yours": i.author_id == user.id,
             "you_decided": user.id in (i.hidden_by_id, i.decided_by_id), "review": i.review,
             "hidden_reason": i.hidden_reason, "hidden_at": i.hidden_at,
             "appeal": i.appeal_text if i.author_id == user.id else "",
             "appealed_at": i.appealed_at if i.author_id == user.id else None}
            for i in rows]


@exporter("moderation_flags", _l("Content you flagged"))
def _moderation_flags(user):
    rows = db.session.scalars(select(Flag).where(Flag.user_id == user.id)
                              .order_by(Flag.created_at))
    return [{"item_id": f.item_id, "reason": f.reason, "details": f.details,
             "at": f.created_at} for f in rows]


@exporter("moderation_bans", _l("Suspensions"))
def _moderation_bans(user):
    """Suspensions of the person, and those they imposed as moderator (without the other
    person's name)."""
    rows = db.session.scalars(select(Ban).where(or_(Ban.user_id == user.id,
                                                    Ban.created_by_id == user.id))
                              .order_by(Ban.created_at))
    return [{"institution_id": b.institution_id, "suspended_you": b.user_id == user.id,
             "you_suspended_someone": b.created_by_id == user.id, "reason": b.reason,
             "until": b.until, "at": b.created_at} for b in rows]


@exporter("moderation_notices", _l("Moderation notices"))
def _moderation_notices(user):
    rows = db.session.scalars(select(ModerationNotice).where(ModerationNotice.user_id == user.id)
                              .order_by(ModerationNotice.created_at))
    return [{"item_id": n.item_id, "kind": n.kind, "reason": n.reason, "read_at": n.read_at,
             "at": n.created_at} for n in rows]


@exporter("ballots", _l("Questions you voted on"))
def _ballots(user):
    """A secret ballot: that the person voted, and when; never how."""
    rows = db.session.execute(
        select(Question.consultation_id, Question.text, Ballot.cast_at, Ballot.changed_at)
        .join(Ballot, Ballot.question_id == Question.id).where(Ballot.user_id == user.id)
        .order_by(Ballot.cast_at))
    return [{"consultation_id": consultation_id, "question": text, "voted_at": cast_at,
             "last_changed_at": changed_at} for consultation_id, text, cast_at, changed_at in rows]


# --- Open government observatory ---------------------------------------------------------

@exporter("data_requests", _l("Requests for open data you made"))
def _data_requests(user):
    from participa.models import DataRequest

    rows = db.session.scalars(select(DataRequest).where(DataRequest.author_id == user.id)
                              .order_by(DataRequest.created_at, DataRequest.id))
    return [{"request_id": r.id, "institution_id": r.institution_id, "title": r.title,
             "description": r.description, "purpose": r.purpose,
             "format_wanted": r.format_wanted, "state": r.state, "at": r.created_at}
            for r in rows]


@exporter("data_request_supports", _l("Requests for open data you support"))
def _data_request_supports(user):
    from participa.models import DataRequest, DataRequestSupport

    rows = db.session.execute(
        select(DataRequest.id, DataRequest.title, DataRequestSupport.created_at)
        .join(DataRequestSupport, DataRequestSupport.request_id == DataRequest.id)
        .where(DataRequestSupport.user_id == user.id).order_by(DataRequestSupport.created_at))
    return [{"request_id": id_, "title": title, "at": at} for id_, title, at in rows]


@exporter("data_request_answers", _l("Answers you gave to requests for open data"))
def _data_request_answers(user):
    from participa.models import DataRequestAnswer

    rows = db.session.scalars(select(DataRequestAnswer)
                              .where(DataRequestAnswer.official_id == user.id)
                              .order_by(DataRequestAnswer.at))
    return [{"request_id": a.request_id, "outcome": a.outcome, "url": a.url,
             "planned_on": a.planned_on, "reason": a.reason, "at": a.at} for a in rows]


@exporter("reuses", _l("Reuses of open data you registered or reviewed"))
def _reuses(user):
    from participa.models import Reuse

    rows = db.session.scalars(select(Reuse).where(or_(Reuse.submitted_by_id == user.id,
                                                      Reuse.reviewed_by_id == user.id))
                              .order_by(Reuse.created_at, Reuse.id))
    return [{"reuse_id": r.id, "title": r.title, "url": r.url, "author_name": r.author_name,
             "you_registered_it": r.submitted_by_id == user.id,
             "you_reviewed_it": r.reviewed_by_id == user.id, "status": r.status,
             "rejection_reason": r.rejection_reason, "at": r.created_at} for r in rows]


@exporter("norm_facts", _l("Norms you recorded for the observatory"))
def _norm_facts(user):
    from participa.models import NormFact

    rows = db.session.scalars(select(NormFact).where(NormFact.created_by_id == user.id)
                              .order_by(NormFact.created_at))
    return [{"kind": f.kind, "title": f.title, "issued_on": f.issued_on, "url": f.url,
             "at": f.created_at} for f in rows]


@exporter("cedula_conflicts", _l("Claims on a cédula waiting for a decision"))
def _cedula_conflicts(user):
    """The person's own claim, and that their cédula is claimed (never by whom)."""
    from participa.models import CedulaConflict

    rows = db.session.scalars(select(CedulaConflict).where(or_(
        CedulaConflict.claimant_id == user.id, CedulaConflict.holder_id == user.id))
        .order_by(CedulaConflict.created_at))
    return [{"you_claimed_a_cedula": c.claimant_id == user.id,
             "your_cedula_is_claimed": c.holder_id == user.id, "at": c.created_at}
            for c in rows]


@exporter("shared_outcomes", _l("Answers you gave to groups of similar comments"))
def _shared_outcomes(user):
    from participa.models import Consultation
    from participa.models.digest import SharedOutcome, SharedOutcomeMember

    rows = db.session.execute(
        select(SharedOutcome, Consultation.title,
               select(func.count()).where(SharedOutcomeMember.shared_outcome_id
                                          == SharedOutcome.id).scalar_subquery())
        .join(Consultation, Consultation.id == SharedOutcome.consultation_id)
        .where(SharedOutcome.decided_by_id == user.id).order_by(SharedOutcome.decided_at))
    return [{"consultation": title, "decision": shared.decision, "reason": shared.reason,
             "comments": count, "at": shared.decided_at} for shared, title, count in rows]


@exporter("assisted_filings", _l("Cases filed for you, or that you filed for others"))
def _assisted_filings(user):
    """The person's own assisted cases (claimed for this account): how and where they were
    filed and the consent given; and, for staff, the cases they filed (without the other
    person's data)."""
    from participa.models import AssistedFiling, Infocentro

    rows = db.session.execute(
        select(AssistedFiling, Case.code, Case.channel, Case.citizen_id, Infocentro.name,
               Infocentro.place_code, Institution.acronym)
        .join(Case, Case.id == AssistedFiling.case_id)
        .outerjoin(Infocentro, Infocentro.id == AssistedFiling.infocentro_id)
        .outerjoin(Institution, Institution.id == AssistedFiling.office_id)
        .where(or_(Case.citizen_id == user.id, AssistedFiling.filed_by_id == user.id))
        .order_by(AssistedFiling.consented_at))
    out = []
    for filing, code, channel, citizen_id, infocentro, place_code, office in rows:
        place = {"infocentro": infocentro, "place_code": place_code, "counter_of": office}
        if citizen_id == user.id:
            out.append({"relation": "filed_for_you", "case": code, "channel": channel, **place,
                        "name": filing.person_name, "phone": filing.phone,
                        "postal_address": filing.postal_address, "reach_by": filing.reach_by,
                        "consent_form": filing.consent_form,
                        "notice_version": filing.notice_version,
                        "consented_at": filing.consented_at, "second_factor": filing.factor,
                        "claimed_at": filing.claimed_at})
        else:
            out.append({"relation": "you_filed", "case": code, "channel": channel, **place,
                        "at": filing.consented_at})
    return out


@exporter("infocentro_staff", _l("Infocentros where you work"))
def _infocentro_staff(user):
    from participa.models import Infocentro, InfocentroStaff

    rows = db.session.execute(
        select(Infocentro.name, Infocentro.place_code, InfocentroStaff.created_at)
        .join(InfocentroStaff).where(InfocentroStaff.user_id == user.id)
        .order_by(InfocentroStaff.created_at))
    return [{"infocentro": name, "place_code": code, "since": at} for name, code, at in rows]


@exporter("case_calls", _l("Calls about cases"))
def _case_calls(user):
    """Calls the person made as staff, and calls made to them about their own cases."""
    from participa.models import CaseCall

    rows = db.session.execute(
        select(CaseCall, Case.code, Case.citizen_id).join(Case, Case.id == CaseCall.case_id)
        .where(or_(CaseCall.caller_id == user.id, Case.citizen_id == user.id))
        .order_by(CaseCall.at))
    return [{"relation": "you_called" if call.caller_id == user.id else "called_you",
             "case": code, "at": call.at, "outcome": call.outcome, "note": call.note}
            for call, code, citizen_id in rows]
