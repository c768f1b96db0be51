"""The digest's forms: the grouping threshold and a group's shared decision."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from participa.digest.similarity import DEFAULT_THRESHOLD, THRESHOLDS
from participa.labels import DECISION_LABELS
from participa.models import Decision


class ThresholdForm(FlaskForm):
    threshold = SelectField(
        _l("How alike comments must be to be grouped"), coerce=float,
        choices=[SelectChoice(value, _l("%(percent)d %% of their wording in common",
                                        percent=round(value * 100))) for value in THRESHOLDS],
        default=DEFAULT_THRESHOLD)


class GroupDecisionForm(FlaskForm):
    # No default: an official chooses the fate of thousands of comments on purpose.
    decision = RadioField(
        _l("Outcome for every comment in this group"),
        choices=[SelectChoice(d.value, DECISION_LABELS[d]) for d in Decision],
        validators=[InputRequired(_l("Choose the outcome for the whole group."))])
    reason = TextAreaField(_l("Reason, shown with each of these comments"),
                           validators=[Optional(), Length(max=3000)], render_kw={"rows": 4})
