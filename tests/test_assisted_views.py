"""Assisted filing through the pages: the desk, the receipt, the follow-up with a second
factor, the call list, the printed answer, the claim and the Infocentros' administration."""
import re

import pytest
from sqlalchemy import select

from participa.assisted import infocentros
from participa.extensions import db
from participa.models import Case, CaseCall, Channel, PriorityConsent, PriorityGroup, User

from conftest import login_with_code
from factories_cases import make_category


@pytest.fixture
def setting(people, institutions, make_user):
    place = infocentros.create(people["platform_admin"], name="Infocentro Zámbiza",
                               place_code="170181")
    staff = make_user("operadora@infocentro.gob.ec", name="Olga Operadora", two_factor=True)
    infocentros.add_staff(people["platform_admin"], place, staff.email)
    db.session.commit()
    category = make_category(institutions["MSP"])
    return {"infocentro": place, "staff": staff, "category": category}


def filing_data(setting, **overrides):
    data = {"desk": f"i:{setting['infocentro'].id}", "channel": "phone",
            "person_name": "María Quishpe", "reach_by": "phone", "phone": "0991234567",
            "type": "complaint", "category": str(setting["category"].id),
            "subject": "Medicinas que faltan", "description": "No hay insulina.",
            "consent_form": "read_aloud", "consent": "y"}
    data.update(overrides)
    return data


def file_one(client, setting, **overrides):
    response = client.post("/atencion/nuevo/MSP", data=filing_data(setting, **overrides))
    assert response.status_code == 200, response.get_data(as_text=True)
    page = response.get_data(as_text=True)
    code = re.search(r"CC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", page).group(0)
    pin = re.search(r'receipt-pin">(\d{6})<', page)
    return code, pin.group(1) if pin else None, page


def test_staff_file_by_phone_and_get_a_printable_receipt(client, setting):
    login_with_code(client, setting["staff"])
    desk = client.get("/atencion/")
    assert desk.status_code == 200 and "Assisted filing" in desk.get_data(as_text=True) \
        or "Atención asistida" in desk.get_data(as_text=True)
    code, pin, page = file_one(client, setting)
    assert pin and "css/assisted.css" in page
    case = db.session.scalar(select(Case).where(Case.code == code))
    assert case.channel == Channel.PHONE and case.assisted.filed_by_id == setting["staff"].id


def test_without_consent_the_form_comes_back_with_the_text_kept(client, setting):
    login_with_code(client, setting["staff"])
    response = client.post("/atencion/nuevo/MSP", data=filing_data(setting, consent=""))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Medicinas que faltan" in page and "error-summary" in page
    assert db.session.scalar(select(Case.id)) is None


@pytest.mark.parametrize("who", ["citizen", "rector"])
def test_people_without_a_desk_cannot_file(client, setting, login_as, who):
    login_as(who)
    assert client.get("/atencion/").status_code == 403
    assert client.post("/atencion/nuevo/MSP", data=filing_data(setting)).status_code == 403
    assert db.session.scalar(select(Case.id)) is None


def test_a_desk_of_someone_else_is_refused(client, setting, login_as, institutions):
    login_as("official_msp")
    # The Infocentro is not theirs: not among the choices, so the form refuses it.
    response = client.post("/atencion/nuevo/MSP", data=filing_data(setting))
    assert response.status_code == 400
    assert db.session.scalar(select(Case.id)) is None
    response = client.post("/atencion/nuevo/MSP", data=filing_data(
        setting, desk=f"o:{institutions['MSP'].id}", channel="counter"))
    assert response.status_code == 200


def test_the_person_follows_the_case_with_code_and_pin(client, app, setting):
    login_with_code(client, setting["staff"])
    code, pin, _ = file_one(client, setting)
    anonymous = app.test_client()
    # The ordinary case page does not show it without the second factor.
    response = anonymous.get(f"/casos/{code}")
    assert response.status_code == 302 and "/atencion/seguimiento" in response.headers["Location"]
    wrong = anonymous.post("/atencion/seguimiento", data={"code": code, "factor": "999999"
                                                          if pin != "999999" else "111111"})
    unknown = anonymous.post("/atencion/seguimiento", data={"code": "CC-0000-0000-0000",
                                                            "factor": pin})
    assert wrong.status_code == unknown.status_code == 400
    message = "no corresponden a ningún caso"
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    right = anonymous.post("/atencion/seguimiento", data={"code": code.lower(), "factor": pin})
    assert right.status_code == 200
    assert "Medicinas que faltan" in right.get_data(as_text=True)


