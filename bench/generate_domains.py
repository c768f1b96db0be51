"""Generators for consultations, proposals and cases (registered on import)."""
from __future__ import annotations

import random
from datetime import timedelta


from bench.comment_corpus import CommentTexts
from bench.generate import NOW, bulk_insert, generator, scaled
from participa.cases import facts
from participa.models import (
    Ballot,
    BallotChoice,
    Case,
    CaseCategory,
    CaseEvent,
    CaseState,
    Comment,
    Consultation,
    EventKind,
    Proposal,
    ProposalSettings,
    ProposalSupport,
    Question,
    QuestionOption,
    Section,
    TwoFactorCredential,
)

BENCH_TOTP_SECRET = "BENCHBENCHBENCHBENCHBENCHBENCH22"
SECTIONS_PER_CONSULTATION = 5
HISTORY_HOURS = 24 * 365 * 8  # cases filed over eight years


def voter_key(user_id: int) -> str:
    """A stand-in for the keyed hash of a generated citizen's cédula: one per person, as the
    unique constraints on ballots and supports require (64 hex characters, like the real one)."""
    return f"{user_id:064x}"


@generator
def staff_two_step(connection, scale: float, context: dict) -> None:
    """Every role holder must use two-step verification; the bench knows their secret."""
    first_staff = context["citizen_count"] + 1
    role_holders = list(range(first_staff, first_staff + 104 * 5)) + [context["rector_id"]]
    rows = [{"user_id": uid, "secret": BENCH_TOTP_SECRET, "confirmed_at": NOW, "created_at": NOW}
            for uid in role_holders]
    bulk_insert(connection, TwoFactorCredential.__table__, rows)
    context["staff_totp_secret"] = BENCH_TOTP_SECRET


@generator
def consents(connection, scale: float, context: dict) -> None:
    """Everyone agreed to the current privacy notice when they registered."""
    from participa.models import Consent
    from participa.privacy.notice import NOTICE_VERSION

    last_user = context["rector_id"]
    bulk_insert(connection, Consent.__table__, (
        {"user_id": uid, "purpose": "account", "version": NOTICE_VERSION, "at": NOW}
        for uid in range(1, last_user + 1)), last_user)


@generator
def consultations(connection, scale: float, context: dict) -> None:
    rng = random.Random(2)
    count = scaled(100, scale, 3)
    total_comments = scaled(1_000_000, scale, 300)
    busiest_share = scaled(100_000, scale, 100)
    citizens = context["citizen_count"]
    rows, sections = [], []
    for cid in range(1, count + 1):
        open_ = cid <= count * 0.6  # most are open: comments can be posted
        rows.append({
            "id": cid, "institution_id": (cid - 1) % 104 + 1,
            "title": f"Proyecto de reglamento {cid}", "summary": "Resumen del proyecto.",
            "topic": rng.choice(["Salud", "Educación", "Trabajo"]),
            "body_markdown": "", "opens_at": NOW - timedelta(days=30),
            "closes_at": NOW + timedelta(days=365) if open_ else NOW - timedelta(days=3),
            "outcome_summary": "", "adopted_text_url": "", "created_at": NOW - timedelta(days=40),
        })
        for position in range(1, SECTIONS_PER_CONSULTATION + 1):
            sections.append({"id": (cid - 1) * SECTIONS_PER_CONSULTATION + position,
                             "consultation_id": cid, "position": position,
                             "heading": f"Artículo {position}",
                             "body_html": "<p>Texto del artículo.</p>", "outcome_reason": ""})
    bulk_insert(connection, Consultation.__table__, rows)
    bulk_insert(connection, Section.__table__, sections)

    per_other = (total_comments - busiest_share) // max(count - 1, 1)
    stances = ["for", "against", "neutral"]
    texts = CommentTexts()

    def comments():
        comment_id = 0
        for cid in range(1, count + 1):
            n = busiest_share if cid == 1 else per_other
            first_in_consultation = comment_id + 1
            for k in range(n):
                comment_id += 1
                # Every third comment answers the one before it: threads spread over the
                # whole consultation, as they do in life.
                is_reply = k % 3 == 2
                parent = comment_id - 1 if is_reply else None
                # Campaigns are planted in the busiest consultation (the digest's case).
                body_text, body_html = texts.text(comment_id, campaigns=cid == 1)
                yield {
                    "id": comment_id, "consultation_id": cid,
                    "section_id": (cid - 1) * SECTIONS_PER_CONSULTATION + 1 + k % SECTIONS_PER_CONSULTATION
                    if k % 4 else None,
                    "author_id": 1 + (k * 31 + cid) % citizens,
                    "parent_id": parent, "root_id": parent, "depth": 1 if is_reply else 0,
                    "stance": stances[k % 3], "body_text": body_text,
                    "body_html": body_html, "is_official": False,
                    "outcome_reason": "", "created_at": NOW - timedelta(minutes=n - k),
                }

    context.setdefault("rows", {})["comments"] = bulk_insert(
        connection, Comment.__table__, comments(), busiest_share + per_other * (count - 1))
    context["busiest_comments"] = busiest_share
    context["busiest_consultation"] = 1
    context["busiest_section"] = 2
    context["open_consultation"] = 1  # the busiest one is open
    context["consultation_count"] = count


