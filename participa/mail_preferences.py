"""Which non-essential mail a person wants, and the signed links that stop or restart a kind
of mail without signing in (also sent as List-Unsubscribe, RFC 2369 and 8058 one-click).

Essential mail (account security, password reset, the answers the law requires for a case)
has no kind here: it is always sent and says so.
"""
from __future__ import annotations

import enum

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from participa.extensions import db
from participa.models import MailOptOut, User

SALT = "participa-mail-kind"
# The first unsubscribe links (consultation mail only) were signed with this salt.
LEGACY_SALT = "participa-unsubscribe"


class MailKind(enum.Enum):
    CONSULTATIONS = "consultations"
    PROPOSALS = "proposals"
    CASES = "cases"
    MODERATION = "moderation"


KIND_LABELS = {
    MailKind.CONSULTATIONS: _l("Consultations: official answers to your comments and the "
                               "outcomes of consultations you took part in"),
    MailKind.PROPOSALS: _l("Proposals: supports reached, the institution's answer, comments "
                           "on your proposals and official answers to your comments on them"),
    MailKind.CASES: _l("Cases: progress of your cases (answers that the law requires are "
                       "always sent)"),
    MailKind.MODERATION: _l("Moderation: content of yours hidden or restored"),
}

KIND_NAMES = {
    MailKind.CONSULTATIONS: _l("consultations"),
    MailKind.PROPOSALS: _l("proposals"),
    MailKind.CASES: _l("case progress"),
    MailKind.MODERATION: _l("moderation"),
}


def _serializer(salt: str = SALT) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def token_for(user_id: int, kind: MailKind) -> str:
    return _serializer().dumps({"uid": user_id, "kind": kind.value})


def read_token(token: str) -> tuple[User, MailKind] | None:
    """The person and kind a link names; None when the signature or its contents are wrong.
    Links of the first consultation mails (no kind) stop consultation mail."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        try:
            legacy = _serializer(LEGACY_SALT).loads(token)
        except BadSignature:
            return None
        data = {**legacy, "kind": "consultations"} if isinstance(legacy, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    try:
        kind = MailKind(data.get("kind"))
    except ValueError:
        return None
    user = db.session.get(User, data["uid"])
    return (user, kind) if user is not None and user.deleted_at is None else None


def _row(user: User) -> MailOptOut:
    row = db.session.get(MailOptOut, user.id)
    if row is None:
        row = MailOptOut(user_id=user.id, consultations=False, proposals=False, cases=False,
                         moderation=False)
        db.session.add(row)
    return row


def wanted(user: User) -> dict[MailKind, bool]:
    row = db.session.get(MailOptOut, user.id)
    return {kind: not (row is not None and getattr(row, kind.value)) for kind in MailKind}


def wants(user: User, kind: MailKind) -> bool:
    return wanted(user)[kind]


def set_wanted(user: User, kind: MailKind, on: bool) -> None:
    """Start (on) or stop one kind of mail for `user`. The caller commits."""
    setattr(_row(user), kind.value, not on)


def set_all(user: User, choices: dict[MailKind, bool]) -> None:
    for kind, on in choices.items():
        set_wanted(user, kind, on)


def users_not_wanting(user_ids, kind: MailKind):
    """A SELECT of those of `user_ids` who stopped `kind` (for a NOT IN)."""
    return select(MailOptOut.user_id).where(MailOptOut.user_id.in_(user_ids),
                                            getattr(MailOptOut, kind.value).is_(True))


def unsubscribe_link(user: User, kind: MailKind) -> str:
    from participa.mail import external_url

    return external_url("citizen.unsubscribe", token=token_for(user.id, kind))


def list_unsubscribe_headers(user: User, kind: MailKind) -> dict[str, str]:
    """The headers with which a mail program offers its own "unsubscribe" button."""
    return {"List-Unsubscribe": f"<{unsubscribe_link(user, kind)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def send_kind_mail(user: User, kind: MailKind, subject: str, body: str, *,
                   checked: bool = False) -> bool:
    """Queue a non-essential mail to `user` unless they stopped its kind (`checked`: the
    caller already left out those who did): the body ends with the link that stops it, and
    the headers carry that link. True when queued."""
    from flask import render_template

    from participa.mail import send_mail

    if not checked and not wants(user, kind):
        return False
    link = unsubscribe_link(user, kind)
    footer = render_template("citizen/mail_footer.txt", link=link, kind_name=KIND_NAMES[kind])
    send_mail(user.email, subject, body.rstrip("\n") + "\n\n" + footer,
              headers=list_unsubscribe_headers(user, kind))
    return True
