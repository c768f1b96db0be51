"""The busiest lists read a page from an index in their order instead of sorting every row:
the public proposal list (both orders), an institution's work queue, and an institution's
LOTAIP requests of a year. Checked on SQLite's plan without statistics (a database just
migrated, where a new index once took the work queue away from ix_cases_queue); PostgreSQL
chooses by its statistics (checked on the benchmark's data), here at least no sort and no
sequential scan."""
from datetime import date

import pytest
from sqlalchemy import event

from participa.cases import queries
from participa.extensions import db
from participa.proposals import service as proposals
from participa.transparency import report


def plan_of(run, marker: str) -> str:
    """The plan of the last statement `run` sent that contains `marker`."""
    executed = []

    def remember(_conn, _cursor, statement, parameters, _context, _many):
        if marker in statement:
            executed.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    statement, parameters = executed[-1]
    if db.engine.dialect.name == "sqlite":
        prefix = "EXPLAIN QUERY PLAN "
    else:
        prefix = "EXPLAIN "
        db.session.execute(db.text("SET LOCAL enable_seqscan = off"))
        db.session.execute(db.text("SET LOCAL enable_sort = off"))
    return " ".join(str(row) for row in db.session.connection().exec_driver_sql(
        prefix + statement, parameters).all())


def assert_read_in_order(plan: str, index: str) -> None:
    if db.engine.dialect.name == "sqlite":
        assert index in plan and "TEMP B-TREE" not in plan, plan
    else:
        assert "Seq Scan" not in plan and "Sort" not in plan, plan


@pytest.mark.parametrize("sort, index", [("supports", "ix_proposals_published_supports"),
                                         ("newest", "ix_proposals_published_newest")])
def test_a_page_of_the_proposal_list_is_read_in_its_order(app, sort, index):
    plan = plan_of(lambda: proposals.list_proposals(sort=sort, page=3), "LIMIT")
    assert_read_in_order(plan, index)


@pytest.fixture
def analysed_before_the_new_indexes(app):
    """On SQLite, the statistics ANALYZE kept of the busiest institution's cases at national
    scale, for the indexes that existed before the last migration: a new index has none, and
    SQLite then guesses it very selective."""
    if db.engine.dialect.name != "sqlite":
        yield
        return
    db.session.execute(db.text("ANALYZE"))
    db.session.execute(db.text(
        "INSERT INTO sqlite_stat1 VALUES ('cases', 'ix_cases_queue', "
        "'1000000 9616 4808 4808 7 1 1 1 1'), ('cases', 'ix_cases_institution_state_due', "
        "'1000000 9616 1603 3')"))
    db.session.execute(db.text("ANALYZE sqlite_schema"))  # read the statistics again
    db.session.commit()
    yield
    db.session.rollback()
    db.session.execute(db.text("DELETE FROM sqlite_stat1"))
    db.session.execute(db.text("ANALYZE sqlite_schema"))
    db.session.commit()


def test_a_page_of_the_work_queue_is_read_in_its_order(analysed_before_the_new_indexes,
                                                      institutions, people):
    plan = plan_of(lambda: queries.queue(institutions["MSP"], queries.QueueFilters(),
                                         people["official_msp"], date(2026, 12, 2), 2),
                   "LIMIT")
    assert_read_in_order(plan, "ix_cases_queue")


def test_the_lotaip_report_reads_only_the_institutions_requests_of_the_year(institutions):
    plan = plan_of(lambda: report.request_lines(institutions["MSP"].id, 2026,
                                                date(2026, 12, 2)), "cases.type")
    if db.engine.dialect.name == "sqlite":
        assert "ix_cases_type_institution_created (type=? AND institution_id=? AND " \
               "created_at>? AND created_at<?)" in plan, plan
    else:
        assert "Seq Scan" not in plan, plan


def test_signing_in_finds_the_account_by_its_address_from_an_index(app):
    """Whatever the case the address is typed in: lower(email), from its own index, not a
    read of every account."""
    from participa.auth import service as accounts

    plan = plan_of(lambda: accounts.find_user_by_email("Ana.Perez@Example.EC"), "lower(")
    if db.engine.dialect.name == "sqlite":
        assert "ix_users_email_lower" in plan, plan
    else:
        assert "Seq Scan" not in plan and "ix_users_email_lower" in plan, plan
