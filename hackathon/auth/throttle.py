"""Counting failed attempts at typed secrets (join codes, team codes, passwords), shared by workers.

Three kinds are throttled: ``join`` (an event's join code), ``team`` (a proposal's team code)
and ``login`` (email and password). Each has limits per browser session, per account (the
signed-in person for team codes, the typed email for login) and per address, set in the
config as ``<KIND>_FAILURES_PER_<SESSION|ACCOUNT|ADDRESS>`` ("5 per 5 minutes").

Only failures count. The session and account limits are hard: when one is used up, further
attempts from that session or on that account are refused (429 with Retry-After) without
being checked. An attempt reserves its hits first and a success gives them back, so
concurrent requests on several workers cannot get more than the limit through. A browser
that has signed in to an account before carries a signed "device" cookie and is exempt from
that account's limit, so a guesser cannot lock a facilitator out of their own account.

The address limit is soft, because a whole venue shares one address: once an address has
used up its allowance, every session from it that has failed before is refused, and any
session that fails is locked for its window, but a session without failures still gets its
attempt checked. So the correct code or password always gets in for the people in the hall,
while the guesser gets at most one try per fresh session. An exhausted address is logged.

Counters live in Redis when ``REDIS_URL`` is set, otherwise in the database table
``failure_counter`` (``hackathon.auth.counters``): never per process.

Guessing odds. Codes use 31 unambiguous characters. A guesser who keeps a session and an
account is held to the hard limits: 10 wrong team codes an hour per account is 7,200 guesses
in a 30-day lifetime; with 500 proposals in an event the chance of hitting any team code is
at most 7,200 x 500 / 31^12 (7.9e17) = 4.6e-12. A guesser who throws sessions (and, for team
codes, participant accounts) away gets one try per fresh session once the address allowance
is used up, so the bound is the server's speed. Take 1,000 wrong answers a second (more than
the 150 a second measured on two workers):

- team code, 12 characters (31^12 = 7.9e17), 30 days (2.6e9 guesses), 500 proposals:
  P <= 2.6e9 x 500 / 7.9e17 = 1.6e-6 (and it takes a new participant per 10 guesses);
- join code, 10 characters (31^10 = 8.2e14), joining open 7 days (6.0e8 guesses), 5 events
  open at once on the installation: P <= 6.0e8 x 5 / 8.2e14 = 3.7e-6;
- for comparison, the old 6-character team codes (31^6 = 8.9e8) at 150 guesses a second
  with 50 proposals: 1.3e7 guesses a day, about 0.73 expected hits, P = 52% in one day; the
  old 8-character join codes: P <= 3.5e-3 over 7 days with 5 events.

Existing shorter codes keep working (they are accepted as they are) and keep their weaker
odds; new events and proposals get the longer codes. Passwords (at least 10 characters) are
held to 10 failures per 15 minutes per account, at most 960 guesses a day. Personal,
invitation and projector links are not typed: they carry 256-bit random or HMAC-signed
tokens that cannot be guessed at any rate.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from flask import current_app, g, request, session
from itsdangerous import BadSignature, URLSafeSerializer
from limits import parse

from hackathon.auth import counters

log = logging.getLogger(__name__)

KINDS = ("join", "team", "login")
_CONFIG_PREFIX = {"join": "JOIN", "team": "TEAM_CODE", "login": "LOGIN"}
DEVICE_COOKIE = "hackathon_device"
DEVICE_SALT = "login-device"
DEVICE_MAX_AGE = 365 * 86400
DEVICE_ACCOUNTS_KEPT = 5


@dataclass(frozen=True)
class Rule:
    """One limit: at most ``amount`` failures per ``window`` seconds for ``bucket``."""

    scope: str
    bucket: str
    amount: int
    window: int


def session_key() -> str:
    """A random id for this browser session, created on first use."""
    if "sid" not in session:
        import secrets

        session["sid"] = secrets.token_urlsafe(12)
    return session["sid"]


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:40]


def account_id(value: str | int) -> str:
    """The key an account is counted under: a person's id or a typed email, normalised."""
    return str(value).strip().casefold()


