"""Forms of priority attention (participa.cases.priority): the fields the filing form adds,
an official's mark with the person's consent, and the institution's priority term."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from participa.cases.priority import (CONSENT_LABELS, GROUP_LABELS, OTHER_MAX_LENGTH,
                                      PriorityRequest)
from participa.models import PriorityConsent, PriorityGroup

CONSENT_NOTICE = _l(
    "Which group you belong to may reveal data on your health, disability or situation of "
    "violence: sensitive personal data (Ley Orgánica de Protección de Datos Personales, "
    "art. 26). They are used only to attend your case first and within a shorter term; only "
    "the institution's officials who handle your case see them; they never appear in public "
    "pages or published figures. You may ask for them to be removed at any time.")


def _group_choices():
    return [SelectChoice(group.value, label) for group, label in GROUP_LABELS.items()]


def _group(value) -> PriorityGroup | None:
    try:
        return PriorityGroup(value)
    except ValueError:
        return None


class PriorityFields:
    """The filing form's priority fields (mixed into a FlaskForm)."""

    priority_requested = BooleanField(_l("I ask for priority attention (Constitution of "
                                         "Ecuador, art. 35)"))
    priority_group = RadioField(_l("Group of priority attention"), choices=_group_choices,
                                validate_choice=False, validators=[Optional()])
    priority_other = StringField(_l("Other situation, in a few words"), validators=[
        Optional(), Length(max=OTHER_MAX_LENGTH)])
    priority_consent = BooleanField(
        _l("I consent to the processing of these data to attend my case with priority"),
        description=CONSENT_NOTICE)

    def priority_request(self, how: PriorityConsent = PriorityConsent.ONLINE_FORM
                         ) -> PriorityRequest | None:
        """What the person asked for; None when they did not ask for priority attention."""
        if not self.priority_requested.data:
            return None
        return PriorityRequest(group=_group(self.priority_group.data),
                               other=self.priority_other.data or "",
                               consent=bool(self.priority_consent.data), how=how)


class PriorityMarkForm(FlaskForm):
    """An official marks a case as priority with the person's consent."""

    priority_group = RadioField(_l("Group of priority attention"), choices=_group_choices,
                                validate_choice=False, validators=[Optional()])
    priority_other = StringField(_l("Other situation, in a few words"), validators=[
        Optional(), Length(max=OTHER_MAX_LENGTH)])
    how = SelectField(_l("How the person gave consent"), choices=[
        SelectChoice(way.value, CONSENT_LABELS[way]) for way in PriorityConsent
        if way != PriorityConsent.ONLINE_FORM], validate_choice=False)
    priority_consent = BooleanField(_l("The person consents to the processing of these data "
                                       "to attend the case with priority"))

    def priority_request(self) -> PriorityRequest:
        try:
            how = PriorityConsent(self.how.data)
        except ValueError:
            how = PriorityConsent.IN_PERSON
        if how == PriorityConsent.ONLINE_FORM:
            how = PriorityConsent.IN_PERSON
        return PriorityRequest(group=_group(self.priority_group.data),
                               other=self.priority_other.data or "",
                               consent=bool(self.priority_consent.data), how=how)


class PriorityTermForm(FlaskForm):
    priority_days = IntegerField(
        _l("Priority term (business days)"), validators=[Optional()],
        description=_l("Cases with priority attention are due within this term, counted as "
                       "the normal one. Leave it empty for the normal term."))
