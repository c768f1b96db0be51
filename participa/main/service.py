"""Figures shown on the public pages."""
from dataclasses import dataclass

from sqlalchemy import func, select

from participa.extensions import db
from participa.figures_cache import remember
from participa.models import Institution, User


@dataclass(frozen=True)
class PlatformFigures:
    institutions: int
    people: int


def platform_figures() -> PlatformFigures:
    """Counted at most once a minute: counting 200 000 accounts on every view of the home
    page cost more than the rest of the page."""
    return remember("platform", _count_platform, seconds=60)


def _count_platform() -> PlatformFigures:
    institutions = db.session.scalar(
        select(func.count(Institution.id)).where(Institution.active.is_(True)))
    people = db.session.scalar(select(func.count(User.id)))
    return PlatformFigures(institutions=institutions or 0, people=people or 0)


def active_institutions(page: int, per_page: int = 50):
    query = select(Institution).where(Institution.active.is_(True)).order_by(Institution.name)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)

