"""The outbox for platform administrators: mail that failed or still waits, and resending.

Bodies are never shown (they may hold password reset links): recipient, subject, state,
attempts and the relay's last answer are enough to see what went wrong.
"""
from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participa import authz, outbox
from participa.admin import bp
from participa.extensions import db
from participa.models import OutboxMail, OutboxStatus
from participa.web import attempt

STATUS_LABELS = {
    OutboxStatus.PENDING: _l("Waiting"),
    OutboxStatus.SENDING: _l("Being sent"),
    OutboxStatus.SENT: _l("Sent"),
    OutboxStatus.FAILED: _l("Failed"),
}


@bp.route("/correo")
def mail_outbox():
    authz.require(authz.can_administer_platform(current_user))
    pagination = outbox.needing_attention(page=request.args.get("pagina", 1, type=int))
    return render_template("admin/mail.html", pagination=pagination,
                           counts=outbox.counts_by_status(), OutboxStatus=OutboxStatus,
                           status_label=lambda status: str(STATUS_LABELS[status]))


@bp.route("/correo/<int:mail_id>/reenviar", methods=["POST"])
def resend_mail(mail_id: int):
    authz.require(authz.can_administer_platform(current_user))
    mail = db.session.get(OutboxMail, mail_id)
    if mail is None:
        abort(404)
    attempt(lambda: outbox.resend(current_user, mail),
            success=lambda _value: _("The mail to %(recipient)s is queued again.",
                                     recipient=mail.recipient))
    return redirect(url_for("admin.mail_outbox"))
