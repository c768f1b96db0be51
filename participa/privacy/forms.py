"""Privacy forms: agreeing to the notice, correcting the profile, deleting the account."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import InputRequired, Length, Optional


class ConsentForm(FlaskForm):
    """The button is the agreement; the notice is on the page."""


class ProfileForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[
        InputRequired(_l("Enter your name.")), Length(max=120)])
    display_name = StringField(
        _l("Name shown on your comments and proposals (optional)"),
        validators=[Optional(), Length(max=120)],
        description=_l("It may be a pseudonym. When empty, your full name is shown."))


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[
        InputRequired(_l("Enter your password."))])
    code = StringField(_l("Code from your app"), validators=[Optional(), Length(max=20)],
                       description=_l("Only if you use two-step verification."))
    remove_contributions = BooleanField(
        _l("Also remove the text of my comments and withdraw my proposals that are still "
           "collecting supports"))
