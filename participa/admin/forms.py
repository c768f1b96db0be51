"""Administration forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional, Regexp

from participa.dashboard.forms import DayField
from participa.labels import ROLE_LABELS
from participa.models import GlobalRole, InstitutionRole

class InstitutionForm(FlaskForm):
    acronym = StringField(_l("Acronym"), validators=[
        InputRequired(_l("Enter the institution's acronym.")), Length(max=20),
        Regexp(r"^[A-Za-z0-9ÁÉÍÓÚÑáéíóúñ\-]+$",
               message=_l("Use letters, digits and dashes only, without spaces."))])
    name = StringField(_l("Name"), validators=[
        InputRequired(_l("Enter the institution's name.")), Length(max=200)])
    sector = StringField(_l("Sector"), validators=[Length(max=120)])
    article = SelectField(
        _l("Article of the name in Spanish"),
        description=_l("How messages in Spanish put the name after a preposition: "
                       "“al Ministerio…”, “de la Secretaría…”, “a Petroecuador”."),
        choices=[SelectChoice("el", "el"), SelectChoice("la", "la"),
                 SelectChoice("los", "los"), SelectChoice("las", "las"),
                 SelectChoice("", _l("No article"))],
        validate_choice=True, default="")
    active = BooleanField(_l("Active"), default=True)


class MemberForm(FlaskForm):
    email = EmailField(_l("Email address of the person"), validators=[
        InputRequired(_l("Enter the email address of a registered person.")),
        Email(_l("Enter a valid email address, like nombre@ejemplo.ec."))])
    role = SelectField(_l("Role"), choices=[
        SelectChoice(role.value, ROLE_LABELS[role]) for role in InstitutionRole])


class GlobalRoleForm(FlaskForm):
    email = EmailField(_l("Email address of the person"), validators=[
        InputRequired(_l("Enter the email address of a registered person.")),
        Email(_l("Enter a valid email address, like nombre@ejemplo.ec."))])
    role = SelectField(_l("Role"), choices=[SelectChoice("", _l("No global role"))] + [
        SelectChoice(role.value, ROLE_LABELS[role]) for role in GlobalRole])


class AuditFilterForm(FlaskForm):
    """The audit log's filters, read from the query string."""

    class Meta:
        csrf = False  # a GET filter form

    accion = SelectField(_l("Action"), default="", validate_choice=False)
    desde = DayField(_l("From"), validators=[Optional()])
    hasta = DayField(_l("To"), validators=[Optional()])
    actor = StringField(_l("Who acted (name or email address)"), validators=[Length(max=200)])

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.desde.data and self.hasta.data and self.hasta.data < self.desde.data:
            self.hasta.errors.append(_l("The last day must not be before the first day."))
            return False
        return True
