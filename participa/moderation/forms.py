"""Moderation forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from participa.labels import FLAG_REASON_LABELS
from participa.models import FlagReason


class FlagForm(FlaskForm):
    reason = RadioField(_l("What is wrong with it?"), choices=[
        SelectChoice(r.value, FLAG_REASON_LABELS[r]) for r in FlagReason],
        validators=[InputRequired(_l("Choose a reason."))])
    details = TextAreaField(_l("Explanation"), validators=[
        Optional(), Length(max=500, message=_l("The explanation must have at most %(max)d "
                                               "characters."))],
        description=_l("Required when the reason is “Other”."), render_kw={"rows": 3})


class SettingsForm(FlaskForm):
    flag_threshold = IntegerField(_l("Flags that hide content pending review"), validators=[
        InputRequired(_l("Enter the number of flags.")),
        NumberRange(min=1, max=1000,
                    message=_l("Enter a whole number between %(min)d and %(max)d."))])


class AppealForm(FlaskForm):
    text = TextAreaField(_l("Why should it be restored?"), validators=[
        InputRequired(_l("Explain why the content should be restored.")),
        Length(max=3000)], render_kw={"rows": 4})


class ActionForm(FlaskForm):
    """The CSRF token of the one-button forms."""


class NoteForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])
    days = StringField(_l("Days"))
