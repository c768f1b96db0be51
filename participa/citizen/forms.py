"""Forms of a citizen's own pages."""
from flask_wtf import FlaskForm
from wtforms import BooleanField

from participa.mail_preferences import KIND_LABELS, MailKind


class MailPreferencesForm(FlaskForm):
    consultations = BooleanField(KIND_LABELS[MailKind.CONSULTATIONS])
    proposals = BooleanField(KIND_LABELS[MailKind.PROPOSALS])
    cases = BooleanField(KIND_LABELS[MailKind.CASES])
    moderation = BooleanField(KIND_LABELS[MailKind.MODERATION])

    def choices(self) -> dict[MailKind, bool]:
        return {kind: bool(getattr(self, kind.value).data) for kind in MailKind}

    @classmethod
    def of(cls, wanted: dict[MailKind, bool]) -> "MailPreferencesForm":
        return cls(formdata=None, data={kind.value: on for kind, on in wanted.items()})


class ActionForm(FlaskForm):
    """A button that changes something: the CSRF token is its only field."""

