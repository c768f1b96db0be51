"""Proposal forms: lengths and required fields here; the service enforces the rules."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from participa.labels import ANSWER_OUTCOME_LABELS, TOPIC_LABELS
from participa.models import AnswerOutcome, Level, ProposalTopic

TITLE_MAX, SUMMARY_MAX, BODY_MAX, ANSWER_MAX = 150, 500, 20000, 20000


def _required(message):
    return InputRequired(message)


def _text_required(message):
    """Required after trimming: a field of spaces counts as empty."""
    return DataRequired(message)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ProposalForm(FlaskForm):
    """Writing or editing a proposal; the institution is chosen only when submitting."""

    institution = SelectField(_l("Institution it is addressed to"),
                              validators=[_required(_l("Choose the institution."))])
    title = StringField(_l("Title"), filters=[_strip], validators=[
        _text_required(_l("Give your proposal a title.")),
        Length(max=TITLE_MAX, message=_l("The title must have at most %(max)d characters."))])
    summary = TextAreaField(_l("Summary"), filters=[_strip], validators=[
        _text_required(_l("Summarise your proposal in a few lines.")),
        Length(max=SUMMARY_MAX, message=_l("The summary must have at most %(max)d characters."))],
        description=_l("At most 500 characters; it is shown in the lists."))
    body = TextAreaField(_l("Full text"), filters=[_strip], validators=[
        _text_required(_l("Explain your proposal.")),
        Length(max=BODY_MAX, message=_l("The text must have at most %(max)d characters."))],
        description=_l("What you propose, why, and how it could be done. Paragraphs, lists "
                       "and links are kept; other formatting is removed."))
    topic = SelectField(_l("Topic"), choices=[
        SelectChoice(t.value, TOPIC_LABELS[t]) for t in ProposalTopic],
        validators=[_required(_l("Choose a topic."))])


class EditProposalForm(ProposalForm):
    institution = None  # fixed once submitted


class AnswerForm(FlaskForm):
    outcome = RadioField(_l("Answer"), choices=[
        SelectChoice(o.value, ANSWER_OUTCOME_LABELS[o]) for o in AnswerOutcome],
        validators=[_required(_l("Choose the answer."))])
    text = TextAreaField(_l("Reasons"), filters=[_strip], validators=[
        _text_required(_l("Write the answer and its reasons.")),
        Length(max=ANSWER_MAX, message=_l("The answer must have at most %(max)d characters."))],
        description=_l("Public. A reasoned answer: what the institution will do and why "
                       "(Constitution, art. 66.23)."))


class SettingsForm(FlaskForm):
    support_threshold = IntegerField(_l("Supports needed"), validators=[
        _required(_l("Enter the number of supports needed.")),
        NumberRange(min=1, max=10_000_000,
                    message=_l("Enter a whole number between %(min)d and %(max)d."))])
    collection_days = IntegerField(_l("Collection window (calendar days)"), validators=[
        _required(_l("Enter the length of the collection window.")),
        NumberRange(min=1, max=730,
                    message=_l("Enter a whole number between %(min)d and %(max)d."))])
    answer_business_days = IntegerField(_l("Answer deadline (business days)"), validators=[
        _required(_l("Enter the answer deadline.")),
        NumberRange(min=1, max=90,
                    message=_l("Enter a whole number between %(min)d and %(max)d."))],
        description=_l("Counted from the day a proposal reaches its threshold; weekends do not "
                       "count."))
    premoderate_proposals = BooleanField(
        _l("Review new proposals before they are published"))
    supporter_level = SelectField(
        _l("Who may support proposals"), default=Level.CEDULA_DECLARED,
        coerce=lambda value: value if isinstance(value, Level) else Level(value),
        choices=[SelectChoice(Level.CEDULA_DECLARED.value, _l("People who declared their cédula")),
                 SelectChoice(Level.IDENTITY_VERIFIED.value,
                              _l("People whose identity was verified"))],
        description=_l("Applies to proposals published from now on. A declared cédula has a "
                       "valid check digit and nothing more; a verified identity was proven "
                       "against the census, in person or by the civil registry."))


class ActionForm(FlaskForm):
    """The CSRF token of the one-button forms (support, withdraw, publish)."""