@generator
def proposals(connection, scale: float, context: dict) -> None:
    count = scaled(2_000, scale, 20)
    total_supports = scaled(500_000, scale, 2_000)
    citizens = context["citizen_count"]
    settings = [{"institution_id": i, "support_threshold": 1_000_000, "collection_days": 365,
                 "answer_business_days": 30, "premoderate_proposals": False, "updated_at": NOW}
                for i in range(1, 105)]
    bulk_insert(connection, ProposalSettings.__table__, settings)
    per_proposal = total_supports // count
    # Authors and supporters are citizens above id 1000, so the signed-in bench citizens
    # (ids below) can still support every proposal during the write scenario.
    pool = citizens - 1000
    rows = [{"id": pid, "institution_id": (pid - 1) % 104 + 1, "author_id": 1001 + pid % pool,
             "title": f"Propuesta ciudadana {pid}", "summary": "Resumen de la propuesta.",
             "body": "Texto de la propuesta.", "topic": "health", "state": "open",
             "moderation": "published", "support_threshold": 1_000_000,
             "created_at": NOW - timedelta(days=10), "updated_at": NOW - timedelta(days=10),
             "published_at": NOW - timedelta(days=10), "closes_at": NOW + timedelta(days=300),
             "support_count": min(per_proposal, pool)}
            for pid in range(1, count + 1)]
    bulk_insert(connection, Proposal.__table__, rows)

    def supports():
        for pid in range(1, count + 1):
            for k in range(min(per_proposal, pool)):
                user_id = 1001 + (pid * 997 + k * 7) % pool
                yield {"proposal_id": pid, "user_id": user_id, "voter_key": voter_key(user_id),
                       "created_at": NOW - timedelta(minutes=k)}

    context.setdefault("rows", {})["proposal_supports"] = bulk_insert(
        connection, ProposalSupport.__table__, supports(), count * min(per_proposal, pool))
    context["proposal_ids"] = list(range(1, count + 1))