def test_calls_are_listed_and_recorded(client, app, setting, people):
    login_with_code(client, setting["staff"])
    code, _, _ = file_one(client, setting)
    case = db.session.scalar(select(Case).where(Case.code == code))
    from participa.cases import service as cases
    cases.answer(people["official_msp"], case, "Ya llegó la insulina.", "Pedido recibido.")
    db.session.commit()
    desk = client.get("/atencion/").get_data(as_text=True)
    assert "María Quishpe" in desk and "0991234567" in desk
    printed = client.get(f"/atencion/casos/{code}/imprimir")
    assert printed.status_code == 200 and "Ya llegó la insulina." in printed.get_data(as_text=True)
    response = client.post(f"/atencion/casos/{code}/llamada",
                           data={"outcome": "reached", "note": "Le leí la respuesta"})
    assert response.status_code == 302
    assert db.session.scalar(select(CaseCall.note)) == "Le leí la respuesta"
    assert "María Quishpe" not in client.get("/atencion/").get_data(as_text=True)


def test_an_official_of_another_institution_cannot_print_or_call(client, app, setting,
                                                                  people):
    login_with_code(client, setting["staff"])
    code, _, _ = file_one(client, setting)
    other = app.test_client()
    login_with_code(other, people["admin_mdt"])
    assert other.get(f"/atencion/casos/{code}/imprimir").status_code == 404
    assert other.post(f"/atencion/casos/{code}/llamada",
                      data={"outcome": "reached"}).status_code == 404


def test_a_new_account_claims_the_case(client, app, setting, make_user):
    login_with_code(client, setting["staff"])
    code, pin, _ = file_one(client, setting)
    person = make_user("maria@example.ec", name="María Quishpe")
    own = app.test_client()
    login_with_code(own, person)
    response = own.post("/atencion/reclamar", data={"code": code, "factor": pin})
    assert response.status_code == 302
    assert own.get(f"/casos/{code}").status_code == 200
    assert code in own.get("/casos/mis-casos").get_data(as_text=True)


def test_platform_administrators_keep_infocentros(client, login_as, people, make_user):
    login_as("platform_admin")
    response = client.post("/atencion/infocentros", data={"name": "Infocentro Nayón",
                                                          "place_code": "170176"})
    assert response.status_code == 302
    bad = client.post("/atencion/infocentros", data={"name": "Otro", "place_code": "9999"})
    assert bad.status_code == 400 and "Otro" in bad.get_data(as_text=True)
    make_user("nuevo@infocentro.gob.ec")
    detail = response.headers["Location"]
    assert client.post(detail, data={"email": "nuevo@infocentro.gob.ec"}).status_code == 302
    assert "nuevo@infocentro.gob.ec" in client.get(detail).get_data(as_text=True)


def test_others_cannot_keep_infocentros(client, login_as):
    login_as("official_msp")
    assert client.get("/atencion/infocentros").status_code == 403


def test_infocentro_staff_must_use_two_step_verification(setting):
    from participa import authz

    assert authz.must_use_two_factor(setting["staff"])


def test_my_data_shows_the_claimed_case_with_its_channel_and_consent(client, app, setting,
                                                                     make_user):
    login_with_code(client, setting["staff"])
    code, pin, _ = file_one(client, setting)
    person = make_user("maria@example.ec", name="María Quishpe")
    own = app.test_client()
    login_with_code(own, person)
    assert own.post("/atencion/reclamar", data={"code": code, "factor": pin}).status_code == 302
    page = own.get("/cuenta/mis-datos").get_data(as_text=True)
    assert "Infocentro Zámbiza" in page and "0991234567" in page and "170181" in page
    data = own.get("/cuenta/mis-datos.json").get_data(as_text=True)
    assert '"consent_form": "read_aloud"' in data and '"channel": "phone"' in data


