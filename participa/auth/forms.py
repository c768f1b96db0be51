"""Account forms: each validates its own input; the service enforces the rules."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, ValidationError

from participa.cedula import is_valid_cedula


def _valid_cedula(form, field):
    if field.data and not is_valid_cedula(field.data):
        raise ValidationError(_l("This is not a valid Ecuadorian cédula number."))


class RegistrationForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[
        InputRequired(_l("Enter your name.")), Length(max=120)])
    email = EmailField(_l("Email address"), validators=[
        InputRequired(_l("Enter your email address.")),
        Email(_l("Enter a valid email address, like nombre@ejemplo.ec.")), Length(max=254)])
    cedula = StringField(_l("Cédula (optional)"), validators=[Optional(), _valid_cedula],
                         description=_l("Ten digits. Needed to support proposals and vote: one person, one voice."))
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Choose a password."))],
                             description=_l("At least 12 characters. A short sentence is easy to remember and hard to guess."))
    confirm = PasswordField(_l("Repeat the password"), validators=[
        InputRequired(_l("Repeat the password.")),
        EqualTo("password", _l("The two passwords do not match."))])


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[InputRequired(_l("Enter your email address."))])
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password."))])
    remember = BooleanField(_l("Keep me signed in on this device"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[
        InputRequired(_l("Enter your email address.")),
        Email(_l("Enter a valid email address, like nombre@ejemplo.ec."))])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[InputRequired(_l("Choose a password."))],
                             description=_l("At least 12 characters. A short sentence is easy to remember and hard to guess."))
    confirm = PasswordField(_l("Repeat the password"), validators=[
        InputRequired(_l("Repeat the password.")),
        EqualTo("password", _l("The two passwords do not match."))])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[
        InputRequired(_l("Enter your current password."))])
    password = PasswordField(_l("New password"), validators=[InputRequired(_l("Choose a password."))],
                             description=_l("At least 12 characters. A short sentence is easy to remember and hard to guess."))
    confirm = PasswordField(_l("Repeat the password"), validators=[
        InputRequired(_l("Repeat the password.")),
        EqualTo("password", _l("The two passwords do not match."))])


class ChangeEmailForm(FlaskForm):
    email = EmailField(_l("New email address"), validators=[
        InputRequired(_l("Enter your email address.")),
        Email(_l("Enter a valid email address, like nombre@ejemplo.ec.")), Length(max=254)])
    current_password = PasswordField(_l("Current password"), validators=[
        InputRequired(_l("Enter your current password."))])


class CodeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[
        InputRequired(_l("Enter the code.")), Length(max=20)])


class DisableTwoFactorForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password."))])
    code = StringField(_l("Code from your app"), validators=[
        InputRequired(_l("Enter the code.")), Length(max=20)])


class EmptyForm(FlaskForm):
    """Buttons that only need the CSRF token."""
