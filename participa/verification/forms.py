"""Forms of the verification pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length


class CensusForm(FlaskForm):
    birth_date = DateField(_l("Date of birth"), validators=[
        InputRequired(_l("Enter your date of birth."))],
        description=_l("As on your cédula card."))


class RegistryForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[
        InputRequired(_l("Enter your full name as on your cédula.")), Length(max=200)],
        description=_l("Names and surnames, as on your cédula card."))
    birth_date = DateField(_l("Date of birth"), validators=[
        InputRequired(_l("Enter your date of birth."))])


class CensusImportForm(FlaskForm):
    file = FileField(_l("Census file (CSV)"), validators=[
        FileRequired(_l("Choose the census file."))],
        description=_l("One line per person: cédula, date of birth (YYYY-MM-DD or DD/MM/YYYY) "
                       "and, optionally, parish. Importing replaces the whole census."))


class FindPersonForm(FlaskForm):
    email = EmailField(_l("The person's email address"), validators=[
        InputRequired(_l("Enter the email address of the person's account.")),
        Length(max=254)])


class InPersonForm(FlaskForm):
    cedula = StringField(_l("Cédula number on the card"), validators=[
        InputRequired(_l("Enter the cédula number printed on the card.")), Length(max=20)])
    institution = SelectField(_l("On behalf of"), coerce=int, validate_choice=False)
    place = StringField(_l("Place"), validators=[
        InputRequired(_l("Say where you are verifying the person (office, Infocentro).")),
        Length(max=200)], description=_l("For example: Infocentro de Guamote, or the counter "
                                         "of the Quito office."))


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[
        InputRequired(_l("Say why the verification is revoked.")), Length(max=2000)],
        description=_l("The person receives this reason by email."), render_kw={"rows": 3})
