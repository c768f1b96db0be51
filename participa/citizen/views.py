"""Mi Participa, the notices, mail preferences and the links in mails that stop or restart a
kind of mail without signing in."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participa import mail_preferences
from participa.citizen import activity, bp, suspension
from participa.citizen import notices as notice_list
from participa.citizen.forms import ActionForm, MailPreferencesForm
from participa.extensions import csrf, db
from participa.mail_preferences import KIND_NAMES
from participa.numbers import page_arg
from participa.web import attempt


def _me():
    return current_user._get_current_object()


@bp.route("/mi-participa")
@login_required
def home():
    return render_template("citizen/home.html", activity=activity.activity_of(_me()),
                           suspensions=suspension.active_bans(_me()), **_labels())


def _labels() -> dict:
    from participa.labels import (CASE_STATE_LABELS, MODERATION_LABELS,
                                  PROPOSAL_STATE_LABELS)
    from participa.observatory.labels import REQUEST_STATE_LABELS

    return {"case_state_labels": CASE_STATE_LABELS, "moderation_labels": MODERATION_LABELS,
            "proposal_state_labels": PROPOSAL_STATE_LABELS,
            "request_state_labels": REQUEST_STATE_LABELS}


def render_notices(status: int = 200, appeal_errors: dict | None = None):
    """The notices page; the moderation views render it too, with an appeal's errors."""
    from participa.moderation.forms import AppealForm

    page = notice_list.notices_for(_me(), page_arg())
    response = render_template("citizen/notices.html", pagination=page,
                               appeal_errors=appeal_errors or {}, action_form=ActionForm(),
                               appeal_form=AppealForm(formdata=None), **_labels())
    # What the person has just seen is read from now on (the page still shows it as new).
    if page.items and request.method == "GET":
        notice_list.mark_read(_me(), page.items)
        db.session.commit()
    return response, status


@bp.route("/cuenta/avisos", methods=["GET", "POST"])
@login_required
def notices():
    if request.method == "POST":
        if ActionForm().validate_on_submit():
            attempt(lambda: notice_list.mark_all_read(_me()),
                    success=_("Every notice is marked as read."))
        return redirect(url_for("citizen.notices"))
    return render_notices()


@bp.route("/cuenta/preferencias-de-correo", methods=["POST"])
@login_required
def mail_settings():
    form = MailPreferencesForm()
    if not form.validate_on_submit():
        abort(400)
    attempt(lambda: mail_preferences.set_all(_me(), form.choices()),
            success=_("Your mail preferences have been saved."))
    return redirect(url_for("auth.account", _anchor="correo"))


def _token_or_404(token: str):
    found = mail_preferences.read_token(token)
    if found is None:
        abort(404)
    return found


@bp.route("/correo/baja/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the authority; mail programs post without a form
def unsubscribe(token: str):
    user, kind = _token_or_404(token)
    if request.method == "POST":
        mail_preferences.set_wanted(user, kind, False)
        db.session.commit()
        if request.form.get("List-Unsubscribe") == "One-Click":  # RFC 8058
            return "", 204
        return render_template("citizen/unsubscribed.html", token=token,
                               kind_name=KIND_NAMES[kind], done=True)
    return render_template("citizen/unsubscribed.html", token=token,
                           kind_name=KIND_NAMES[kind], done=False,
                           wanted=mail_preferences.wants(user, kind))


@bp.route("/correo/alta/<token>", methods=["POST"])
@csrf.exempt  # as unsubscribe: the signed token is the authority
def resubscribe(token: str):
    user, kind = _token_or_404(token)
    mail_preferences.set_wanted(user, kind, True)
    db.session.commit()
    return render_template("citizen/resubscribed.html", token=token,
                           kind_name=KIND_NAMES[kind])
