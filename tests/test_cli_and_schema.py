from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from caseworker.extensions import db
from caseworker.models import District, Measure, Person, Region, TargetGroup, User
from caseworker.domain.iin import is_valid
from tests.conftest import TODAY


def test_migrations_give_exactly_the_models_schema(app):
    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []


def test_reference_data_loaded(ctx):
    assert db.session.scalar(select(func.count(Region.id))) == 20
    assert db.session.scalar(select(func.count(TargetGroup.code))) == 22
    assert db.session.scalar(select(func.count(Measure.code))) == 12
    per_region = db.session.execute(select(District.region_id, func.count()).group_by(
        District.region_id)).all()
    assert len(per_region) == 20 and min(n for _, n in per_region) >= 3
    grant = db.session.get(Measure, "state_grant")
    assert grant.rules["requires_completed"] == "bastau_business"
    assert grant.rules["cooldown_years"] == 3 and "youth" in grant.rules["target_groups_any"]
    assert grant.needs_approval


def test_load_reference_twice_changes_nothing(runner):
    result = runner.invoke(args=["load-reference"])
    assert result.exit_code == 0, result.output
    assert "0 added, 0 changed" in result.output


def test_create_user_command(runner, app):
    result = runner.invoke(args=["create-user", "new.worker", "--name", "Нұрлан Әбенов",
                                 "--role", "caseworker", "--district", "431010000",
                                 "--password", "s3cret-pass-word"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.login == "new.worker"))
        assert user.role == "caseworker" and user.district.kato == "431010000"
    refused = runner.invoke(args=["create-user", "x", "--name", "X", "--role", "caseworker",
                                  "--password", "s3cret-pass-word"])
    assert refused.exit_code != 0 and "needs --district" in refused.output


def test_demo_fills_an_empty_database(runner, app):
    result = runner.invoke(args=["demo", "--persons", "300"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Person.id))) == 300
        iins = db.session.scalars(select(Person.iin)).all()
        assert all(is_valid(i, TODAY) for i in iins) and len(set(iins)) == 300
        regions = db.session.scalar(select(func.count(func.distinct(Person.region_id))))
        assert regions >= 15
        logins = set(db.session.scalars(select(User.login)))
        assert {"admin", "analyst", "officer.kyzylorda", "supervisor.kyzylorda",
                "caseworker.kyzylorda", "caseworker.shymkent"} <= logins
        _demo_exchange()
    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0 and "nothing to do" in again.output
    # made with the summary paused and the facts deferred, then rebuilt once: both match
    for check in (["indicators", "summary", "--check"], ["casework", "facts", "--check"]):
        checked = runner.invoke(args=check)
        assert checked.exit_code == 0, checked.output


def test_migrations_carry_data_through_table_copies(tmp_path):
    """A database with persons and referrals goes from 0012 to the head: SQLite's table copies
    (batch migrations) keep the rows that point at the copied tables, persons registered
    before 0016 get their order key, and before 0019 their casework facts."""
    from flask_migrate import upgrade
    from sqlalchemy import text
    from caseworker.domain.names import fold_key, order_key
    from tests.old_schema import at_revision
    with at_revision(tmp_path, "0012"):
        from tests.old_schema import district_of, territories_by_sql
        territories_by_sql()
        db.session.execute(text(  # the catalogue entry as it was then, rules on its row
            "INSERT INTO measure (code, kind, rules, rules_version, needs_approval, "
            "benefit_unit, active, name_kk, name_ru, name_en) VALUES ('public_works', "
            "'public_works', '{\"min_age\": 16}', 1, 0, 'none', 1, 'Қ', 'О', 'P')"))
        district = district_of("431010000")
        db.session.execute(text(
            "INSERT INTO person (iin, birth_date, sex, last_name, first_name, name_search, "
            "region_id, district_id, rural, target_groups, languages, status, registered_on, "
            "created_at, updated_at, version) VALUES ('900517301423', '1990-05-17', 'M', "
            "'Әлиев', 'Ерлан', 'әлиев ерлан', :region, :district, 0, '[]', '[]', 'active', "
            "'2026-03-01', '2026-03-01', '2026-03-01', 1)"),
            {"region": district.region_id, "district": district.id})
        db.session.execute(text(
            "INSERT INTO referral (id, person_id, measure_code, status, proposed_on, status_on, "
            "verdict, rules_version, created_at, version) SELECT 7, id, 'public_works', "
            "'referred', '2026-03-02', '2026-03-02', '{}', 1, '2026-03-02', 1 FROM person"))
        db.session.execute(text(
            "INSERT INTO referral_event (referral_id, to_status, happened_on, recorded_at) "
            "VALUES (7, 'referred', '2026-03-02', '2026-03-02')"))
        db.session.commit()
        upgrade()
        assert db.session.scalar(text("SELECT name_order FROM person")) == order_key(
            "әлиев ерлан")
        assert db.session.scalar(text("SELECT name_fold FROM person")) == fold_key(
            "алиев ерлан")
        assert db.session.scalar(text("SELECT count(*) FROM referral_event "
                                      "JOIN referral ON referral.id = referral_id")) == 1
        assert db.session.execute(text(
            "SELECT open_referrals, provider_wait_from FROM person")).one() == (1, "2026-03-02")


def _demo_exchange():
    """Every organisation's BIN is valid; every district with a caseworker has an employer
    with open vacancies of several occupations, and some of them are subsidised jobs; the
    offers in every state are of those vacancies (one generator: one employer a district)."""
    from caseworker import policy
    from caseworker.domain.bin import parse
    from caseworker.models import Offer, Provider, Vacancy
    for number in db.session.scalars(select(Provider.bin)):
        parse(number)  # raises when one is not a BIN
    staffed = set(db.session.scalars(select(User.district_id).where(policy.case_holders())))
    with_vacancies = set(db.session.scalars(select(Vacancy.district_id).where(
        Vacancy.status == "open")))
    assert staffed and staffed <= with_vacancies
    assert db.session.scalar(select(func.count(func.distinct(Vacancy.occupation_code)))) >= 5
    assert db.session.scalar(select(func.count(Vacancy.id)).where(
        Vacancy.measure_code.is_not(None))) >= len(staffed)
    employers = db.session.execute(select(Vacancy.district_id, Vacancy.organisation_id)
                                   .distinct()).all()
    assert len(employers) == len({district for district, _ in employers})
    assert set(db.session.scalars(select(Offer.state))) == {
        "offered", "accepted", "refused", "no_answer"}
    assert set(db.session.scalars(select(Vacancy.status))) == {"open", "closed"}
