"""Consultation forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateTimeLocalField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from participa.consultations.comments import MAX_COMMENT_CHARS
from participa.consultations.outcome import NO_CONTRIBUTIONS
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
    word_file = FileField(
        _l("Import the draft from Word (.docx)"),
        description=_l("Each heading of the document's top level (Heading 1) becomes an "
                       "article or section; lists, tables and links are kept. Images are not "
                       "accepted. You will see the sections before saving."))
    imported_html = HiddenField()
    body = TextAreaField(_l("Or write the draft text"), validators=[Optional()],
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
    """The summary part of the outcome report; `outcome_report_form` adds the sections."""

    summary = TextAreaField(_l("Final summary"), validators=[Optional(), Length(max=60000)],
                            render_kw={"rows": 8})
    adopted_text_url = StringField(_l("Link to the adopted text"),
                                   validators=[Optional(), Length(max=500)])


def outcome_report_form(consultation, commented: set[int], **kwargs) -> OutcomeSummaryForm:
    """The whole outcome report as one form: a decision and a reason per section (fields
    `decision_<id>` and `reason_<id>`), and "no contributions" offered only for the sections
    nobody commented on. The service checks the choice again."""

    class OutcomeReportForm(OutcomeSummaryForm):
        pass

    for section in consultation.sections:
        choices = decision_choices()
        if section.id not in commented:
            choices.append(SelectChoice(NO_CONTRIBUTIONS, _l("No contributions received")))
        setattr(OutcomeReportForm, f"decision_{section.id}", SelectField(
            _l("Decision"), choices=choices, validate_choice=False))
        setattr(OutcomeReportForm, f"reason_{section.id}", TextAreaField(
            _l("Reason"), validators=[Optional(), Length(max=3000)], render_kw={"rows": 3}))
    return OutcomeReportForm(**kwargs)


def outcome_report_data(consultation) -> dict:
    """The saved report, as the form's initial data."""
    data = {"summary": consultation.outcome_summary,
            "adopted_text_url": consultation.adopted_text_url}
    for section in consultation.sections:
        data[f"decision_{section.id}"] = NO_CONTRIBUTIONS if section.no_contributions else (
            section.outcome.value if section.outcome else "")
        data[f"reason_{section.id}"] = section.outcome_reason
    return data


def outcome_report_choices(form, consultation, submitted) -> dict:
    """{section id: (choice, reason)} read from a submitted report, for the service; a
    section whose fields were not submitted is left as it is."""
    return {s.id: (form[f"decision_{s.id}"].data or "", form[f"reason_{s.id}"].data or "")
            for s in consultation.sections if f"decision_{s.id}" in submitted}
