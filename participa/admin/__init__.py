"""Administration: institutions, their members and the platform's global roles."""
from flask import Blueprint
from flask_login import login_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _signed_in_only():
    """Every admin page needs a signed-in user; each view then asks authz for its rule."""


from participa.admin import mail_views, views  # noqa: E402,F401
from participa.admin import cedula_conflicts  # noqa: E402,F401
