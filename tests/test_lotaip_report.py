"""The LOTAIP annual report: one line per information request of the year with what was done
and how long it took, the totals and the index of reserved information, as a page, a CSV and
an XLSX; the rector ministry sees which reports are submitted, late or missing."""
import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from participa.cases import legal, service
from participa.extensions import db
from participa.models import (CaseType, InstitutionRole, LotaipReportSubmission,
                              RefusalGround, ReservedClassification)
from participa.transparency import report

from factories_cases import make_case, make_category


def at(day: date, hour: int = 15) -> datetime:
    """10:00 in Quito on `day`, as stored (UTC)."""
    return datetime(day.year, day.month, day.day, hour)


@pytest.fixture
def year_2025(people, institutions):
    """MSP's information requests of 2025: extended and on time, refused as reserved, late,
    still pending and overdue, and one filed on New Year's Eve; plus cases the report leaves
    out (a complaint, another institution's request, one of 2024)."""
    msp, mdt = institutions["MSP"], institutions["MDT"]
    official, citizen = people["official_msp"], people["citizen"]
    category = make_category(msp, "Información pública")
    reserved = ReservedClassification(
        institution=msp, resolution_number="RES-MSP-2025-007", topic="Planes de contingencia",
        classified_on=date(2025, 1, 10), valid_until=date(2030, 1, 10), legal_basis="")
    db.session.add(reserved)
    db.session.commit()

    def request(day, subject, institution=msp, case_category=category, hour=15,
                case_type=CaseType.INFORMATION_REQUEST):
        return make_case(citizen, institution, case_category, subject=subject,
                         now=at(day, hour), case_type=case_type)

    extended = request(date(2025, 2, 13), "Contratos de medicinas")
    legal.extend(official, extended, "Reunir contratos de cuatro zonas.",
                 now=at(date(2025, 2, 20)))
    service.answer(official, extended, "Adjunto", "Art. 9", now=at(date(2025, 2, 27)))
    refused = request(date(2025, 3, 2), "Planes de contingencia")
    legal.refuse(official, refused, RefusalGround.RESERVED, reserved.id, "No", "Reservada",
                 now=at(date(2025, 3, 5)))
    late = request(date(2025, 4, 1), "Listas de espera")
    service.answer(official, late, "Adjunto", "Art. 9", now=at(date(2025, 4, 20)))
    pending = request(date(2025, 11, 20), "Presupuesto de hospitales")
    # 31 December, 23:00 in Quito: 1 January 04:00 UTC, still a request of 2025.
    eve = request(date(2026, 1, 1), "Compras de fin de año", hour=4)
    service.answer(official, eve, "Adjunto", "Art. 9", now=at(date(2026, 1, 5)))
    request(date(2025, 5, 5), "Una queja", case_type=CaseType.COMPLAINT)
    request(date(2025, 5, 5), "Otra institución", institution=mdt,
            case_category=make_category(mdt, "Información"))
    request(date(2024, 12, 31), "Del año anterior", hour=20)  # 15:00 in Quito, 2024
    db.session.commit()
    return {"extended": extended, "refused": refused, "late": late, "pending": pending,
            "eve": eve}


def test_the_report_has_one_line_per_request_of_the_year(institutions, year_2025):
    annual = report.annual_report(institutions["MSP"], 2025, today=date(2026, 1, 15))
    lines = {line.code: line for line in annual.lines}
    assert set(lines) == {case.code for case in year_2025.values()}
    extended = lines[year_2025["extended"].code]
    assert (extended.received_on, extended.answered_on, extended.days_taken, extended.extended,
            extended.outcome, extended.late) == (date(2025, 2, 13), date(2025, 2, 27), 14, True,
                                                 report.Outcome.GRANTED, False)
    refused = lines[year_2025["refused"].code]
    assert (refused.days_taken, refused.outcome, refused.ground, refused.resolution_number,
            refused.late) == (3, report.Outcome.REFUSED, RefusalGround.RESERVED,
                              "RES-MSP-2025-007", False)
    late = lines[year_2025["late"].code]
    assert (late.days_taken, late.extended, late.late, late.due_on) == (
        19, False, True, date(2025, 4, 11))
    pending = lines[year_2025["pending"].code]
    assert (pending.answered_on, pending.outcome, pending.late) == (
        None, report.Outcome.PENDING, True)
    eve = lines[year_2025["eve"].code]
    assert (eve.received_on, eve.days_taken, eve.late) == (date(2025, 12, 31), 5, False)


