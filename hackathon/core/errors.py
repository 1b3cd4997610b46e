"""Error pages in the person's language; JSON for clients that ask for it."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from hackathon.extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please try again.")),
    403: (_l("Not allowed"), _l("You do not have access to this page.")),
    404: (_l("Page not found"), _l("The page does not exist or has been moved.")),
    405: (_l("Not allowed"), _l("This action is not possible here.")),
    409: (_l("Conflict"), _l("The action conflicts with the current state. Reload the page.")),
    413: (
        _l("Too much text"),
        _l("What you sent is larger than allowed (1 MB). Shorten it and try again."),
    ),
    429: (_l("Too many attempts"), _l("Please wait a moment before you try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error occurred. Nothing was changed.")),
    503: (
        _l("Temporarily unavailable"),
        _l("The database cannot be reached right now. Please try again in a moment."),
    ),
}


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes[
        "text/html"
    ]


def render_error(code: int, detail: str | None = None, retry_after: int | None = None):
    """Render the error page (or JSON) for ``code`` with an optional specific explanation."""
    title, message = MESSAGES.get(code, MESSAGES[500])
    if _wants_json():
        response = jsonify(error=str(title), message=str(detail or message))
    else:
        response = render_template(
            "errors/error.html",
            code=code,
            title=title,
            message=detail or message,
            retry_after=retry_after,
        )
    return response, code


def register_error_handlers(app: Flask) -> None:
    """Install handlers for the HTTP errors a person can meet, and for a lost database."""

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        code = error.code or 500
        detail = None
        retry_after = None
        if code == 429:
            retry_after = getattr(error, "retry_after", None)
        elif getattr(error, "show_to_user", False):
            detail = error.description
        response, code = render_error(code, detail, retry_after)
        response = app.make_response((response, code))
        if retry_after:
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(CSRFError)
    def _csrf_error(_error: CSRFError):
        return render_error(
            400,
            _l("The form had expired. Go back, reload the page and send it again."),
        )

    @app.errorhandler(OperationalError)
    def _database_down(_error: OperationalError):
        db.session.rollback()
        app.logger.exception("database unavailable")
        return render_error(ServiceUnavailable.code)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return _http_error(error)
        app.logger.exception("unhandled error")
        db.session.rollback()
        return render_error(500)


def fail(code: int, message: str, retry_after: int | None = None):
    """Stop the request with ``code`` and a translated message meant for the person."""
    from werkzeug.exceptions import default_exceptions

    error = default_exceptions[code](description=str(message))
    error.show_to_user = True  # type: ignore[attr-defined]
    if retry_after is not None:
        error.retry_after = retry_after  # type: ignore[attr-defined]
    raise error
