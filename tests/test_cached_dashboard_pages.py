"""Figure pages whose parts are cached (participa.figures_cache) show what was just written:
an institution's cases by channel on its dashboard page, read in two cached parts (the days
before this month, and this month's), are the aggregate over the whole period and count a
case filed now at once; the cached page bodies and tables do too."""
import re
from datetime import date, datetime

import pytest

from participa.cases import service as cases
from participa.cases.businessdays import local_date
from participa.dashboard import channels, queries
from participa.dashboard.statistics import Period, year_period
from participa.extensions import db
from participa.models import Channel
from participa.timeutil import utcnow

from factories_cases import make_case, make_category




@pytest.fixture
def filed(people, institutions):
    """MSP cases in earlier months (some answered) and one this month."""
    msp = institutions["MSP"]
    category = make_category(msp, "Citas")
    for year, month in ((2024, 5), (2025, 2), (2025, 11)):
        case = make_case(people["citizen"], msp, category, now=datetime(year, month, 10, 15))
        cases.answer(people["official_msp"], case, "Cita asignada.", "Hay cupo.",
                     now=datetime(year, month, 12, 15))
    make_case(people["citizen"], msp, category)
    db.session.commit()
    return category


def test_the_parts_add_up_to_the_whole_period(app, filed, institutions, cached):
    today = local_date(utcnow())
    msp = institutions["MSP"].id
    for period in (Period(date(2024, 1, 15), today), year_period(today),
                   Period(date(2024, 5, 1), date(2025, 2, 28))):
        assert (channels.institution_breakdown(period, today, msp)
                == queries.breakdown(period, today, "channel", msp)), period


def received_online(page: str) -> int:
    """The cases received online in the page's table of cases by channel."""
    section = page[max(page.find("Cases by channel"), page.find("Casos por canal")):]
    return int(re.search(r'<td data-label="[^"]*">(\d+)</td>', section).group(1))


def test_a_case_filed_now_shows_at_once(app, client, login_as, people, institutions, filed,
                                        cached):
    today = local_date(utcnow())
    msp = institutions["MSP"].id
    period = Period(date(2024, 1, 1), today)
    before = dict(channels.institution_breakdown(period, today, msp))
    login_as("rector")
    path = "/tablero/institucion/MSP?periodo=custom&desde=2024-01-01&hasta=" + today.isoformat()
    assert received_online(client.get(path).get_data(as_text=True)) == 4
    # The second read's body from the cache.
    assert received_online(client.get(path).get_data(as_text=True)) == 4
    assert before[Channel.ONLINE].received == 4
    make_case(people["citizen"], institutions["MSP"], filed)
    db.session.commit()
    after = dict(channels.institution_breakdown(period, today, msp))
    assert after[Channel.ONLINE].received == before[Channel.ONLINE].received + 1
    # The page's body, cached, shows the new case at the next read too.
    assert received_online(client.get(path).get_data(as_text=True)) == 5


def received_by(page: str, acronym: str) -> int:
    """The cases received by `acronym` in the table of /casos/estadisticas."""
    return int(re.search(rf'>{acronym}</abbr></th>\s*<td>(\d+)</td>', page).group(1))


def test_the_case_figures_table_counts_a_case_filed_now(app, client, login_as, people,
                                                        institutions, filed, cached):
    login_as("rector")
    path = "/casos/estadisticas?desde=2024-01-01"
    assert received_by(client.get(path).get_data(as_text=True), "MSP") == 4
    assert received_by(client.get(path).get_data(as_text=True), "MSP") == 4  # cached
    make_case(people["citizen"], institutions["MSP"], filed)
    db.session.commit()
    assert received_by(client.get(path).get_data(as_text=True), "MSP") == 5


def test_the_methodology_page_lists_a_recomputation_at_once(app, client, filed, cached):
    from participa.dashboard import published

    today = local_date(utcnow())
    published.publish_closed(today)
    reason = "Casos importados corregidos por la institución"
    assert reason not in client.get("/datos/metodologia").get_data(as_text=True)
    assert reason not in client.get("/datos/metodologia").get_data(as_text=True)  # cached
    published.recompute("month", date(2025, 11, 1), reason, today)
    assert reason in client.get("/datos/metodologia").get_data(as_text=True)


def test_the_institutions_workbook_counts_a_case_filed_now(app, client, people, institutions,
                                                           filed, cached):
    import io

    import openpyxl

    def received() -> int:
        body = client.get("/datos/instituciones.xlsx?periodo=custom&desde=2024-01-01&hasta="
                          + local_date(utcnow()).isoformat()).data
        rows = list(openpyxl.load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
        return next(row[5] for row in rows if row[1] == "MSP")

    assert received() == 4
    assert received() == 4  # the workbook from the cache
    make_case(people["citizen"], institutions["MSP"], filed)
    db.session.commit()
    assert received() == 5


def test_the_observatory_shows_the_norm_link_to_administrators_only(app, client, login_as,
                                                                     filed, cached):
    """Its indicators' sections are cached, for each kind of reader: not one for all."""
    link = 'href="/observatorio/normas"'
    assert link not in client.get("/observatorio/").get_data(as_text=True)
    login_as("platform_admin")
    assert link in client.get("/observatorio/").get_data(as_text=True)
    client.post("/cuenta/salir")
    login_as("citizen")
    assert link not in client.get("/observatorio/").get_data(as_text=True)
