"""Observatory forms: lengths and required fields here; the services enforce the rules (links,
dates, who may act)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from participa.dashboard.forms import DayField
from participa.models import DataRequestState, NormKind, ReuseKind
from participa.observatory.labels import NORM_KIND_LABELS, REUSE_KIND_LABELS


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _length(maximum: int):
    return Length(max=maximum, message=_l("At most %(max)d characters."))


class ActionForm(FlaskForm):
    """The CSRF token of the one-button forms (support)."""


class RequestForm(FlaskForm):
    institution = SelectField(
        _l("Institution that holds the data"), validate_choice=False,
        validators=[InputRequired(_l("Choose an institution from the list."))])
    title = StringField(_l("Data set you ask for"), filters=[_strip], validators=[
        DataRequired(_l("Name the data set you ask for.")), _length(200)],
        description=_l("For example: “Waiting times for surgery by hospital, monthly”."))
    description = TextAreaField(_l("What the data set should contain"), filters=[_strip],
                                validators=[DataRequired(_l("Describe the data you ask for.")),
                                            _length(5000)])
    purpose = TextAreaField(_l("What the data are for"), filters=[_strip], validators=[
        DataRequired(_l("Say what you would use the data for.")), _length(2000)],
        description=_l("Public, like the whole request. It helps the institution give priority."))
    format_wanted = StringField(_l("Format wanted (optional)"), filters=[_strip],
                                validators=[Optional(), _length(80)],
                                description=_l("For example CSV, JSON or a spreadsheet."))


ANSWER_CHOICES = [
    SelectChoice(DataRequestState.PUBLISHED.value, _l("Published: give the link")),
    SelectChoice(DataRequestState.PLANNED.value, _l("Planned: give the date of publication")),
    SelectChoice(DataRequestState.REFUSED.value, _l("Refused: give the legal reason")),
]


class AnswerForm(FlaskForm):
    outcome = RadioField(_l("Answer"), choices=ANSWER_CHOICES,
                         validators=[InputRequired(_l("Choose the answer."))])
    url = StringField(_l("Link to the published data set"), filters=[_strip],
                      validators=[Optional(), _length(500)],
                      description=_l("Only when published. An address that starts with https://."))
    planned_on = DayField(_l("Planned date of publication"), validators=[Optional()],
                          description=_l("Only when planned. It becomes the date owed."))
    reason = TextAreaField(_l("Legal reason or note"), filters=[_strip],
                           validators=[Optional(), _length(5000)],
                           description=_l("Required when refused: the norm that applies, for "
                                          "example information classified as reserved."))


class ReuseForm(FlaskForm):
    title = StringField(_l("Name of the initiative"), filters=[_strip], validators=[
        DataRequired(_l("Give the initiative's name.")), _length(200)])
    url = StringField(_l("Link to the initiative"), filters=[_strip], validators=[
        DataRequired(_l("Give the initiative's address.")), _length(500)],
        description=_l("An address that starts with http:// or https://."))
    description = TextAreaField(_l("What it does and for whom"), filters=[_strip], validators=[
        DataRequired(_l("Describe the initiative.")), _length(5000)])
    kind = SelectField(_l("Kind of initiative"),
                       choices=[SelectChoice(k.value, REUSE_KIND_LABELS[k]) for k in ReuseKind],
                       validators=[InputRequired(_l("Choose the kind of initiative."))])
    datasets = TextAreaField(_l("Data sets it uses"), filters=[_strip], validators=[
        DataRequired(_l("List at least one data set the initiative uses.")), _length(10000)],
        description=_l("One address per line: Participa's files (/datos/…) or other public "
                       "links."))
    institutions = SelectMultipleField(_l("Institutions whose data it uses"),
                                       validate_choice=False, validators=[
        InputRequired(_l("Choose at least one institution whose data it uses."))],
        description=_l("Hold Ctrl (or ⌘) to choose several."))
    author_name = StringField(_l("Author (person or organisation)"), filters=[_strip],
                              validators=[DataRequired(_l("Give the author's name.")),
                                          _length(200)],
                              description=_l("Shown publicly with the initiative."))


class ReviewForm(FlaskForm):
    decision = RadioField(_l("Review"), choices=[
        SelectChoice("approve", _l("Approve: publish it in the gallery")),
        SelectChoice("reject", _l("Do not approve: give the reason"))],
        validators=[InputRequired(_l("Choose whether to approve it."))])
    reason = TextAreaField(_l("Reason for not approving it"), filters=[_strip],
                           validators=[Optional(), _length(2000)],
                           description=_l("The person who registered it will read it."))


class NormForm(FlaskForm):
    kind = SelectField(_l("Kind of norm"),
                       choices=[SelectChoice(k.value, NORM_KIND_LABELS[k]) for k in NormKind],
                       validators=[InputRequired(_l("Choose the kind of norm."))])
    title = StringField(_l("Name of the norm"), filters=[_strip], validators=[
        DataRequired(_l("Give the norm's name.")), _length(300)])
    issued_on = DayField(_l("Date of issue"), validators=[
        InputRequired(_l("Give the date on which the norm was issued."))])
    url = StringField(_l("Link to the published norm"), filters=[_strip], validators=[
        DataRequired(_l("Give the link to the published norm.")), _length(500)],
        description=_l("An address that starts with http:// or https://, for example the "
                       "Registro Oficial."))
