"""Each case type's legal basis and term, and the due dates they give.

What the laws say (read in their published text):
- Código Orgánico Administrativo (COA), art. 158: *términos* are fixed in days, *plazos* in
  months or years, and both run from the working day after the petition is filed; art. 159:
  a *término* leaves out Saturdays, Sundays and holidays; art. 160: a *plazo* runs from date to
  date. Art. 207 gives a petition a *término* of 30 days: business days.
- Ley Orgánica de Transparencia y Acceso a la Información Pública (LOTAIP, 2023) keeps the term
  of the 2004 law (art. 9): a request for public information is answered within a *plazo* of
  10 days, extendable once by 5 for reasons justified and told to the requester. A *plazo*
  leaves nothing out: calendar days.
- Ley Orgánica de Protección de Datos Personales (LOPDP, 2021), arts. 13 and 14: the controller
  answers within a *plazo* of 15 days (calendar days). Deletion (art. 15), objection (16),
  portability (17) and not being subject to automated decisions (20) are exercised by the same
  request to the controller and take the same term.

An institution's category may shorten a term (a category's deadline is counted in business
days): the earlier of the two dates applies, so a category never lengthens the law's term.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from participa.cases.businessdays import due_date
from participa.models.cases import DEFAULT_DEADLINE_DAYS, CaseType


@dataclass(frozen=True)
class LegalTerm:
    law: str  # the law's short name, as Ecuadorian officials write it
    article: object  # lazy string: the article that sets the term
    days: int
    business_days: bool  # a *término* (business days) or a *plazo* (calendar days)
    extension_days: int = 0  # one extension allowed when not 0

    def due(self, start: date) -> date:
        """The last day of the term for a request received on `start`."""
        if self.business_days:
            return due_date(start, self.days)
        return start + timedelta(days=self.days)

    def extend(self, due_on: date) -> date:
        if self.business_days:
            return due_date(due_on, self.extension_days)
        return due_on + timedelta(days=self.extension_days)


COA = LegalTerm("COA", _l("Código Orgánico Administrativo, art. 207"),
                DEFAULT_DEADLINE_DAYS, business_days=True)
LOTAIP = LegalTerm("LOTAIP", _l("Ley Orgánica de Transparencia y Acceso a la Información "
                                "Pública (2023), which keeps art. 9 of the 2004 law"),
                   10, business_days=False, extension_days=5)


def _lopdp(article: str) -> LegalTerm:
    return LegalTerm("LOPDP", _l("Ley Orgánica de Protección de Datos Personales, art. %(n)s",
                                 n=article), 15, business_days=False)


DATA_RIGHTS = (CaseType.DATA_ACCESS, CaseType.DATA_RECTIFICATION, CaseType.DATA_DELETION,
               CaseType.DATA_OBJECTION, CaseType.DATA_PORTABILITY,
               CaseType.DATA_AUTOMATED_DECISION)

TERMS: dict[CaseType, LegalTerm] = {
    CaseType.INFORMATION_REQUEST: LOTAIP,
    CaseType.COMPLAINT: COA,
    CaseType.SUGGESTION: COA,
    CaseType.REPORT: COA,
    CaseType.CONGRATULATION: COA,
    CaseType.DATA_ACCESS: _lopdp("13"),
    CaseType.DATA_RECTIFICATION: _lopdp("14"),
    CaseType.DATA_DELETION: _lopdp("15"),
    CaseType.DATA_OBJECTION: _lopdp("16"),
    CaseType.DATA_PORTABILITY: _lopdp("17"),
    CaseType.DATA_AUTOMATED_DECISION: _lopdp("20"),
}


def term_of(case_type: CaseType) -> LegalTerm:
    return TERMS[case_type]


def has_own_law(case_type: CaseType) -> bool:
    """Types whose term another law sets, shorter than the COA's."""
    return TERMS[case_type] is not COA


def due_on(case_type: CaseType, start: date, category_days: int | None = None) -> date:
    """The due date of a case of `case_type` received on `start`: the law's term, shortened
    by the institution's category when that gives an earlier day, never lengthened."""
    legal = term_of(case_type).due(start)
    if category_days is None:
        return legal
    return min(legal, due_date(start, category_days))


def can_be_extended(case_type: CaseType) -> bool:
    return term_of(case_type).extension_days > 0
