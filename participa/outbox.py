"""The mail outbox: queueing a mail with the change that caused it, and delivering it.

`send_mail` (participa.mail) adds an OutboxMail row to the caller's session, so the mail
exists if and only if the change is committed. After the commit the worker is asked to
deliver (participa.tasks); the minute sweep delivers whatever that request missed.

Delivery claims rows atomically (pending -> sending, one UPDATE), so two workers never send
the same row; it opens one connection to the relay per batch; a failure leaves the row
pending with an exponential back-off until MAIL_MAX_ATTEMPTS, then failed, shown to platform
administrators (/admin/correo) who may resend it. A sent row keeps its recipient and subject
for MAIL_KEEP_SENT_DAYS, but its body is erased at once: bodies may carry password reset
links and personal data that nobody needs once the relay has them.
"""
from __future__ import annotations

import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, delete, event, func, select, update
from sqlalchemy.orm import Session

from participa.domain import Conflict
from participa.extensions import db
from participa.mail import build_message, open_connection
from participa.models.audit import record
from participa.models.outbox import OutboxMail, OutboxStatus
from participa.request_ids import current_request_id
from participa.timeutil import utcnow

# Longest wait between two attempts, whatever the number of attempts so far.
MAX_BACKOFF = timedelta(hours=6)
# A row claimed longer ago than this was interrupted (the worker died mid-batch).
STALE_CLAIM = timedelta(minutes=30)
BATCH_SIZE = 200
COMMIT_EVERY = 50
# Errors about one message (refused recipient, rejected content): the connection goes on.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                  smtplib.SMTPDataError, smtplib.SMTPNotSupportedError, ValueError)
INTERRUPTED = "Delivery was interrupted; the message may or may not have been sent."

# session.info keys
_QUEUED = "participa.outbox.queued"      # this transaction added mail
_TOUCHED = "participa.outbox.touched"    # ... and changed something else too
_REQUEST = "participa.outbox.request_id" # the request that wrote it, for the worker's logs


# --- Queueing ----------------------------------------------------------------------------

def add_to_outbox(to: str, subject: str, body: str,
                  headers: dict[str, str] | None = None) -> OutboxMail:
    """Add a mail to the current transaction (see participa.mail.send_mail)."""
    mail = OutboxMail(recipient=to, subject=str(subject), body=str(body),
                      headers=dict(headers) if headers else None,
                      status=OutboxStatus.PENDING, attempts=0, next_attempt_at=utcnow())
    session = db.session()
    session.add(mail)
    session.info[_QUEUED] = True
    # Read now: the mail may be committed at the end of the request, once its id is gone.
    session.info.setdefault(_REQUEST, current_request_id())
    return mail


def request_delivery(request_id: str | None = None) -> None:
    """Ask the worker to deliver now; if the queue cannot be reached, the sweep will."""
    try:
        current_app.extensions["participa_tasks"].deliver_outbox(request_id=request_id)
    except Exception:  # noqa: BLE001  the mail is safe in the outbox either way
        current_app.logger.exception("Could not enqueue mail delivery; the sweep will do it")


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(_TOUCHED, None)
    request_id = session.info.pop(_REQUEST, None)
    if session.info.pop(_QUEUED, False) and has_app_context():
        request_delivery(request_id)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(_QUEUED, None)
        session.info.pop(_TOUCHED, None)
        session.info.pop(_REQUEST, None)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    if any(not isinstance(obj, OutboxMail)
           for obj in (*session.new, *session.dirty, *session.deleted)):
        session.info[_TOUCHED] = True


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state) -> None:
    if (state.is_insert or state.is_update or state.is_delete) and \
            state.bind_mapper is not None and state.bind_mapper.class_ is not OutboxMail:
        state.session.info[_TOUCHED] = True


def commit_mail_left_over(exc: BaseException | None) -> None:
    """At the end of a request or command: many views commit their change, then send the
    mail that tells of it. Commit those mails, unless the transaction holds anything else
    (then whoever left it uncommitted meant it to be discarded, mails included)."""
    session = db.session()
    if not session.info.get(_QUEUED):
        return
    only_mail = (exc is None and not session.info.get(_TOUCHED) and not session.dirty
                 and not session.deleted
                 and all(isinstance(obj, OutboxMail) for obj in session.new))
    if only_mail:
        session.commit()
    else:
        current_app.logger.warning("Mail discarded with a transaction that was not committed")
        session.rollback()


def register(app) -> None:
    app.teardown_appcontext(commit_mail_left_over)


# --- Delivery ----------------------------------------------------------------------------

@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)

    @property
    def claimed(self) -> int:
        return len(self.sent) + len(self.retried) + len(self.failed)


