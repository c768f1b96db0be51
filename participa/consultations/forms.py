"""Consultation forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateTimeLocalField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from participa.consultations.comments import MAX_COMMENT_CHARS
from participa.labels import DECISION_LABELS, STANCE_LABELS
from participa.models import Decision, Stance

DATE_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class ConsultationForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        InputRequired(_l("Enter a title.")), Length(max=200)])
    summary = TextAreaField(_l("Summary"), validators=[
        InputRequired(_l("Enter a short summary.")), Length(max=2000)])
    topic = StringField(_l("Topic"), validators=[Length(max=80)],
                        description=_l("For example: Gobierno digital, Salud, Empleo."))
    body = TextAreaField(_l("Draft text"), validators=[
        InputRequired(_l("Write the draft text."))],
        description=_l("Start each article or section with a line beginning with ## "
                       "(for example: ## Artículo 1.- Objeto). You can use **bold**, "
                       "*italics*, lists with - and links."),
        render_kw={"rows": 18})
    announces_at = DateTimeLocalField(
        _l("Announce on (Ecuador time, optional)"), format=DATE_FORMATS,
        validators=[Optional()],
        description=_l("From this date the public can read the draft; comments open on the "
                       "opening date. Leave it empty to keep the draft private until then."))
    opens_at = DateTimeLocalField(_l("Opens on (Ecuador time)"), format=DATE_FORMATS,
                                  validators=[InputRequired(_l("Enter the opening date."))])
    closes_at = DateTimeLocalField(_l("Closes on (Ecuador time)"), format=DATE_FORMATS,
                                   validators=[InputRequired(_l("Enter the closing date."))])


class DocumentForm(FlaskForm):
    file = FileField(_l("Background document (PDF, ODT or DOCX)"))


def stance_choices():
    return [SelectChoice(s.value, STANCE_LABELS[s]) for s in Stance]


class CommentForm(FlaskForm):
    section = SelectField(_l("About"), choices=[], validate_choice=False)
    stance = SelectField(_l("Your position"), choices=stance_choices(), default="neutral")
    body = TextAreaField(_l("Your comment"), validators=[
        InputRequired(_l("Write your comment.")),
        Length(max=MAX_COMMENT_CHARS,
               message=_l("The comment is longer than %(max)d characters."))],
        render_kw={"rows": 5})
    parent = HiddenField()


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your reply"), validators=[
        InputRequired(_l("Write your comment.")),
        Length(max=MAX_COMMENT_CHARS,
               message=_l("The comment is longer than %(max)d characters."))],
        render_kw={"rows": 3})


class EditCommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[
        InputRequired(_l("Write your comment.")),
        Length(max=MAX_COMMENT_CHARS,
               message=_l("The comment is longer than %(max)d characters."))],
        render_kw={"rows": 5})


def decision_choices():
    return [SelectChoice("", _l("Not decided"))] + [
        SelectChoice(d.value, DECISION_LABELS[d]) for d in Decision]


class DecisionForm(FlaskForm):
    decision = SelectField(_l("Decision"), choices=decision_choices())
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=3000)],
                           render_kw={"rows": 3})


class OutcomeSummaryForm(FlaskForm):
    summary = TextAreaField(_l("Final summary"), validators=[Optional(), Length(max=60000)],
                            render_kw={"rows": 8})
    adopted_text_url = StringField(_l("Link to the adopted text"),
                                   validators=[Optional(), Length(max=500)])
