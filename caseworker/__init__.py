"""caseworker: profiles, measures, referrals and indicators for the career centres."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from caseworker import config as settings
from caseworker.extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"),
                instance_path=str(settings.INSTANCE))
    app.config.update(settings.load())
    if config:
        app.config.update(config)
    from caseworker import clock
    clock.zone_named(app.config["TIMEZONE"])  # an unknown zone stops the start, saying so
    if settings.local_only(app.config["PUBLIC_URL"]) and not app.config.get("TESTING"):
        app.logger.warning("CASEWORKER_PUBLIC_URL is %s: letters print a verification link "
                           "and QR code that only this machine can open",
                           app.config["PUBLIC_URL"])

    from caseworker import models  # noqa: F401  (registers the tables)
    from caseworker import replica
    replica.configure(app)  # before db.init_app: the replica is one more engine
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)

    from caseworker import web
    login_manager.init_app(app)
    web.setup_login(login_manager)
    babel.init_app(app, locale_selector=web.select_locale)
    from caseworker import translating
    translating.install(app)  # the templates' gettext in one lookup a string
    web.setup_requests(app)
    from caseworker import observe
    observe.setup(app)
    web.setup_errors(app)
    web.setup_templates(app)
    from caseworker.measures import explain
    from caseworker.people import changes
    app.jinja_env.globals.update(  # features' helpers for every template (web imports none)
        outcome_text=explain.sentence, rule_text=explain.rule_sentence,
        change_text=changes.readable)

    from caseworker.admin.views import bp as admin_bp
    from caseworker.api.views import bp as api_bp
    from caseworker.auth.views import bp as auth_bp
    from caseworker.indicators.views import bp as indicators_bp
    from caseworker.jobs.views import bp as jobs_bp
    from caseworker.main.views import bp as main_bp
    from caseworker.casework.views import bp as casework_bp
    from caseworker.measures.views import bp as measures_bp
    from caseworker.payments.views import bp as payments_bp
    from caseworker.people.views import bp as people_bp
    from caseworker.projects.views import bp as projects_bp
    from caseworker.providers.views import bp as providers_bp
    from caseworker.referrals.views import bp as referrals_bp
    for bp in (api_bp, auth_bp, main_bp, people_bp, measures_bp, referrals_bp, providers_bp,
               casework_bp, admin_bp, indicators_bp, projects_bp, jobs_bp,
               payments_bp):
        app.register_blueprint(bp)
    from caseworker.calendar.views import bp as calendar_bp
    app.register_blueprint(calendar_bp)
    from caseworker.imports.views import bp as imports_bp
    app.register_blueprint(imports_bp)
    from caseworker.partners import setup as partners
    partners.register(app)  # the organisations' answer page, their answers and response times
    from caseworker.vacancies.views import bp as vacancies_bp
    app.register_blueprint(vacancies_bp)
    from caseworker.providers.operations import on_deactivate
    from caseworker.vacancies.operations import close_with_employer
    on_deactivate(close_with_employer)  # an employer deactivated: its open vacancies close
    from caseworker.offers.views import bp as offers_bp
    app.register_blueprint(offers_bp)
    # The parts other features show on a person's page (people.page, which imports none of them).
    from caseworker.casework.pages import profile_context as casework_section
    from caseworker.measures.person_page import section as measures_section
    from caseworker.offers.pages import section as offers_section
    from caseworker.people import page as person_page
    for section in (measures_section, casework_section, offers_section):
        person_page.add_section(app, section)
    from caseworker.casework import worklist
    app.context_processor(worklist.template_globals)  # the menu's counts of what needs doing
    from caseworker.jobs import queue
    import caseworker.indicators.upkeep  # noqa: F401  (registers its upkeep on the queue)
    import caseworker.casework.upkeep  # noqa: F401  (registers its upkeep on the queue)
    import caseworker.people.upkeep  # noqa: F401  (the person counts: folded, checked)
    import caseworker.measures.upkeep  # noqa: F401  (the places used: folded, checked)
    import caseworker.api.upkeep  # noqa: F401  (registers its upkeep on the queue)
    import caseworker.auth.upkeep  # noqa: F401  (removes expired sessions)
    import caseworker.calendar.upkeep  # noqa: F401  (the schedule's working days)
    import caseworker.territories.upkeep  # noqa: F401  (moves whose day has come)
    import caseworker.indicators.worklist  # noqa: F401  (the officer's work queue)
    queue.configure(app)  # the task queue: SQLite in instance/, Redis, or at once in tests

    from caseworker.cli import register
    register(app)

    import caseworker.db_errors  # noqa: F401  (registers the engine listener)
    import caseworker.indicators.summary  # noqa: F401  (keeps the indicator summary current)
    import caseworker.casework.facts  # noqa: F401  (keeps the casework facts current)
    from caseworker.postgresql import setup_postgresql
    from caseworker.sqlite import setup_sqlite
    with app.app_context():
        setup_sqlite(db.engine)
        for engine in db.engines.values():  # the database and a reporting replica
            setup_postgresql(engine)
    return app