def _rule(kind: str, scope: str, identifier: str) -> Rule | None:
    expression = current_app.config.get(f"{_CONFIG_PREFIX[kind]}_FAILURES_PER_{scope.upper()}")
    if not expression:
        return None
    item = parse(expression)
    return Rule(scope, f"{kind}:{scope}:{_digest(identifier)}", item.amount, item.get_expiry())


def _rules(kind: str, account: str | None) -> list[Rule]:
    """The session, account and address rules for this request (the address last)."""
    rules = [_rule(kind, "session", session_key())]
    if account and not _known_device(account):
        rules.append(_rule(kind, "account", account))
    rules.append(_rule(kind, "address", request.remote_addr or "unknown"))
    return [rule for rule in rules if rule is not None]


def begin(kind: str, *, account: str | int | None = None) -> int:
    """Reserve one attempt; 0 if it may be checked, else the seconds to wait (nothing kept).

    Call ``settle(right=...)`` (or ``failed()`` / ``succeeded()``) after checking the code.
    """
    store = counters.store()
    rules = _rules(kind, account_id(account) if account is not None else None)
    hard = [rule for rule in rules if rule.scope != "address"]
    address = next((rule for rule in rules if rule.scope == "address"), None)
    wait = 0
    earlier_failures = 0
    reserved: list[Rule] = []
    for rule in hard:
        count, seconds = store.hit(rule.bucket, rule.window)
        reserved.append(rule)
        if rule.scope == "session":
            earlier_failures = count - 1
        if count > rule.amount:
            wait = max(wait, seconds)
    if not wait and address is not None and earlier_failures:
        used, seconds = store.peek(address.bucket)
        if used >= address.amount:
            # The venue's allowance is used up: this session has failed before, so it waits.
            wait = max(seconds, _session_seconds(store, hard))
    if wait:
        for rule in reserved:
            store.refund(rule.bucket)
        g.pop("throttle_attempt", None)
        return wait
    g.throttle_attempt = (kind, reserved, address)
    return 0


def refuse_if_throttled(kind: str, *, account: str | int | None = None) -> None:
    """``begin()``, answering 429 with Retry-After and a translated message when refused."""
    wait = begin(kind, account=account)
    if wait:
        from flask_babel import gettext as _

        from hackathon.core.errors import fail

        fail(
            429,
            _("Too many wrong attempts. Try again in %(seconds)d seconds.", seconds=wait),
            retry_after=wait,
        )


def _session_seconds(store, rules: list[Rule]) -> int:
    session_rule = next((rule for rule in rules if rule.scope == "session"), None)
    return store.peek(session_rule.bucket)[1] if session_rule else 0


def failed() -> None:
    """The reserved attempt was wrong: keep its hits and count it against the address."""
    attempt = g.pop("throttle_attempt", None)
    if attempt is None:
        return
    kind, reserved, address = attempt
    if address is None:
        return
    store = counters.store()
    used, _seconds = store.hit(address.bucket, address.window)
    if used >= address.amount:
        if used == address.amount:
            log.warning("Failure allowance for %s used up by address %s", kind,
                        request.remote_addr)
        for rule in reserved:
            if rule.scope == "session":
                store.hit(rule.bucket, rule.window, rule.amount)  # lock this guesser


def succeeded() -> None:
    """The reserved attempt was right: give its hits back."""
    attempt = g.pop("throttle_attempt", None)
    if attempt is None:
        return
    store = counters.store()
    for rule in attempt[1]:
        store.refund(rule.bucket)


def settle(*, right: bool) -> None:
    """End the reserved attempt: ``succeeded()`` when it was right, else ``failed()``."""
    if right:
        succeeded()
    else:
        failed()


def _device_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=DEVICE_SALT)


def _device_accounts() -> list[str]:
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return []
    try:
        data = _device_serializer().loads(raw)
    except BadSignature:
        return []
    return [item for item in data if isinstance(item, str)] if isinstance(data, list) else []


def _known_device(account: str) -> bool:
    return _digest("device:" + account) in _device_accounts()


def remember_device(response, account: str | int):
    """Mark this browser as one that has signed in to ``account`` (exempt from its limit)."""
    entry = _digest("device:" + account_id(account))
    accounts = [entry] + [item for item in _device_accounts() if item != entry]
    response.set_cookie(
        DEVICE_COOKIE,
        _device_serializer().dumps(accounts[:DEVICE_ACCOUNTS_KEPT]),
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
    )
    return response
