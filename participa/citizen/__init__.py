"""A citizen's own Participa: Mi Participa, the notices, mail preferences, suspensions."""
from flask import Blueprint

bp = Blueprint("citizen", __name__)


@bp.app_context_processor
def _header_figures():
    """The header's unread count and the suspension banner: computed once per page, and only
    for signed-in people (see notices.unread_count and suspension.active_bans)."""
    from flask import g
    from flask_login import current_user

    from participa.auth import signed_in
    from participa.citizen import notices, suspension

    def my_suspensions() -> list:
        if not current_user.is_authenticated:
            return []
        if "my_suspensions" not in g:
            # Whether any is running was read with the user: most people have none.
            facts = signed_in.facts_for(current_user)
            g.my_suspensions = ([] if facts is not None and not facts.suspended
                                else suspension.active_bans(current_user))
        return g.my_suspensions

    return {"my_unread_notices": lambda: notices.header_count(current_user),
            "my_suspensions": my_suspensions}


from participa.citizen import views  # noqa: E402,F401
