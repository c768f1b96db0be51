"""Forms of the information request's own actions: extend the term, refuse with a ground."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from participa.labels import REFUSAL_GROUND_LABELS
from participa.models import RefusalGround
from participa.numbers import coerce_id


def optional_id(value):
    """An id, or None for the empty choice."""
    if value in (None, ""):
        return None
    return coerce_id(value)


class ExtendForm(FlaskForm):
    reason = TextAreaField(_l("Why the institution needs more time"), validators=[
        InputRequired(_l("Tell the requester why the term is extended.")), Length(max=5000)],
        description=_l("The requester sees this reason and receives it by mail."))


class RefuseForm(FlaskForm):
    ground = RadioField(_l("Legal ground of the refusal"), choices=[
        SelectChoice(g.value, REFUSAL_GROUND_LABELS[g]) for g in RefusalGround],
        validators=[InputRequired(_l("Choose the legal ground of the refusal."))])
    classification = SelectField(_l("Classification resolution (for reserved information)"),
                                 coerce=optional_id, validate_choice=False,
                                 validators=[Optional()])
    answer = TextAreaField(_l("Answer to the requester"), validators=[
        InputRequired(_l("Write the answer.")), Length(max=10000)])
    reasons = TextAreaField(_l("Reasons for the refusal"), validators=[
        InputRequired(_l("State the reasons for the refusal.")), Length(max=10000)],
        description=_l("The facts and the legal provisions that support the refusal."))
