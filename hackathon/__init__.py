"""The hackathon and prototype-selection tool: ``create_app`` builds the Flask application."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config, then extensions, then blueprints, then commands.

    The database schema is never created here (run ``hackathon db upgrade``), so that several
    gunicorn workers can start at once without racing each other.
    """
    # A relative HACKATHON_INSTANCE_PATH is resolved against the working directory.
    instance_path = os.path.abspath(
        os.environ.get("HACKATHON_INSTANCE_PATH") or str(PROJECT_ROOT / "instance")
    )
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )

    from hackathon.config import load_config

    load_config(app, test_config)

    from hackathon import web
    from hackathon.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=web.select_locale)
    limiter.init_app(app)
    web.init_app(app)

    from hackathon.audit.views import bp as audit_bp
    from hackathon.auth.views import bp as auth_bp
    from hackathon.bank.views import bp as bank_bp
    from hackathon.core.views import bp as core_bp
    from hackathon.events.views import bp as events_bp
    from hackathon.followup.board_views import bp as portfolio_bp
    from hackathon.followup.views import bp as followup_bp
    from hackathon.live.views import bp as live_bp
    from hackathon.organisations.views import bp as organisations_bp
    from hackathon.proposals.views import bp as proposals_bp
    from hackathon.report.views import bp as report_bp
    from hackathon.results.views import bp as results_bp
    from hackathon.review.role_views import bp as review_roles_bp
    from hackathon.review.views import bp as review_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(proposals_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(review_roles_bp)
    app.register_blueprint(results_bp)
    app.register_blueprint(report_bp)
    app.register_blueprint(live_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(followup_bp)
    app.register_blueprint(portfolio_bp)
    app.register_blueprint(organisations_bp)
    app.register_blueprint(bank_bp)

    from hackathon.serving.worker import bp as worker_bp

    app.register_blueprint(worker_bp)

    from hackathon.cli import register_commands

    register_commands(app)

    from hackathon.serving.static import init_static

    init_static(app)
    return app