def backoff(attempts: int) -> timedelta:
    """Wait before attempt `attempts + 1`: MAIL_RETRY_SECONDS, doubled at each failure."""
    base = current_app.config["MAIL_RETRY_SECONDS"]
    return min(timedelta(seconds=base * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def claim_due(now: datetime, limit: int = BATCH_SIZE) -> list[int]:
    """Move up to `limit` due rows from pending to sending; the ids this run now owns.
    The status test inside the UPDATE makes the claim atomic: a row another run claimed
    in between is not returned here."""
    due = db.session.scalars(
        select(OutboxMail.id)
        .where(OutboxMail.status == OutboxStatus.PENDING, OutboxMail.next_attempt_at <= now)
        .order_by(OutboxMail.next_attempt_at, OutboxMail.id).limit(limit)).all()
    if not due:
        return []
    claimed = db.session.scalars(
        update(OutboxMail)
        .where(OutboxMail.id.in_(due), OutboxMail.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.SENDING, claimed_at=now)
        .returning(OutboxMail.id),
        execution_options={"synchronize_session": False}).all()
    db.session.commit()
    return sorted(claimed)


def _record_sent(ids: list[int], now: datetime) -> None:
    if ids:
        db.session.execute(
            update(OutboxMail)
            .where(OutboxMail.id.in_(ids), OutboxMail.status == OutboxStatus.SENDING)
            .values(status=OutboxStatus.SENT, sent_at=now, body=None, headers=None,
                    last_error=None,
                    claimed_at=None, attempts=OutboxMail.attempts + 1),
            execution_options={"synchronize_session": False})


def _record_failure(row, error: BaseException, now: datetime, report: DeliveryReport) -> None:
    attempts = row.attempts + 1
    values = {"attempts": attempts, "claimed_at": None,
              "last_error": f"{type(error).__name__}: {error}"[:1000]}
    if attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        values["status"] = OutboxStatus.FAILED
        report.failed.append(row.id)
    else:
        values["status"] = OutboxStatus.PENDING
        values["next_attempt_at"] = now + backoff(attempts)
        report.retried.append(row.id)
    db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == row.id, OutboxMail.status == OutboxStatus.SENDING)
        .values(**values),
        execution_options={"synchronize_session": False})


def deliver_pending(now: datetime | None = None, limit: int = BATCH_SIZE) -> DeliveryReport:
    """Deliver one batch of due mail over one connection. Outcomes are saved every
    COMMIT_EVERY messages: should the worker die in between, those rows stay `sending`
    and the sweep shows them as interrupted; none is sent twice."""
    now = now or utcnow()
    report = DeliveryReport()
    ids = claim_due(now, limit)
    if not ids:
        return report
    rows = db.session.execute(
        select(OutboxMail.id, OutboxMail.recipient, OutboxMail.subject, OutboxMail.body,
               OutboxMail.attempts, OutboxMail.headers)
        .where(OutboxMail.id.in_(ids)).order_by(OutboxMail.id)).all()
    delivered: list[int] = []
    failures: list[tuple] = []
    handled = 0

    def save() -> None:
        _record_sent(delivered, now)
        for row, error in failures:
            _record_failure(row, error, now, report)
        db.session.commit()
        report.sent.extend(delivered)
        delivered.clear()
        failures.clear()

    try:
        with open_connection() as deliver:
            for row in rows:
                try:
                    deliver(build_message(row.recipient, row.subject, row.body or "",
                                          row.headers))
                except MESSAGE_ERRORS as error:
                    failures.append((row, error))
                else:
                    delivered.append(row.id)
                handled += 1
                if len(delivered) + len(failures) >= COMMIT_EVERY:
                    save()
    except (OSError, smtplib.SMTPException, RuntimeError) as error:
        # The relay is down or dropped the connection: the rest of the batch waits.
        current_app.logger.warning("Mail relay unavailable: %s", error)
        failures.extend((row, error) for row in rows[handled:])
    save()
    return report


def deliver_all_due(now: datetime | None = None, max_batches: int = 1000) -> DeliveryReport:
    """Deliver batch after batch until nothing is due (a notice to many followers)."""
    total = DeliveryReport()
    for _batch in range(max_batches):
        report = deliver_pending(now)
        total.sent += report.sent
        total.retried += report.retried
        total.failed += report.failed
        if not report.claimed or (report.retried and not report.sent):
            break  # nothing left, or the relay is down: the back-off decides the next try
    return total


def sweep(now: datetime | None = None) -> DeliveryReport:
    """The every-minute job: mark interrupted claims failed (an administrator decides
    whether to resend: they may have been delivered), forget old sent rows, deliver."""
    now = now or utcnow()
    db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.status == OutboxStatus.SENDING,
               OutboxMail.claimed_at < now - STALE_CLAIM)
        .values(status=OutboxStatus.FAILED, last_error=INTERRUPTED, claimed_at=None),
        execution_options={"synchronize_session": False})
    keep = timedelta(days=current_app.config["MAIL_KEEP_SENT_DAYS"])
    db.session.execute(
        delete(OutboxMail).where(OutboxMail.status == OutboxStatus.SENT,
                                 OutboxMail.sent_at < now - keep),
        execution_options={"synchronize_session": False})
    db.session.commit()
    return deliver_all_due(now)


# --- Administration ----------------------------------------------------------------------

ATTENTION = (OutboxStatus.FAILED, OutboxStatus.PENDING, OutboxStatus.SENDING)


def needing_attention(page: int = 1, per_page: int = 50):
    """Failed mail first, then what is still waiting; newest first within each."""
    order = case((OutboxMail.status == OutboxStatus.FAILED, 0), else_=1)
    stmt = (select(OutboxMail).where(OutboxMail.status.in_(ATTENTION))
            .order_by(order, OutboxMail.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def counts_by_status() -> dict[OutboxStatus, int]:
    rows = db.session.execute(
        select(OutboxMail.status, func.count(OutboxMail.id)).group_by(OutboxMail.status)).all()
    counts = dict.fromkeys(OutboxStatus, 0)
    counts.update({status: count for status, count in rows})
    return counts


def resend(actor, mail: OutboxMail, now: datetime | None = None) -> None:
    """Put a failed (or waiting) mail back at the head of the queue, for a new round of
    attempts. The caller commits; the commit asks the worker to deliver."""
    if mail.status not in (OutboxStatus.FAILED, OutboxStatus.PENDING) or mail.body is None:
        raise Conflict(_l("This mail was already sent or is being sent."))
    mail.status = OutboxStatus.PENDING
    mail.attempts = 0
    mail.next_attempt_at = now or utcnow()
    mail.claimed_at = None
    record("mail.resent", actor=actor, target=mail, recipient=mail.recipient)
    db.session().info[_QUEUED] = True
