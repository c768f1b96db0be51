"""Question pages for officials, the vote, and the panel shown on the consultation page."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from participa import authz, csv_export, exports, kept_content
from participa.ballots import bp, service
from participa.ballots.forms import BallotForm, QuestionForm
from participa.consultations.views.common import consultation_or_404, render_page
from participa.domain import DomainError, NotFound
from participa.extensions import db
from participa.web import attempt


@dataclass
class Panel:
    questions: list
    mine: dict
    results: service.Results | None
    visible: set  # ids of the questions whose results this person may see now
    can_manage: bool
    level: object = None  # the person's verification level (participa.models.Level)
    error: dict = field(default_factory=dict)  # a refused vote: question_id, message, chosen


def ballot_panel(consultation, questions: list | None = None, mine: dict | None = None,
                 level=None) -> Panel:
    """What the consultation page shows about its questions, in a few queries (none per
    question); `questions`, `mine` and `level` when already read."""
    if questions is None:
        questions = service.questions_of(consultation)
        mine = service.my_choices(current_user, questions)
        level = current_user.verification_level if current_user.is_authenticated else None
    visible = {q.id for q in questions if authz.can_see_results(current_user, consultation, q)}
    return Panel(
        questions=questions, mine=mine,
        results=service.page_results(consultation.id, questions) if visible else None,
        visible=visible,
        can_manage=authz.can_manage_questions(current_user, consultation),
        level=level, error=g.get("ballot_error") or {})


def kept_panel(consultation) -> str:
    """The questions panel of a citizen who does not run the consultation, for its kept page
    (participa.consultations.reader_pages). It is the same for every such reader at the
    same verification level with the same choices (most readers have none), so each worker
    keeps it a few seconds per position; the reader's choices and level are read on every
    request, so a vote shows at once (and drops the cached results it is counted in)."""
    mine = service.my_choices_in(current_user, consultation.id)
    level = current_user.verification_level
    position = sorted((question, sorted(options)) for question, options in mine.items())
    key = kept_content.key(f"questions {consultation.id} {consultation.phase.value} {level} "
                           f"{current_user.is_verified_citizen:d} {position}")
    html = kept_content.get(key)
    if html is None:
        questions = service.questions_of(consultation)
        html = kept_content.without_token(render_template(
            "ballots/panel.html", consultation=consultation, phase=consultation.phase,
            panel=ballot_panel(consultation, questions, mine, level)))
        kept_content.keep(key, html)
    return kept_content.with_token(html)


def _managed(consultation_id: int):
    consultation = consultation_or_404(consultation_id)
    authz.require(authz.can_manage_questions(current_user, consultation))
    return consultation


def _question(consultation, question_id: int):
    try:
        return service.get_question(consultation, question_id)
    except NotFound:
        abort(404)


def _render_manage(consultation, form, status: int = 200):
    return render_template("ballots/manage.html", consultation=consultation, form=form,
                           questions=service.questions_of(consultation),
                           phase=consultation.phase), status


@bp.route("/consultas/<int:consultation_id>/preguntas", methods=["GET", "POST"])
@login_required
def manage(consultation_id: int):
    consultation = _managed(consultation_id)
    form = QuestionForm()
    if form.validate_on_submit():
        done = attempt(lambda: service.add_question(
            current_user, consultation, text=form.text.data, max_choices=form.max_choices.data,
            options_text=form.options.data, live_results=form.live_results.data,
            binding=form.binding.data, required_level=form.level()),
            form=form, success=_("Question added."))
        if not done:
            return _render_manage(consultation, form, done.status_code)
        return redirect(url_for("ballots.manage", consultation_id=consultation.id))
    return _render_manage(consultation, form, 400 if request.method == "POST" else 200)


@bp.route("/consultas/<int:consultation_id>/preguntas/<int:question_id>/editar",
          methods=["GET", "POST"])
@login_required
def edit(consultation_id: int, question_id: int):
    consultation = _managed(consultation_id)
    question = _question(consultation, question_id)
    form = QuestionForm()
    status = 200
    if form.validate_on_submit():
        done = attempt(lambda: service.update_question(
            current_user, question, text=form.text.data, max_choices=form.max_choices.data,
            options_text=form.options.data, live_results=form.live_results.data,
            binding=form.binding.data, required_level=form.level()),
            form=form, success=_("Question saved."))
        if done:
            return redirect(url_for("ballots.manage", consultation_id=consultation.id))
        status = done.status_code
    elif request.method == "POST":
        status = 400
    else:
        form.text.data, form.max_choices.data = question.text, question.max_choices
        form.live_results.data = question.live_results
        form.binding.data = question.binding
        form.required_level.data = question.required_level.value if question.required_level else ""
        form.options.data = "\n".join(option.label for option in question.options)
    return render_template("ballots/edit.html", consultation=consultation, question=question,
                           form=form), status


@bp.route("/consultas/<int:consultation_id>/preguntas/<int:question_id>/eliminar",
          methods=["POST"])
@login_required
def remove(consultation_id: int, question_id: int):
    consultation = _managed(consultation_id)
    question = _question(consultation, question_id)
    if not FlaskForm().validate_on_submit():  # the CSRF token
        abort(400)
    done = attempt(lambda: service.remove_question(current_user, question),
                   success=_("Question removed."))
    if not done:
        return _render_manage(consultation, QuestionForm(formdata=None), done.status_code)
    return redirect(url_for("ballots.manage", consultation_id=consultation.id))


@bp.route("/consultas/<int:consultation_id>/preguntas/<int:question_id>/votar",
          methods=["POST"])
@login_required
def vote(consultation_id: int, question_id: int):
    consultation = consultation_or_404(consultation_id)
    question = _question(consultation, question_id)
    authz.require(authz.can_cast_ballot(current_user))
    form = BallotForm()
    if not form.validate_on_submit():
        return _refused(consultation, question.id, _("The form expired. Please send it again."),
                        400, [])
    chosen = form.option_ids()
    voted_before = bool(service.my_choices(current_user, [question]))
    for try_number in (1, 2):
        try:
            service.cast_ballot(current_user, question, chosen)
        except service.BallotRace as error:
            # The same person's other request stored the ballot first: this one rolls back
            # and, trying again, replaces that ballot's choices.
            db.session.rollback()
            if try_number == 2:
                return _refused(consultation, question_id, error.message, error.status_code,
                                chosen)
            voted_before = True
            continue
        except DomainError as error:
            db.session.rollback()
            return _refused(consultation, question_id, error.message, error.status_code,
                            chosen)
        break
    db.session.commit()
    flash(_("Your vote has been changed.") if voted_before
          else _("Your vote has been recorded. You can change it until the consultation "
                 "closes."), "success")
    return redirect(url_for("consultations.show", consultation_id=consultation_id,
                            _anchor=f"pregunta-{question_id}"))


def _refused(consultation, question_id: int, message, status: int, chosen: list[int]):
    """The consultation page again, with the reason next to the question and the choice kept."""
    g.ballot_error = {"question_id": question_id, "message": message, "chosen": chosen}
    return render_page(consultation, status=status)


@bp.route("/cuenta/cedula", methods=["GET", "POST"])
@login_required
def add_cedula():
    from participa.ballots.forms import CedulaForm
    from participa.cedula_claims import pending_claim, received_message
    from participa.web import redirect_next

    form = CedulaForm()
    status = 200
    claim = pending_claim(current_user)
    if current_user.cedula is None and claim is None and form.validate_on_submit():
        # The same answer whether the cédula was free or is claimed from another account.
        done = attempt(lambda: service.add_cedula(current_user, form.cedula.data), form=form,
                       success=lambda _claimed: received_message())
        if done:
            return redirect_next("auth.account")
        status = done.status_code
    elif request.method == "POST":
        status = 400 if current_user.cedula is None and claim is None else 409
    return render_template("ballots/cedula.html", form=form, claim=claim), status


def _visible_results(consultation_id: int):
    """The consultation and the questions whose results this person may see (403: none)."""
    consultation = consultation_or_404(consultation_id)
    questions = [q for q in service.questions_of(consultation)
                 if authz.can_see_results(current_user, consultation, q)]
    if not questions:
        abort(403)
    return consultation, questions


@bp.route("/consultas/<int:consultation_id>/resultados.csv")
def results_csv(consultation_id: int):
    """The results this person may see, as CSV (UTF-8 with a byte-order mark for spreadsheets)."""
    consultation, questions = _visible_results(consultation_id)
    body = service.results_csv(questions, service.results(questions))
    return csv_export.csv_response(body, f"consulta-{consultation.id}-resultados.csv")


@bp.route("/consultas/<int:consultation_id>/resultados.xlsx")
def results_xlsx(consultation_id: int):
    """The same results as a workbook: typed numbers, headers in the reader's language."""
    consultation, questions = _visible_results(consultation_id)
    rows = service.results_rows(questions, service.results(questions))
    return exports.xlsx_download(service.RESULTS_COLUMNS, rows,
                                 f"consulta-{consultation.id}-resultados.xlsx")
