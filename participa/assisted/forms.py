"""Forms of assisted filing: each validates its own input; the service enforces the rules."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional

from participa.assisted.labels import (CALL_OUTCOME_LABELS, CHANNEL_LABELS,
                                       CONSENT_FORM_LABELS, REACH_BY_LABELS)
from participa.cases import places
from participa.cases.forms import coerce_optional_id
from participa.cases.priority_forms import PriorityFields
from participa.labels import CASE_TYPE_LABELS
from participa.models import CaseType, Channel, PriorityConsent
from participa.models.assisted import ASSISTED_CHANNELS


class AssistedCaseForm(PriorityFields, FlaskForm):
    # "i:<id>" an Infocentro, "o:<id>" an institution's counter: the view offers only the
    # acting person's own, and the service checks them again.
    desk = SelectField(_l("Where you are filing from"), validate_choice=True)
    channel = SelectField(_l("How the case reached you"), choices=[
        SelectChoice(c.value, CHANNEL_LABELS[c]) for c in ASSISTED_CHANNELS])
    person_name = StringField(_l("Name of the person"), validators=[
        InputRequired(_l("Enter the person's name.")), Length(max=120)])
    reach_by = RadioField(_l("How the person will be told of the answer"), choices=[
        SelectChoice(r.value, label) for r, label in REACH_BY_LABELS.items()],
        validators=[InputRequired(_l("Choose how the person will be told."))])
    phone = StringField(_l("Phone number"), validators=[Optional(), Length(max=30)])
    postal_address = StringField(_l("Postal address"), validators=[Optional(), Length(max=300)])
    email = EmailField(_l("Email address"), validators=[
        Optional(), Email(_l("Enter a valid email address, like nombre@ejemplo.ec.")),
        Length(max=254)], description=_l("If the person has one: the receipt and every "
                                         "update are sent to it."))
    cedula_last4 = StringField(_l("Last four digits of the cédula (optional)"), validators=[
        Optional(), Length(min=4, max=4, message=_l("Enter exactly four digits."))],
        description=_l("The person follows the case with these digits; leave it empty to "
                       "print a PIN on the receipt instead."))
    type = SelectField(_l("Type of case"), choices=[
        SelectChoice(t.value, CASE_TYPE_LABELS[t]) for t in CaseType])
    category = SelectField(_l("Category"), coerce=coerce_optional_id, validate_choice=False,
                           validators=[InputRequired(_l("Choose a category."))])
    subject = StringField(_l("Subject"), validators=[
        InputRequired(_l("Write the subject of the case.")), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[
        InputRequired(_l("Describe the case.")), Length(max=10000)],
        description=_l("In the person's words: what happened, where and when, and what they "
                       "ask of the institution."))
    consent_form = RadioField(_l("How the person consented"), choices=[
        SelectChoice(c.value, label) for c, label in CONSENT_FORM_LABELS.items()],
        validators=[Optional()])
    consent = BooleanField(_l("The person consents to the processing of their data for this "
                              "case"))

    @property
    def channel_value(self) -> Channel:
        return Channel(self.channel.data)

    def assisted_priority_request(self):
        """The person's request for priority attention, its consent given as the channel
        allows: on the phone, in a letter, or in person at a counter or an Infocentro."""
        how = {Channel.PHONE: PriorityConsent.PHONE, Channel.LETTER: PriorityConsent.WRITTEN
               }.get(self.channel_value, PriorityConsent.IN_PERSON)
        return self.priority_request(how)


class FollowForm(FlaskForm):
    code = StringField(_l("Tracking code"), validators=[
        InputRequired(_l("Enter the tracking code of your case."))],
        description=_l("It looks like CC-7K2M-Q9XD-4HTP."))
    factor = StringField(_l("PIN or last four digits of the cédula"), validators=[
        InputRequired(_l("Enter the PIN on your receipt, or the last four digits of your "
                         "cédula.")), Length(max=10)])


class CallForm(FlaskForm):
    outcome = RadioField(_l("Outcome of the call"), choices=[
        SelectChoice(o.value, label) for o, label in CALL_OUTCOME_LABELS.items()],
        validators=[InputRequired(_l("Choose the outcome of the call."))])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=1000)])


class PrintLookupForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form

    code = StringField(_l("Tracking code"), validators=[
        InputRequired(_l("Enter the tracking code of the case."))])


def _parish_choices():
    return [SelectChoice("", _l("Choose a parish"))] + [
        SelectChoice(p.code, f"{p.name} ({canton.name}, {province.name})")
        for province, canton, parishes in places.parishes_by_canton() for p in parishes]


class InfocentroForm(FlaskForm):
    name = StringField(_l("Name of the Infocentro"), validators=[
        InputRequired(_l("Enter the Infocentro's name.")), Length(max=160)])
    place_code = SelectField(_l("Parish"), choices=_parish_choices, validate_choice=False,
                             validators=[InputRequired(_l("Choose the parish of the "
                                                          "Infocentro from the list."))])


class StaffForm(FlaskForm):
    email = EmailField(_l("Email address of the person's account"), validators=[
        InputRequired(_l("Enter the email address of the person's account.")),
        Email(_l("Enter a valid email address, like nombre@ejemplo.ec.")), Length(max=254)])
