"""Error pages in the person's language; JSON for clients that ask for it.

A request made by our own scripts (autosave, the live dashboard, the projector, the what-if
sandbox) always gets JSON with a ``status`` and a translated ``message``, never a redirect or an
HTML page: a script that followed a redirect to the sign-in page would take its 200 for success.
"""

from __future__ import annotations

from flask import Flask, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from hackathon.extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please try again.")),
    401: (
        _l("Signed out"),
        _l("You are signed out. Sign in again (for example in another tab), then try again."),
    ),
    403: (_l("Not allowed"), _l("You do not have access to this page.")),
    404: (_l("Page not found"), _l("The page does not exist or has been moved.")),
    405: (_l("Not allowed"), _l("This action is not possible here.")),
    409: (_l("Conflict"), _l("The action conflicts with the current state. Reload the page.")),
    413: (
        _l("Too much text"),
        _l("What you sent is larger than allowed (1 MB). Shorten it and try again."),
    ),
    422: (
        _l("Could not be read"),
        _l("Some of what you sent could not be read. Check it and try again."),
    ),
    429: (_l("Too many attempts"), _l("Please wait a moment before you try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error occurred. Nothing was changed.")),
    503: (
        _l("Temporarily unavailable"),
        _l("The database cannot be reached right now. Please try again in a moment."),
    ),
}


# What a script can tell from the JSON answer, by status code.
STATUS_WORDS = {
    400: "invalid", 401: "signed_out", 403: "forbidden", 404: "not_found", 405: "not_allowed",
    409: "refused", 413: "too_large", 422: "invalid", 429: "throttled", 500: "error",
    503: "unavailable",
}
# Endpoints only our scripts call (fetch): they answer JSON, whatever the Accept header says.
FETCH_ENDPOINTS = frozenset({"proposals.autosave", "live.panel", "live.projector_data",
                             "core.session_state"})


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes[
        "text/html"
    ]


def is_fetch_request() -> bool:
    """Whether a script (not a person following a link) made this request: it must get JSON."""
    return (
        request.endpoint in FETCH_ENDPOINTS
        or request.is_json
        or request.headers.get("X-Requested-With", "") != ""
        or request.args.get("format") == "json"
        or _wants_json()
    )


def json_error(code: int, message: str | None = None, status: str | None = None):
    """The JSON answer for an error: ``{"status", "error", "message"}`` with ``code`` set."""
    title, default = MESSAGES.get(code, MESSAGES[500])
    response = jsonify(
        status=status or STATUS_WORDS.get(code, "error"),
        error=str(title),
        message=str(message or default),
    )
    response.status_code = code
    return response


def render_error(code: int, detail: str | None = None, retry_after: int | None = None):
    """Render the error page (or JSON) for ``code`` with an optional specific explanation."""
    title, message = MESSAGES.get(code, MESSAGES[500])
    if is_fetch_request():
        response = json_error(code, detail or message)
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
        if is_fetch_request():
            # A script's token is stale because the session ended or was renewed elsewhere: it
            # fetches a fresh token (core.session_state) and sends again.
            from flask_login import current_user

            if not getattr(current_user, "is_authenticated", False):
                return json_error(401)
            return json_error(
                403, _l("The page's security token has expired. It is renewed and sent again."),
                status="csrf",
            )
        return render_error(
            400,
            _l("The form had expired. Go back, reload the page and send it again."),
        )

    @app.errorhandler(OperationalError)
    def _database_down(_error: OperationalError):
        g.database_unavailable = True  # the error page renders as for an anonymous visitor
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