def test_the_report_totals(institutions, year_2025):
    totals = report.annual_report(institutions["MSP"], 2025, today=date(2026, 1, 15)).totals
    assert totals == report.Totals(
        received=5, answered=4, on_time=3, late=2, extended=1, granted=3, refused=1,
        refused_reserved=1, refused_confidential=0, out_of_scope=0, pending=1,
        average_days=10.2)  # (14 + 3 + 19 + 5) / 4


def test_the_report_page(client, login_as, year_2025):
    login_as("official_msp")
    response = client.get("/transparencia/MSP/informe/2025")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for case in year_2025.values():
        assert case.code in page
    assert "RES-MSP-2025-007" in page and "Planes de contingencia" in page


def test_the_report_as_csv(client, login_as, year_2025):
    login_as("official_msp")
    response = client.get("/transparencia/MSP/informe/2025.csv")
    assert response.status_code == 200
    assert "lotaip-msp-2025.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    by_code = {row[0]: row for row in rows[1:] if row and row[0].startswith("CC-")}
    assert len(by_code) == 5
    extended = by_code[year_2025["extended"].code]
    late = by_code[year_2025["late"].code]
    assert extended[1:4] == ["2025-02-13", "2025-02-27", "14"]
    assert late[1:4] == ["2025-04-01", "2025-04-20", "19"]
    assert extended[4] == late[9] != late[4] == extended[9]  # extended yes / late yes, no
    refused = by_code[year_2025["refused"].code]
    assert refused[7] == "RES-MSP-2025-007"
    totals = {row[0]: row[1] for row in rows if len(row) > 1 and row[1] and
              not row[0].startswith("CC-")}
    assert len([v for v in totals.values() if v == "5"]) >= 1  # requests received
    assert "10.2" in totals.values()
    assert any(row[0] == "RES-MSP-2025-007" and row[2] == "2025-01-10" for row in rows)