def test_guessing_the_pin_is_stopped_with_a_429(client, app, setting):
    login_with_code(client, setting["staff"])
    code, pin, _ = file_one(client, setting)
    guesser = app.test_client()
    wrong = [f"{n:06d}" for n in range(30) if f"{n:06d}" != pin][:21]
    statuses = [guesser.post("/atencion/seguimiento", data={"code": code, "factor": guess}
                             ).status_code for guess in wrong[:20]]
    assert statuses == [400] * 20
    assert guesser.post("/atencion/seguimiento",
                        data={"code": code, "factor": pin}).status_code == 429
    # Reading the form is never limited.
    assert guesser.get("/atencion/seguimiento").status_code == 200


def test_the_call_list_reads_its_cases_in_a_fixed_number_of_queries(client, app, setting,
                                                                   people):
    from sqlalchemy import event

    from participa.cases import service as cases

    login_with_code(client, setting["staff"])

    def queries_for_desk() -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/atencion/").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    def one_more_with_news():
        code, _, _ = file_one(client, setting)
        case = db.session.scalar(select(Case).where(Case.code == code))
        cases.answer(people["official_msp"], case, "Respuesta.", "Razones.")
        db.session.commit()

    one_more_with_news()
    with_one = queries_for_desk()
    one_more_with_news()
    one_more_with_news()
    assert queries_for_desk() == with_one


def test_staff_record_priority_attention_with_the_consent_given_on_the_phone(client, setting):
    login_with_code(client, setting["staff"])
    code, _, _ = file_one(client, setting, priority_requested="y",
                          priority_group="older_adult", priority_consent="y")
    case = db.session.scalar(select(Case).where(Case.code == code))
    assert case.priority and case.priority_group == PriorityGroup.OLDER_ADULT
    assert case.priority_consent == PriorityConsent.PHONE


def test_priority_without_the_persons_consent_is_refused_and_nothing_is_filed(client,
                                                                               setting):
    login_with_code(client, setting["staff"])
    response = client.post("/atencion/nuevo/MSP", data=filing_data(
        setting, priority_requested="y", priority_group="older_adult"))
    assert response.status_code == 400
    assert "Medicinas que faltan" in response.get_data(as_text=True)
    assert db.session.scalar(select(Case.id)) is None


def test_the_demo_has_an_infocentro_and_a_priority_case_filed_by_phone(app):
    from participa import demo
    from participa.auth.demo import DEMO_TOTP_SECRET

    demo.load()
    db.session.commit()
    staff = db.session.scalar(select(User).where(
        User.email == "infocentro.guamote@mintel.gob.ec"))
    assert staff.two_factor.secret == DEMO_TOTP_SECRET
    case = db.session.scalar(select(Case).where(Case.channel == Channel.PHONE))
    assert case.assisted.filed_by_id == staff.id and case.priority
    assert case.assisted.infocentro.place_code == "060650"


def test_the_demo_accounts_have_consented_to_the_notice_in_force(app):
    """The demo's assisted case records the person's consent; the demo accounts still have
    their own, so that signing in does not stop at the notice."""
    from participa import demo
    from participa.privacy.notice import NOTICE_VERSION, latest_version

    demo.load()
    db.session.commit()
    for email in ("admin@participa.gob.ec", "infocentro.guamote@mintel.gob.ec",
                  "maria.quishpe@example.ec"):
        user = db.session.scalar(select(User).where(User.email == email))
        assert latest_version(user) == NOTICE_VERSION


def test_an_official_files_at_the_counter_and_the_receipt_is_mailed(client, app, setting,
                                                                    people):
    from pathlib import Path

    login_with_code(client, people["official_msp"])
    form = client.get("/atencion/nuevo/MSP").get_data(as_text=True)
    assert "Ventanilla del Ministerio de Salud Pública" in form
    msp = setting["category"].institution
    code, pin, _ = file_one(client, setting, desk=f"o:{msp.id}", channel="counter",
                            reach_by="email", email="rosa@example.ec", phone="")
    mails = [p.read_text(encoding="utf-8") for p in Path(app.config["MAIL_DIR"]).glob("*.eml")]
    assert any(code in mail and "rosa@example.ec" in mail for mail in mails)
