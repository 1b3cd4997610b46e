"""The service worker at ``/sw.js``: a proposal form reloaded without a connection still opens.

The worker script lives in ``static/js/sw.js`` but is served from the site's root, so its
scope is the whole site (a script under ``/static/`` could only control ``/static/``). It is
never cached for long: a changed worker reaches browsers on their next visit.

Privacy: the worker keeps copies of proposal forms, which are personal. Every HTML response
carries ``X-Session-Owner``, an opaque value for the signed-in session (empty when signed
out). The worker deletes every kept page when it sees the value change (sign-out, another
person signing in), and serves a kept page only to the session that it was kept for.

Browsers run service workers only in a secure context (HTTPS, or http://localhost and
http://127.0.0.1). On a venue network over plain http://192.168.x.y none is registered;
the text typed in the form is still kept in the browser's localStorage (autosave.js).
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from flask import Blueprint, Response, current_app, session
from flask_login import current_user

from hackathon.auth.sessions import SESSION_KEY

bp = Blueprint("worker", __name__)
OWNER_HEADER = "X-Session-Owner"


def session_owner() -> str:
    """An opaque id (20 hex) of this browser's signed-in session, or "" when signed out.

    Derived from the server-side session key with the app's secret: it names no person and
    changes with every new sign-in.
    """
    key = session.get(SESSION_KEY)
    if not key or not current_user or not current_user.is_authenticated:
        return ""
    secret = str(current_app.secret_key).encode()
    return hmac.new(secret, f"page-owner:{key}".encode(), hashlib.sha256).hexdigest()[:20]


@bp.get("/sw.js")
def script():
    """The worker script, from the root so it may control every page of the site."""
    path = Path(current_app.static_folder) / "js" / "sw.js"
    response = Response(path.read_bytes(), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.after_app_request
def _mark_owner(response):
    """Tell the worker whose session an HTML page belongs to (see the module doc)."""
    if response.mimetype == "text/html":
        response.headers[OWNER_HEADER] = session_owner()
    return response