def test_the_report_as_xlsx(client, login_as, year_2025):
    login_as("official_msp")
    response = client.get("/transparencia/MSP/informe/2025.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    requests, totals, index = workbook.worksheets
    rows = list(requests.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 5
    late = next(row for row in rows if row[0] == year_2025["late"].code)
    assert late[1].date() == date(2025, 4, 1) and late[2].date() == date(2025, 4, 20)
    assert late[3] == 19
    figures = [row[1] for row in totals.iter_rows(min_row=2, values_only=True)]
    assert figures == [5, 4, 3, 2, 1, 3, 1, 1, 0, 0, 1, 10.2]
    assert [row[0] for row in index.iter_rows(min_row=2, values_only=True)] == [
        "RES-MSP-2025-007"]


REPORT = "/transparencia/MSP/informe/2025"


@pytest.mark.parametrize("who, status", [
    ("citizen", 403), ("official_msp", 200), ("moderator_msp", 403), ("admin_mdt", 403),
    ("rector", 200), ("platform_admin", 200)])
def test_who_reads_the_report(client, login_as, year_2025, who, status):
    login_as(who)
    assert client.get(REPORT).status_code == status
    assert client.get(REPORT + ".csv").status_code == status


@pytest.mark.parametrize("who, status", [
    ("citizen", 403), ("official_msp", 403), ("rector", 200), ("platform_admin", 200)])
def test_who_sees_every_institutions_report(client, login_as, institutions, who, status):
    login_as(who)
    assert client.get("/transparencia/informes/2025").status_code == status


def test_the_report_is_due_the_last_working_day_of_january(app):
    assert report.report_due_on(2025) == date(2026, 1, 30)  # 31 January 2026: a Saturday
    assert report.report_due_on(2026) == date(2027, 1, 29)  # 31 January 2027: a Sunday
    assert report.report_due_on(2023) == date(2024, 1, 31)


def test_an_administrator_marks_the_report_submitted(client, login_as, make_user,
                                                     institutions, year_2025):
    admin = make_user("admin@msp.gob.ec", roles=[(institutions["MSP"],
                                                  InstitutionRole.INSTITUTION_ADMIN)])
    login_as("official_msp")
    assert client.post(REPORT, data={"submitted_on": "2026-01-28"}).status_code == 403
    client.post("/cuenta/salir")
    from conftest import login_with_code
    login_with_code(client, admin)
    future = client.post(REPORT, data={"submitted_on": "2999-01-01"})
    assert future.status_code == 400
    assert "2999-01-01" in future.get_data(as_text=True)
    assert client.post(REPORT, data={"submitted_on": "2026-02-02"}).status_code == 302
    submission = db.session.query(LotaipReportSubmission).one()
    assert (submission.year, submission.submitted_on) == (2025, date(2026, 2, 2))


def test_the_rector_sees_which_reports_are_late_or_missing(client, login_as, institutions,
                                                           year_2025):
    db.session.add(LotaipReportSubmission(institution=institutions["MSP"], year=2025,
                                          submitted_on=date(2026, 2, 2)))
    db.session.commit()
    due, rows = report.overview(2025, today=date(2026, 3, 1))
    statuses = {row.institution.acronym: (row.status, row.requests, row.extended)
                for row in rows}
    assert due == date(2026, 1, 30)
    assert statuses["MSP"] == (report.Status.SUBMITTED_LATE, 5, 1)
    assert statuses["MDT"] == (report.Status.MISSING, 1, 0)
    _, before = report.overview(2025, today=date(2026, 1, 20))
    assert {r.institution.acronym: r.status for r in before}["MDT"] == report.Status.NOT_DUE
    login_as("rector")
    page = client.get("/transparencia/informes/2025").get_data(as_text=True)
    assert "Ministerio de Salud Pública" in page and "Ministerio del Trabajo" in page


def test_classification_records_and_the_public_index(client, make_user, institutions):
    admin = make_user("admin@msp.gob.ec", roles=[(institutions["MSP"],
                                                  InstitutionRole.INSTITUTION_ADMIN)])
    from conftest import login_with_code
    login_with_code(client, admin)
    bad = client.post("/transparencia/MSP/clasificaciones", data={
        "resolution_number": "RES-1", "topic": "Planes", "classified_on": "2025-03-01",
        "valid_until": "2024-03-01"})
    assert bad.status_code == 400 and "Planes" in bad.get_data(as_text=True)
    good = client.post("/transparencia/MSP/clasificaciones", data={
        "resolution_number": "RES-1", "topic": "Planes de seguridad de hospitales",
        "legal_basis": "Texto interno", "classified_on": "2025-03-01",
        "valid_until": "2030-03-01"})
    assert good.status_code == 302
    again = client.post("/transparencia/MSP/clasificaciones", data={
        "resolution_number": "res-1", "topic": "Otro", "classified_on": "2025-03-01",
        "valid_until": "2030-03-01"})
    assert again.status_code == 409
    client.post("/cuenta/salir")
    public = client.get("/transparencia/MSP/reservada")
    assert public.status_code == 200
    assert "RES-1" in public.get_data(as_text=True)
    assert "Planes de seguridad de hospitales" in public.get_data(as_text=True)


@pytest.mark.parametrize("who, status", [
    ("citizen", 403), ("official_msp", 403), ("admin_mdt", 403), ("rector", 403),
    ("platform_admin", 200)])
def test_who_keeps_the_classification_records(client, login_as, institutions, who, status):
    login_as(who)
    assert client.get("/transparencia/MSP/clasificaciones").status_code == status


def test_a_kept_report_shows_a_change_at_the_next_read(app, client, login_as, people,
                                                       institutions, year_2025):
    """With the figures cache on, the report of a busy institution is kept between reads;
    an answer, a new request or a new classification shows at once all the same."""
    from participa.extensions import cache

    english = {"Accept-Language": "en"}
    pending = year_2025["pending"]

    def csv_rows():
        body = client.get(f"{REPORT}.csv", headers=english).get_data(as_text=True)
        return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))

    def xlsx_codes_answered():
        book = load_workbook(io.BytesIO(client.get(f"{REPORT}.xlsx", headers=english).data))
        return {row[0]: row[2] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}

    app.config["STATS_CACHE_SECONDS"] = 300
    try:
        login_as("official_msp")
        page = client.get(REPORT, headers=english).get_data(as_text=True)
        assert page.count("<td>Not answered yet</td>") == 1
        assert {row[0]: row[2] for row in csv_rows()}[pending.code] == ""
        assert xlsx_codes_answered()[pending.code] is None
        # The same again: read from the cache.
        again = client.get(REPORT, headers=english).get_data(as_text=True)
        assert again.count("<td>Not answered yet</td>") == 1 and pending.code in again

        service.answer(people["official_msp"], pending, "Adjunto", "Art. 9",
                       now=at(date(2025, 12, 1)))
        db.session.commit()
        page = client.get(REPORT, headers=english).get_data(as_text=True)
        assert "<td>Not answered yet</td>" not in page
        assert {row[0]: row[2] for row in csv_rows()}[pending.code] == "2025-12-01"
        assert xlsx_codes_answered()[pending.code].date() == date(2025, 12, 1)

        # Not a case, read live or part of the downloads' key.
        db.session.add(ReservedClassification(
            institution=institutions["MSP"], resolution_number="RES-MSP-2025-099",
            topic="Inventario de vacunas", classified_on=date(2025, 6, 1),
            valid_until=date(2027, 6, 1), legal_basis=""))
        db.session.commit()
        assert "RES-MSP-2025-099" in client.get(REPORT, headers=english).get_data(as_text=True)
        assert any(row[0] == "RES-MSP-2025-099" for row in csv_rows())
        book = load_workbook(io.BytesIO(client.get(f"{REPORT}.xlsx").data))
        assert "RES-MSP-2025-099" in [row[0] for row in book.worksheets[2].iter_rows(values_only=True)]

        # The rector's overview counts a new request, and shows a submission, at once.
        client.post("/cuenta/salir")
        login_as("rector")
        overview = "/transparencia/informes/2025"

        def msp_row():
            page = client.get(overview, headers=english).get_data(as_text=True)
            return page[page.index(">Ministerio de Salud Pública</a>"):].split("</tr>")[0]

        assert "<td>5</td><td>1</td>" in msp_row() and "Submitted" not in msp_row()
        assert client.get(overview, headers=english).status_code == 200  # kept
        make_case(people["citizen"], institutions["MSP"], make_category(institutions["MSP"], "Otra"),
                  subject="Nómina", now=at(date(2025, 7, 7)), case_type=CaseType.INFORMATION_REQUEST)
        db.session.commit()
        assert "<td>6</td><td>1</td>" in msp_row()
        db.session.add(LotaipReportSubmission(institution=institutions["MSP"], year=2025,
                                              submitted_on=date(2026, 1, 20)))
        db.session.commit()
        assert "Submitted on time" in msp_row()
    finally:
        app.config["STATS_CACHE_SECONDS"] = 0
        with app.app_context():
            cache.clear()