@generator
def cases(connection, scale: float, context: dict) -> None:
    total = scaled(1_000_000, scale, 1_000)
    citizens = context["citizen_count"]
    categories = []
    for i in range(1, 105):
        for k, name in enumerate(["Atención al usuario", "Trámites", "Denuncias"]):
            categories.append({"id": (i - 1) * 3 + k + 1, "institution_id": i, "name": name,
                               "deadline_days": 30 if k else 15, "active": True,
                               "created_at": NOW})
    bulk_insert(connection, CaseCategory.__table__, categories)
    first_staff = citizens + 1
    types = ["information_request", "complaint", "suggestion", "report", "congratulation"]
    # The busiest institution (1) gets 5 % of the cases; the rest spread evenly.
    busiest = total // 20

    def institution_of(n):
        return 1 if n <= busiest else 2 + (n % 103)

    # state, events after filing: (kind, state_after, hours after filing)
    plans = [
        ("received", []),
        ("assigned", [("assigned", "assigned", 20)]),
        ("answered", [("assigned", "assigned", 20), ("answered", "answered", 200)]),
        ("resolved", [("assigned", "assigned", 10), ("answered", "answered", 150),
                      ("resolved", "resolved", 300)]),
        ("resolved", [("assigned", "assigned", 30), ("answered", "answered", 400),
                      ("resolved", "resolved", 500)]),
        ("closed", [("assigned", "assigned", 5), ("answered", "answered", 90),
                    ("closed", "closed", 600)]),
        ("rejected", [("rejected", "rejected", 48)]),
    ]

    def case_rows():
        for n in range(1, total + 1):
            inst = institution_of(n)
            state, steps = plans[n % len(plans)]
            filed = NOW - timedelta(hours=(n * 37) % HISTORY_HOURS)
            history = [(EventKind.FILED, filed, CaseState.RECEIVED)] + [
                (EventKind(kind), filed + timedelta(hours=h), CaseState(after))
                for kind, after, h in steps]
            assignee = first_staff + (inst - 1) * 5 + (n % 3) if steps else None
            answered = next((filed + timedelta(hours=h) for k, _, h in steps if k == "answered"),
                            None)
            yield {
                "id": n, "code": f"CC-{n:012X}", "institution_id": inst,
                "category_id": (inst - 1) * 3 + 1 + n % 3, "type": types[n % 5],
                "subject": f"Caso {n}", "description": "Descripción del caso.",
                "citizen_id": 1 + (n * 13) % citizens, "state": state,
                "assignee_id": assignee if state != "received" else None,
                "due_on": (filed + timedelta(days=42)).date(),
                "answered_at": answered, "rating": (n % 5) + 1 if state == "resolved" else None,
                "created_at": filed, "updated_at": filed,
                **facts.fold(filed, history, 30 if n % 3 else 15, []),
            }

    def events():
        for n in range(1, total + 1):
            inst = institution_of(n)
            state, steps = plans[n % len(plans)]
            filed = NOW - timedelta(hours=(n * 37) % HISTORY_HOURS)
            actor = first_staff + (inst - 1) * 5
            yield {"case_id": n, "kind": "filed", "at": filed, "actor_id": 1 + (n * 13) % citizens,
                   "state_after": "received", "public": True, "note": "", "reasons": "",
                   "institution_id": inst}
            for kind, after, hours in steps:
                yield {"case_id": n, "kind": kind, "at": filed + timedelta(hours=hours),
                       "actor_id": actor, "state_after": after, "public": True,
                       "note": "Respuesta." if kind == "answered" else "",
                       "reasons": "Motivos." if kind in ("answered", "rejected") else "",
                       "institution_id": inst}

    rows = context.setdefault("rows", {})
    rows["cases"] = bulk_insert(connection, Case.__table__, case_rows(), total)
    rows["case_events"] = bulk_insert(connection, CaseEvent.__table__, events(),
                                      total * 20 // 7)  # 13 events per 7 plans, plus filing
    context["busiest_institution"] = "INST001"
    context["busiest_case_id"] = busiest // 2
    context["filing_institution"] = "INST002"
    context["filing_category"] = 4  # a category of INST002


@generator
def ballots(connection, scale: float, context: dict) -> None:
    """Two questions of three options on every consultation, and 1 000 000 ballots spread
    over them, cast by citizens above id 1000 (the signed-in bench citizens vote during the
    write scenario). The busiest consultation's first question shows live results."""
    consultations = context["consultation_count"]
    total = scaled(1_000_000, scale, 200)
    citizens = context["citizen_count"]
    pool = max(citizens - 1000, 1)
    questions, options = [], []
    for cid in range(1, consultations + 1):
        for position in (1, 2):
            qid = (cid - 1) * 2 + position
            questions.append({"id": qid, "consultation_id": cid, "position": position,
                              "text": f"Pregunta {position} del proyecto {cid}",
                              "max_choices": 1, "live_results": qid == 1,
                              "created_at": NOW - timedelta(days=40)})
            for k in (1, 2, 3):
                options.append({"id": (qid - 1) * 3 + k, "question_id": qid, "position": k,
                                "label": f"Opción {k}"})
    bulk_insert(connection, Question.__table__, questions)
    bulk_insert(connection, QuestionOption.__table__, options)
    per_question = total // len(questions)

    def ballot_rows():
        ballot_id = 0
        for qid in range(1, len(questions) + 1):
            for k in range(min(per_question, pool)):
                ballot_id += 1
                cast = NOW - timedelta(minutes=k)
                user_id = 1001 + (qid * 7919 + k) % pool
                yield {"id": ballot_id, "question_id": qid, "user_id": user_id,
                       "voter_key": voter_key(user_id), "cast_at": cast, "changed_at": cast}

    def choice_rows():
        ballot_id = 0
        for qid in range(1, len(questions) + 1):
            for k in range(min(per_question, pool)):
                ballot_id += 1
                yield {"ballot_id": ballot_id, "option_id": (qid - 1) * 3 + 1 + k % 3}

    rows = context.setdefault("rows", {})
    expected = len(questions) * min(per_question, pool)
    rows["ballots"] = bulk_insert(connection, Ballot.__table__, ballot_rows(), expected)
    rows["ballot_choices"] = bulk_insert(connection, BallotChoice.__table__, choice_rows(),
                                         expected)
    context["ballot_question"] = 1
    context["ballot_options"] = [1, 2, 3]
