"""Questions and ballots: officials write questions on a draft, verified citizens vote while
the consultation is open, and results come from one aggregate query.

Functions take the acting user and loaded objects, raise participa.domain errors and leave
the commit to the request. Casting a ballot is not audited: the vote is secret.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from participa import cedula_voice as voice
from participa.verification import service as verification
from participa.domain import Conflict, DomainError, NotFound
from participa.extensions import db
from participa.figures_cache import forget, remember
from participa.models import (
    Ballot,
    BallotChoice,
    Consultation,
    Level,
    Phase,
    Question,
    QuestionOption,
    User,
)
from participa.models.audit import record
from participa.timeutil import utcnow

MAX_OPTIONS = 20
MAX_QUESTIONS = 30


class BallotRace(Conflict):
    """Another request of the same person stored their ballot first; trying again finds it."""


# --- questions --------------------------------------------------------------------------

def questions_of(consultation: Consultation) -> list[Question]:
    return list(db.session.scalars(
        select(Question).where(Question.consultation_id == consultation.id)
        .options(selectinload(Question.options))
        .order_by(Question.position, Question.id)))


def get_question(consultation: Consultation, question_id: int) -> Question:
    """A question of this consultation (an id from another consultation is not found)."""
    question = db.session.scalar(select(Question).where(
        Question.id == question_id, Question.consultation_id == consultation.id))
    if question is None:
        raise NotFound(_l("This question does not exist."))
    return question


def _parse_options(options_text: str) -> list[str]:
    labels = [line.strip() for line in (options_text or "").splitlines() if line.strip()]
    if len(labels) < 2:
        raise DomainError(_l("Write at least two options, one per line."), field="options")
    if len(labels) > MAX_OPTIONS:
        raise DomainError(_l("A question can have at most %(num)d options.", num=MAX_OPTIONS),
                          field="options")
    if any(len(label) > 300 for label in labels):
        raise DomainError(_l("Each option can have at most 300 characters."), field="options")
    if len({label.casefold() for label in labels}) != len(labels):
        raise DomainError(_l("Two options have the same text."), field="options")
    return labels


def _check_question(text: str, max_choices: int, labels: list[str]) -> None:
    if not (text or "").strip():
        raise DomainError(_l("Write the question."), field="text")
    if len(text.strip()) > 500:
        raise DomainError(_l("The question can have at most 500 characters."), field="text")
    if not 1 <= max_choices <= len(labels):
        raise DomainError(_l("The number of choices allowed must be between 1 and the number "
                             "of options."), field="max_choices")


def _editable(consultation: Consultation, now: datetime) -> None:
    """Questions change only while the consultation is a draft: once open, people vote on
    exactly the question they read."""
    if consultation.phase_at(now) != Phase.DRAFT:
        raise Conflict(_l("Questions can only be changed while the consultation is a draft."))


def _has_ballots(question: Question) -> bool:
    return db.session.scalar(select(Ballot.id).where(Ballot.question_id == question.id)
                             .limit(1)) is not None


def add_question(actor: User, consultation: Consultation, *, text: str, max_choices: int,
                 options_text: str, live_results: bool = False, binding: bool = False,
                 required_level: Level | None = None,
                 now: datetime | None = None) -> Question:
    _editable(consultation, now or utcnow())
    labels = _parse_options(options_text)
    _check_question(text, max_choices, labels)
    verification.check_requirable(required_level)
    position = (db.session.scalar(select(func.max(Question.position)).where(
        Question.consultation_id == consultation.id)) or 0) + 1
    if position > MAX_QUESTIONS:
        raise Conflict(_l("A consultation can have at most %(num)d questions.",
                          num=MAX_QUESTIONS))
    question = Question(consultation_id=consultation.id, position=position, text=text.strip(),
                        max_choices=max_choices, live_results=bool(live_results),
                        binding=bool(binding), required_level=required_level,
                        options=[QuestionOption(position=n, label=label)
                                 for n, label in enumerate(labels, start=1)])
    db.session.add(question)
    db.session.flush()
    record("question.added", actor=actor, institution=consultation.institution, target=question,
           consultation_id=consultation.id)
    return question


def update_question(actor: User, question: Question, *, text: str, max_choices: int,
                    options_text: str, live_results: bool = False, binding: bool = False,
                    required_level: Level | None = None,
                    now: datetime | None = None) -> Question:
    consultation = question.consultation
    _editable(consultation, now or utcnow())
    if _has_ballots(question):
        raise Conflict(_l("This question already has ballots: it can no longer change."))
    labels = _parse_options(options_text)
    _check_question(text, max_choices, labels)
    verification.check_requirable(required_level)
    question.text, question.max_choices = text.strip(), max_choices
    question.live_results = bool(live_results)
    question.binding, question.required_level = bool(binding), required_level
    if labels != [option.label for option in question.options]:
        question.options.clear()
        db.session.flush()
        question.options.extend(QuestionOption(position=n, label=label)
                                for n, label in enumerate(labels, start=1))
    db.session.flush()
    record("question.updated", actor=actor, institution=consultation.institution,
           target=question, consultation_id=consultation.id)
    return question


def remove_question(actor: User, question: Question, now: datetime | None = None) -> None:
    consultation = question.consultation
    _editable(consultation, now or utcnow())
    if _has_ballots(question):
        raise Conflict(_l("This question already has ballots: it can no longer change."))
    record("question.removed", actor=actor, institution=consultation.institution,
           target=question, consultation_id=consultation.id, text=question.text)
    db.session.delete(question)
    db.session.flush()


# --- ballots ----------------------------------------------------------------------------

def cast_ballot(voter: User, question: Question, option_ids: list[int],
                now: datetime | None = None) -> Ballot:
    """Store the voter's choice, or replace it: one ballot row per person and question.

    Two simultaneous first votes of the same person both try to insert; the unique
    constraint keeps one and the other raises BallotRace, after which the caller rolls back
    and calls again (the second call finds the ballot and replaces its choices)."""
    now = now or utcnow()
    level = verification.require_level(voter, question.needed_level)
    phase = question.consultation.phase_at(now)
    if phase == Phase.DRAFT:
        raise Conflict(_l("This consultation is not open yet: votes are not accepted."))
    if phase != Phase.OPEN:
        raise Conflict(_l("This consultation is closed: votes are no longer accepted."))
    chosen = list(dict.fromkeys(option_ids))
    if not chosen:
        raise DomainError(_l("Choose an option."), field="option")
    if len(chosen) > question.max_choices:
        raise DomainError(_l("Choose only one option.") if question.is_single_choice
                          else _l("Choose at most %(num)d options.", num=question.max_choices),
                          field="option")
    valid = {option.id for option in question.options}
    if not set(chosen) <= valid:
        raise DomainError(_l("One of the chosen options does not belong to this question."),
                          field="option")

    # The person's ballot, even one cast from an account they deleted since.
    key = voice.voter_key(voter)
    ballot = db.session.scalar(select(Ballot).where(
        Ballot.question_id == question.id, Ballot.voter_key == key))
    if ballot is None:
        # Built before the flush: once it fails, the session must not be used (rendering a
        # lazy message may read the voter's language) until the caller rolls back.
        race = BallotRace(_l("Your vote was being recorded by another request. "
                             "Please check it and try again."))
        ballot = Ballot(question_id=question.id, user_id=voter.id, voter_key=key, level=level,
                        cast_at=now, changed_at=now)
        db.session.add(ballot)
        try:
            db.session.flush()
        except IntegrityError:
            raise race from None
    else:
        # The UPDATE first: it locks the ballot row (PostgreSQL) or the database (SQLite), so
        # simultaneous changes of mind replace the choices one after the other.
        db.session.execute(update(Ballot).where(Ballot.id == ballot.id)
                           .values(changed_at=now, user_id=voter.id, level=level))
        db.session.execute(delete(BallotChoice).where(BallotChoice.ballot_id == ballot.id))
    db.session.add_all(BallotChoice(ballot_id=ballot.id, option_id=option_id)
                       for option_id in chosen)
    db.session.flush()
    forget(results_key(question.consultation_id))
    return ballot


def my_choices_in(voter, consultation_id: int) -> dict[int, set[int]]:
    """`my_choices` over every question of a consultation, without loading its questions."""
    return _choices_of(voter, Ballot.question_id.in_(
        select(Question.id).where(Question.consultation_id == consultation_id)))


def _choices_of(voter, which_questions) -> dict[int, set[int]]:
    """question id -> the option ids this person chose, for the questions `which_questions`
    (a condition on Ballot.question_id) selects."""
    key = voice.voter_key(voter) if getattr(voter, "is_authenticated", False) else None
    if key is None:
        return {}
    rows = db.session.execute(
        select(Ballot.question_id, BallotChoice.option_id)
        .join(BallotChoice, BallotChoice.ballot_id == Ballot.id)
        .where(Ballot.voter_key == key, which_questions)).all()
    choices: dict[int, set[int]] = {}
    for question_id, option_id in rows:
        choices.setdefault(question_id, set()).add(option_id)
    return choices


def my_choices(voter, questions: list[Question]) -> dict[int, set[int]]:
    """question id -> the option ids this person chose (only their own ballots)."""
    if not questions:
        return {}
    return _choices_of(voter, Ballot.question_id.in_([q.id for q in questions]))


@dataclass
class OptionResult:
    votes: int = 0
    share: float = 0.0  # of the question's ballots, 0..1


@dataclass
class Results:
    ballots: dict[int, int] = field(default_factory=dict)  # question id -> ballots
    options: dict[int, OptionResult] = field(default_factory=dict)  # option id -> result
    # question id -> {level: ballots cast at that level}
    levels: dict[int, dict[Level, int]] = field(default_factory=dict)


RESULTS_COLUMNS = ["question_position", "question", "option_position", "option", "votes",
                   "ballots", "share"]


def results_rows(questions: list[Question], found: Results):
    """One row per option: the question, the option, its votes, its share of the ballots."""
    return ([question.position, question.text, option.position, option.label,
             found.options.get(option.id, OptionResult()).votes,
             found.ballots.get(question.id, 0),
             f"{found.options.get(option.id, OptionResult()).share:.4f}"]
            for question in questions for option in question.options)


def results_csv(questions: list[Question], found: Results) -> str:
    from participa import csv_export

    return csv_export.to_csv(RESULTS_COLUMNS, results_rows(questions, found), bom=True)


def results(questions: list[Question], by_level: bool = False) -> Results:
    """Votes per option and ballots per question, in one aggregate query (and the ballots
    per voter level in a second one when asked)."""
    if not questions:
        return Results()
    ballots_of_question = (select(func.count(Ballot.id))
                           .where(Ballot.question_id == QuestionOption.question_id)
                           .correlate(QuestionOption).scalar_subquery())
    rows = db.session.execute(
        select(QuestionOption.id, QuestionOption.question_id,
               func.count(BallotChoice.ballot_id), ballots_of_question)
        .outerjoin(BallotChoice, BallotChoice.option_id == QuestionOption.id)
        .where(QuestionOption.question_id.in_([q.id for q in questions]))
        .group_by(QuestionOption.id, QuestionOption.question_id)).all()
    found = Results()
    for option_id, question_id, votes, ballots in rows:
        found.ballots[question_id] = ballots
        found.options[option_id] = OptionResult(votes=votes,
                                                share=votes / ballots if ballots else 0.0)
    if by_level:
        found.levels = ballots_by_level(questions)
    return found


RESULTS_CACHE_SECONDS = 60


def results_key(consultation_id: int) -> str:
    return f"consultation:{consultation_id}:ballot-results"


def page_results(consultation_id: int, questions: list[Question]) -> Results:
    """`results(questions, by_level=True)` for the consultation page, kept a minute (a
    national consultation holds a million ballots: counting them on every view would stall
    the page); a vote drops it, so that the voter sees their ballot counted."""
    ids = sorted(q.id for q in questions)
    key = results_key(consultation_id)
    found_ids, found = remember(key, lambda: (ids, results(questions, by_level=True)),
                                seconds=RESULTS_CACHE_SECONDS)
    if found_ids != ids:  # questions added or removed since
        found_ids, found = remember(key, lambda: (ids, results(questions, by_level=True)),
                                    seconds=RESULTS_CACHE_SECONDS, refresh=True)
    return found


def ballots_by_level(questions: list[Question]) -> dict[int, dict[Level, int]]:
    """question id -> {the level its voters had when they voted: ballots}, in one query."""
    levels: dict[int, dict[Level, int]] = {}
    for question_id, level, count in db.session.execute(
            select(Ballot.question_id, Ballot.level, func.count(Ballot.id))
            .where(Ballot.question_id.in_([q.id for q in questions]))
            .group_by(Ballot.question_id, Ballot.level)):
        levels.setdefault(question_id, {})[level] = count
    return levels


# --- verification -----------------------------------------------------------------------

def add_cedula(user: User, raw: str) -> None:
    """Verify an account that was registered without a cédula, so that its holder can vote.

    A cédula belongs to one account only; the unique constraint on users.cedula keeps it so
    when two accounts claim the same number at once. A cédula that another account holds
    opens a claim for a platform administrator to settle (participa.cedula_claims), and the
    caller answers exactly as for a free one: nobody learns here who has an account."""
    from participa import cedula_claims
    from participa.cedula import is_valid_cedula, normalise

    if user.cedula is not None:
        raise Conflict(_l("Your account already has a cédula."))
    if cedula_claims.pending_claim(user) is not None:
        raise Conflict(_l("We are checking the cédula you sent: we will write to you."))
    number = normalise(raw or "")
    if not is_valid_cedula(number):
        raise DomainError(_l("This is not a valid Ecuadorian cédula number."), field="cedula")
    holder = cedula_claims.holder_of(number)
    if holder is not None:
        cedula_claims.open_claim(user, holder)
        return
    # Built before the flush: once it fails the session must not be used until rollback.
    race = Conflict(_l("Your cédula could not be saved just now. Please send it again."),
                    field="cedula")
    user.cedula = number
    try:
        db.session.flush()
    except IntegrityError:
        raise race from None
    voice.take_up(user)
    record("account.cedula_added", actor=user, target=user)