def test_a_kept_report_follows_a_transfer(app, client, login_as, people, institutions,
                                          year_2025):
    """A request transferred to another institution leaves the first one's kept report and
    joins the other's at once."""
    from participa.extensions import cache

    pending = year_2025["pending"]

    def codes(acronym):
        body = client.get(f"/transparencia/{acronym}/informe/2025.csv").get_data(as_text=True)
        return {row[0] for row in csv.reader(io.StringIO(body.lstrip("\ufeff"))) if row}

    app.config["STATS_CACHE_SECONDS"] = 300
    try:
        login_as("rector")
        assert pending.code in codes("MSP") and pending.code not in codes("MDT")
        service.transfer(people["official_msp"], pending, institutions["MDT"],
                         "Competencia del Ministerio del Trabajo", now=at(date(2025, 11, 21)))
        db.session.commit()
        assert pending.code not in codes("MSP") and pending.code in codes("MDT")
    finally:
        app.config["STATS_CACHE_SECONDS"] = 0
        with app.app_context():
            cache.clear()


def test_a_kept_report_shows_imported_requests(app, client, login_as, institutions, tmp_path):
    """The import writes cases in bulk (not through the ORM): every kept report is built
    afresh after it."""
    from participa.extensions import cache

    def request_lines():
        body = client.get(f"{REPORT}.csv").get_data(as_text=True)
        return [row for row in csv.reader(io.StringIO(body.lstrip("\ufeff")))
                if row and row[0].startswith("CC-")]

    path = tmp_path / "historico.csv"
    path.write_text("external_id,institution_acronym,type,category,created_at,"
                    "first_response_at,resolved_at,status,satisfaction\n"
                    "H-1,MSP,information_request,Información,2025-04-01T12:00:00+00:00,,,"
                    "received,\n")
    app.config["STATS_CACHE_SECONDS"] = 300
    try:
        login_as("rector")
        assert request_lines() == []
        result = app.test_cli_runner().invoke(args=["participa", "import-cases", str(path)])
        assert result.exit_code == 0, result.output
        assert len(request_lines()) == 1
    finally:
        app.config["STATS_CACHE_SECONDS"] = 0
        with app.app_context():
            cache.clear()
