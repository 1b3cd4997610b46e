"""App-wide web plumbing: language, sessions, security headers, template helpers, errors."""

from __future__ import annotations

from flask import Flask, g, has_request_context, redirect, request, session
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSessionInterface
from flask_babel import get_locale
from flask_login import current_user, login_url
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import ServiceUnavailable
from werkzeug.middleware.proxy_fix import ProxyFix

from hackathon.enums import Phase
from hackathon.extensions import db, login_manager
from hackathon.parsing import CleanRequest, IdConverter, loads_json, parse_id

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
    ]
)


def select_locale() -> str:
    """Danish unless the person chose English with the language switch."""
    languages = g.get("languages") or ("da", "en")
    if not has_request_context():
        return languages[0]  # commands and services run outside requests: Danish
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and getattr(current_user, "is_authenticated", False):
        if current_user.language in languages:
            return current_user.language
    return languages[0]


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure when configured, or when this request is HTTPS (behind a proxy: ProxyFix)."""
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


class StrictJSONProvider(DefaultJSONProvider):
    """JSON that refuses deep nesting as malformed (a 400), instead of recursing into a 500."""

    def loads(self, s, **kwargs):
        """Parse ``s``; too deep nesting raises ValueError like any malformed JSON."""
        return loads_json(s, **kwargs)


class DatabaseUnavailable(ServiceUnavailable):
    """The database did not answer while the signed-in person was loaded."""


def init_app(app: Flask) -> None:
    """Attach the plumbing to ``app`` (before the blueprints: ids in routes are bounded)."""
    app.url_map.converters["int"] = IdConverter
    app.json = StrictJSONProvider(app)
    app.request_class = CleanRequest
    app.session_interface = HttpsAwareSessionInterface()
    if app.config.get("PROXY_FIX"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # the login page says why on its own
    login_manager.user_loader(_load_user)
    login_manager.unauthorized_handler(_unauthorized)

    @app.before_request
    def _per_request_state() -> None:
        g.languages = tuple(app.config["LANGUAGES"])
        # Caches kept on g live for one request, also where an app context outlives it.
        g.pop("_roles_cache", None)

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        # Personal links carry tokens in their path: never send them on as a referrer.
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    from hackathon import formatting, labels

    formatting.register(app)  # number, percent, date, datetime, time, duration, localtime
    app.jinja_env.filters["label"] = labels.label
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    app.jinja_env.globals["labels"] = labels
    app.jinja_env.globals["PHASES"] = list(Phase)
    app.jinja_env.globals["csrf_field"] = _csrf_field

    from hackathon.core.errors import register_error_handlers

    register_error_handlers(app)


def _csrf_field() -> Markup:
    """The CSRF token as a hidden input without an id (pages have several forms)."""
    from flask_wtf.csrf import generate_csrf

    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(generate_csrf())


def _unauthorized():
    """Not signed in: a script gets a 401 JSON answer, a person the sign-in page."""
    from hackathon.core.errors import is_fetch_request, json_error

    if is_fetch_request():
        return json_error(401)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def _load_user(session_id: str):
    """Load the signed-in person; a rotated login nonce ends the session.

    A database error is a 503, never "anonymous": a signed-in request that looked anonymous
    would be redirected to the sign-in page, and a script would take that for success."""
    from hackathon.models import Person

    if g.get("database_unavailable"):
        return None  # only while the 503 page itself renders
    person_id, _, nonce = session_id.partition(".")
    person_id = parse_id(person_id)
    if person_id is None:
        return None
    try:
        person = db.session.get(Person, person_id)
    except SQLAlchemyError as error:
        db.session.rollback()
        g.database_unavailable = True
        raise DatabaseUnavailable() from error
    if person is None or person.login_nonce != nonce:
        return None
    return person
