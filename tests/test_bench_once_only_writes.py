"""On a reused benchmark data set, the supports the signed-in citizens gave in an earlier
run are deleted before the next one, so that the support scenario measures accepted
supports again; everybody else's stay, and each proposal's kept count matches its rows."""
from sqlalchemy import func, select

from bench.once_only_writes import forget_supports
from participa.demo import demo_cedula
from participa.extensions import db
from participa.models import ProposalSupport, ProposalTopic
from participa.proposals import service


def test_the_signed_in_citizens_supports_are_forgotten_and_the_counts_follow(
        make_user, institutions):
    people = [make_user(f"persona{n}@example.ec", name=f"Persona {n}",
                        cedula=demo_cedula(f"1710000{n:02d}")) for n in range(4)]
    author, bench_citizen, other_bench_citizen, generated_supporter = people
    proposal = service.submit_proposal(author, institutions["MSP"], title="Más parques",
                                       summary="Parques en cada barrio.",
                                       body="Que cada barrio tenga un parque.",
                                       topic=ProposalTopic.ENVIRONMENT)
    db.session.commit()
    for person in (bench_citizen, other_bench_citizen, generated_supporter):
        service.support_proposal(person, proposal)
    db.session.commit()
    assert proposal.support_count == 3

    context = {"verified_citizen_ids": [bench_citizen.id, other_bench_citizen.id]}
    with db.engine.begin() as connection:
        assert forget_supports(connection, context) == 2
    db.session.expire_all()
    supporters = db.session.scalars(select(ProposalSupport.user_id)).all()
    assert supporters == [generated_supporter.id]
    assert proposal.support_count == 1
    # Supported afresh: accepted, as on a generated data set.
    service.support_proposal(bench_citizen, proposal)
    db.session.commit()
    assert proposal.support_count == 2 == db.session.scalar(
        select(func.count()).select_from(ProposalSupport))
    with db.engine.begin() as connection:
        assert forget_supports(connection, {"verified_citizen_ids": [author.id]}) == 0
