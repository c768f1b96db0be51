"""What the transparency tables hold about a person, for "My data": the classification
records and report submissions that an administrator recorded."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa.extensions import db
from participa.models import Institution, LotaipReportSubmission, ReservedClassification
from participa.privacy.registry import exporter


@exporter("reserved_classifications", _l("Classifications of reserved information you recorded"))
def _classifications(user):
    rows = db.session.execute(
        select(Institution.acronym, ReservedClassification.resolution_number,
               ReservedClassification.created_at)
        .join(Institution, Institution.id == ReservedClassification.institution_id)
        .where(ReservedClassification.created_by_id == user.id)
        .order_by(ReservedClassification.created_at))
    return [{"institution": acronym, "resolution": number, "recorded_at": at}
            for acronym, number, at in rows]


@exporter("lotaip_report_submissions", _l("Transparency reports you marked as submitted"))
def _submissions(user):
    rows = db.session.execute(
        select(Institution.acronym, LotaipReportSubmission.year,
               LotaipReportSubmission.recorded_at)
        .join(Institution, Institution.id == LotaipReportSubmission.institution_id)
        .where(LotaipReportSubmission.recorded_by_id == user.id)
        .order_by(LotaipReportSubmission.recorded_at))
    return [{"institution": acronym, "year": year, "recorded_at": at}
            for acronym, year, at in rows]
