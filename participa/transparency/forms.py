"""Transparency forms: a classification record and the report's submission date."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length


class ClassificationForm(FlaskForm):
    resolution_number = StringField(_l("Number of the classification resolution"), validators=[
        InputRequired(_l("Enter the number of the classification resolution.")),
        Length(max=80)])
    topic = StringField(_l("What information was classified"), validators=[
        InputRequired(_l("Say what information was classified, without its content.")),
        Length(max=300)],
        description=_l("Shown in the public index: describe the subject, never the content."))
    legal_basis = TextAreaField(_l("Legal basis (optional)"), validators=[Length(max=2000)])
    classified_on = DateField(_l("Date of the resolution"), validators=[
        InputRequired(_l("Enter the date of the resolution."))])
    valid_until = DateField(_l("Reserved until"), validators=[
        InputRequired(_l("Enter the day until which the information stays reserved."))])


class SubmissionForm(FlaskForm):
    submitted_on = DateField(_l("Day the report was submitted to the Defensoría del Pueblo"),
                             validators=[InputRequired(_l("Enter the day of submission."))])
