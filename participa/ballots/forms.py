"""Forms for writing questions and casting a ballot."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, IntegerField, SelectField, SelectMultipleField, StringField,
                     TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange

from participa.numbers import parse_int


class QuestionForm(FlaskForm):
    text = TextAreaField(_l("Question"), validators=[
        InputRequired(_l("Write the question.")), Length(max=500)], render_kw={"rows": 2})
    max_choices = IntegerField(
        _l("How many options may each person choose?"), default=1,
        validators=[InputRequired(_l("Enter a number from 1 to 20.")),
                    NumberRange(min=1, max=20, message=_l("Enter a number from 1 to 20."))],
        description=_l("1 for a single choice; more lets people tick up to that many."))
    options = TextAreaField(_l("Options"), validators=[
        InputRequired(_l("Write at least two options, one per line.")), Length(max=7000)],
        description=_l("One option per line, in the order people will see them."),
        render_kw={"rows": 6})
    live_results = BooleanField(_l("Show the results while voting is open"),
                                description=_l("Otherwise everyone sees them once the consultation closes."))

    binding = BooleanField(_l("Binding question"),
                           description=_l("The result decides something the institution must do."))
    required_level = SelectField(
        _l("Who may vote"), default="",
        choices=[SelectChoice("", _l("By default: a verified identity for a binding question, "
                                     "a declared cédula otherwise")),
                 SelectChoice("cedula_declared", _l("People who declared their cédula")),
                 SelectChoice("identity_verified", _l("People whose identity was verified"))],
        description=_l("A declared cédula has a valid check digit and nothing more; a verified "
                       "identity was proven against the census, in person or by the civil "
                       "registry."))

    def level(self):
        from participa.models import Level

        return Level(self.required_level.data) if self.required_level.data else None


class BallotForm(FlaskForm):
    # The service checks the options against the question, with its own clear messages.
    option = SelectMultipleField(_l("Your choice"), validate_choice=False)

    def option_ids(self) -> list[int]:
        """The chosen option ids; anything that is not a number matches no option."""
        return [-1 if parse_int(value) is None else parse_int(value)
                for value in self.option.data or []]


class CedulaForm(FlaskForm):
    cedula = StringField(_l("Cédula number"), validators=[
        InputRequired(_l("Enter your cédula number.")), Length(max=20)],
        description=_l("The 10 digits of your Ecuadorian identity card."))
