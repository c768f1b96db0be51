"""The period filter: a month, quarter or year around a date, or custom dates."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from participa import scores
from participa.dashboard.statistics import (Period, month_period, quarter_period,
                                            year_period)

class DayField(DateField):
    """A date with a translated message when it cannot be read."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Write the date as year-month-day, for example 2025-03-31."))


PERIOD_KINDS = {"month": month_period, "quarter": quarter_period, "year": year_period}


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter form

    periodo = SelectField(_l("Period"), default="year", choices=[
        SelectChoice("month", _l("Month")), SelectChoice("quarter", _l("Quarter")),
        SelectChoice("year", _l("Year")), SelectChoice("custom", _l("Custom dates"))])
    desde = DayField(_l("From"), validators=[Optional()],
                      description=_l("For a month, quarter or year: any day in it."))
    hasta = DayField(_l("To"), validators=[Optional()],
                      description=_l("Only for custom dates."))
    # Version 2 stays computable, for comparison; a wrong value is a translated error.
    metodologia = SelectField(
        _l("Methodology"), default=scores.METHODOLOGY_VERSION, validate_choice=False,
        choices=[SelectChoice(version, _l("Version %(version)s", version=version))
                 for version in sorted(scores.METHODOLOGIES, reverse=True)])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.metodologia.data not in scores.METHODOLOGIES:
            self.metodologia.errors.append(_l(
                "The methodology version must be one of: %(versions)s.",
                versions=", ".join(sorted(scores.METHODOLOGIES))))
            valid = False
        if self.periodo.data != "custom":
            return valid
        for field, message in ((self.desde, _l("Give the first day of the period.")),
                               (self.hasta, _l("Give the last day of the period."))):
            if field.data is None and not field.errors:
                field.errors.append(message)
                valid = False
        if self.desde.data and self.hasta.data and self.desde.data > self.hasta.data:
            self.hasta.errors.append(_l("The last day must not be before the first day."))
            valid = False
        return valid

    def period(self, today: date) -> Period:
        """The period asked for; call after a successful validate()."""
        if self.periodo.data == "custom":
            return Period(self.desde.data, self.hasta.data)
        return PERIOD_KINDS.get(self.periodo.data, year_period)(self.desde.data or today)
