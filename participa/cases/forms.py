"""Case forms: each validates its own input; the service enforces the rules."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, EmailField, FloatField, IntegerField,
                     MultipleFileField, RadioField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (Email, InputRequired, Length, NumberRange, Optional,
                                ValidationError)

from participa.cases import places
from participa.cases.priority_forms import PriorityFields
from participa.labels import CASE_STATE_LABELS, CASE_TYPE_LABELS
from participa.models import CaseState, CaseType
from participa.models.cases import DEFAULT_DEADLINE_DAYS
from participa.numbers import coerce_id


def coerce_optional_id(value) -> int | None:
    """`coerce_id` where the empty choice ("choose one") stands for no choice yet."""
    if value in ("", None):
        return None
    return coerce_id(value)


def _check_place(field, digits: int) -> None:
    """A place is a code of the list, of its level (a client may send anything)."""
    if field.data and (len(field.data) != digits or places.get(field.data) is None):
        raise ValidationError(_l("Choose a place from the list."))


def _province_choices():
    return [SelectChoice("", _l("No province"))] + [
        SelectChoice(p.code, p.name) for p in places.provinces()]


def _canton_choices():
    choices = {None: [SelectChoice("", _l("No canton"))]}
    for province, cantons in places.cantons_by_province():
        choices[province.name] = [SelectChoice(c.code, c.name) for c in cantons]
    return choices


def _parish_choices():
    choices = {None: [SelectChoice("", _l("No parish"))]}
    for province, canton, parishes in places.parishes_by_canton():
        choices[f"{canton.name} ({province.name})"] = [
            SelectChoice(p.code, p.name) for p in parishes]
    return choices


class FileCaseForm(PriorityFields, FlaskForm):
    type = SelectField(_l("Type of case"), choices=[
        SelectChoice(t.value, CASE_TYPE_LABELS[t]) for t in CaseType])
    category = SelectField(_l("Category"), coerce=coerce_optional_id, validate_choice=False,
                           validators=[InputRequired(_l("Choose a category."))])
    subject = StringField(_l("Subject"), validators=[
        InputRequired(_l("Write the subject of your case.")), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[
        InputRequired(_l("Describe your case.")), Length(max=10000)],
        description=_l("Say what happened, where and when, and what you ask of the institution."))
    contact_email = EmailField(_l("Email address to follow the case"), validators=[
        Optional(), Email(_l("Enter a valid email address, like nombre@ejemplo.ec.")),
        Length(max=254)],
        description=_l("We send the tracking code and every update to this address."))
    # The place from INEC's list (participa.cases.places), by its DPA code. Without
    # JavaScript every canton is listed under its province and every parish under its
    # canton; static/js/places.js narrows the lists to the province and canton chosen.
    province = SelectField(_l("Province (optional)"), choices=_province_choices,
                           validate_choice=False)
    canton = SelectField(_l("Canton (optional)"), choices=_canton_choices,
                         validate_choice=False)
    parish = SelectField(_l("Parish (optional)"), choices=_parish_choices,
                         validate_choice=False)
    latitude = FloatField(_l("Latitude (optional)"), validators=[
        Optional(), NumberRange(-90, 90, _l("A latitude lies between -90 and 90."))])
    longitude = FloatField(_l("Longitude (optional)"), validators=[
        Optional(), NumberRange(-180, 180, _l("A longitude lies between -180 and 180."))])
    attachments = MultipleFileField(_l("Attachments (optional)"), description=_l(
        "Up to 3 files, PDF, PNG or JPEG, of at most 5 MB each."))

    def validate_province(self, field) -> None:
        _check_place(field, 2)

    def validate_canton(self, field) -> None:
        _check_place(field, 4)
        if field.data and self.province.data and not field.data.startswith(self.province.data):
            raise ValidationError(_l("This canton is not in the province you chose."))

    def validate_parish(self, field) -> None:
        _check_place(field, 6)
        if not field.data:
            return
        if self.canton.data and not field.data.startswith(self.canton.data):
            raise ValidationError(_l("This parish is not in the canton you chose."))
        if self.province.data and not field.data.startswith(self.province.data):
            raise ValidationError(_l("This parish is not in the province you chose."))

    @property
    def place_code(self) -> str | None:
        """The code of the most precise place chosen, or None."""
        return self.parish.data or self.canton.data or self.province.data or None


class TrackForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form

    code = StringField(_l("Tracking code"), validators=[
        InputRequired(_l("Enter the tracking code of your case."))],
        description=_l("It looks like CC-7K2M-Q9XD-4HTP."))


class ReopenForm(FlaskForm):
    note = TextAreaField(_l("Why does the answer not settle your case?"), validators=[
        InputRequired(_l("Say why the answer does not settle your case.")), Length(max=5000)])


class ConfirmForm(FlaskForm):
    rating = RadioField(_l("How good was the answer? (1 poor, 5 excellent)"),
                        coerce=coerce_id,
                        choices=[SelectChoice(n, str(n)) for n in range(1, 6)],
                        validators=[InputRequired(_l("Choose a rating from 1 to 5."))])
    comment = TextAreaField(_l("Comment (optional)"), validators=[Length(max=2000)])


class AssignForm(FlaskForm):
    assignee = SelectField(_l("Assign to"), coerce=coerce_id, validate_choice=False)


class CategoriseForm(FlaskForm):
    category = SelectField(_l("Category"), coerce=coerce_id, validate_choice=False)


class BulkAssignForm(FlaskForm):
    case_ids = SelectMultipleField(_l("Cases"), coerce=coerce_id, validate_choice=False)
    assignee = SelectField(_l("Assign the selected cases to"), coerce=coerce_id,
                           validate_choice=False)


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Internal note"), validators=[
        InputRequired(_l("Write the note.")), Length(max=5000)],
        description=_l("Only the institution sees internal notes, never the citizen."))


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Answer to the citizen"), validators=[
        InputRequired(_l("Write the answer.")), Length(max=10000)])
    reasons = TextAreaField(_l("Reasons"), validators=[
        InputRequired(_l("State the reasons for the answer.")), Length(max=10000)],
        description=_l("The facts and legal grounds of the answer: every petition is owed a "
                       "motivated answer (Constitution, art. 66.23)."))


class RejectForm(FlaskForm):
    reasons = TextAreaField(_l("Why is the case out of scope?"), validators=[
        InputRequired(_l("State why the case is out of scope.")), Length(max=10000)])


class TransferForm(FlaskForm):
    institution = SelectField(_l("Competent institution"), coerce=coerce_id, validate_choice=False)
    reasons = TextAreaField(_l("Why is that institution competent?"), validators=[
        InputRequired(_l("State why the other institution is competent.")),
        Length(max=5000)])


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter form

    estado = SelectField(_l("State"), choices=[SelectChoice("", _l("All states"))] + [
        SelectChoice(s.value, CASE_STATE_LABELS[s]) for s in CaseState], validate_choice=False)
    # The view sets the choices; a value that is none of them is a form error, not a filter.
    categoria = SelectField(_l("Category"))
    asignado = SelectField(_l("Assignee"))
    vencidos = BooleanField(_l("Overdue only"))
    prioritarios = BooleanField(_l("Priority attention only"))
    vence_antes = DateField(_l("Due on or before"), validators=[Optional()])


class CategoryForm(FlaskForm):
    name = StringField(_l("Name"), validators=[
        InputRequired(_l("Enter the category's name.")), Length(max=120)])
    deadline_days = IntegerField(
        _l("Response deadline (business days)"), default=DEFAULT_DEADLINE_DAYS,
        validators=[InputRequired(_l("Enter the deadline in business days.")),
                    NumberRange(1, DEFAULT_DEADLINE_DAYS,
                                _l("The deadline is from 1 to 30 business days "
                                   "(Código Orgánico Administrativo, art. 207)."))])
    active = BooleanField(_l("Active"), default=True)


class SettingsForm(FlaskForm):
    allows_anonymous = BooleanField(_l("Accept cases from people who are not registered "
                                       "(with an email address)"))
    reopen_days = IntegerField(_l("Days the citizen has to reopen a case after the answer"),
                               validators=[InputRequired(_l("Enter a number of days.")),
                                           NumberRange(0, 365, _l("From 0 to 365 days."))])
    offers_data_rights = BooleanField(_l(
        "Take requests under the personal-data law (access, rectification, deletion, "
        "objection, portability, automated decisions)"))


class HolidayForm(FlaskForm):
    day = DateField(_l("Day"), validators=[InputRequired(_l("Enter the day."))])
    name = StringField(_l("Name"), validators=[
        InputRequired(_l("Enter the holiday's name.")), Length(max=120)])


class ApiClientForm(FlaskForm):
    name = StringField(_l("Name of the client application"), validators=[
        InputRequired(_l("Enter the name of the client application.")), Length(max=120)])


class StatisticsForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter form

    desde = DateField(_l("From"), validators=[Optional()])
    hasta = DateField(_l("To"), validators=[Optional()])


class RequestInformationForm(FlaskForm):
    question = TextAreaField(_l("Question for the citizen"), validators=[
        InputRequired(_l("Write the question for the citizen.")), Length(max=5000)],
        description=_l("Say exactly what is missing and why the case needs it."))


class ProvideInformationForm(FlaskForm):
    reply = TextAreaField(_l("Your answer"), validators=[
        InputRequired(_l("Write your answer to the institution's question.")),
        Length(max=10000)])


class UseTemplateForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: it only fills the answer form, it changes nothing

    plantilla = SelectField(_l("Reply template"), coerce=coerce_id, validate_choice=False)


class ReplyTemplateForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        InputRequired(_l("Enter the template's title.")), Length(max=120)],
        description=_l("Officials choose the template by this title."))
    answer = TextAreaField(_l("Answer to the citizen"), validators=[
        InputRequired(_l("Write the answer.")), Length(max=10000)])
    reasons = TextAreaField(_l("Reasons"), validators=[Length(max=10000)],
                            description=_l("Optional: the usual facts and legal grounds; the "
                                           "official completes them for each case."))
