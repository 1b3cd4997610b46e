"""Failure limits on typed secrets: shared storage, per session/account/address, never the hall.

The gunicorn test with two worker processes is tests/test_two_workers.py; here one app plays
the part, and a second app on the same database plays the other worker.
"""

from __future__ import annotations

import os
import re
import secrets
import socket

import pytest
from sqlalchemy import func, select

from hackathon.auth import counters, throttle
from hackathon.auth.forms import normalise_join_code
from hackathon.enums import Role
from hackathon.extensions import db
from hackathon.models import FailureCounter, Proposal
from hackathon.models.event import JOIN_CODE_ALPHABET, display_code
from hackathon.proposals.services import start_proposal
from tests.conftest import base_config, make_test_app, sign_in

WRONG_EVENT = "ZZZZZZZZZZ"
WRONG_TEAM = "ZZZZZZZZZZZZ"


def _join(client, code):
    return client.post("/join", data={"code": code})


def _login(client, email, password):
    return client.post("/login", data={"email": email, "password": password})


def _join_team(client, event_id, code):
    return client.post(f"/events/{event_id}/proposals/join", data={"code": code})


@pytest.fixture
def proposal(app, make_event, make_person):
    """A draft proposal of a fresh event, with one author."""
    event = make_event()
    author = make_person(event, Role.PARTICIPANT)
    proposal = start_proposal(event=event, author=author, title="Familiens Broer")
    db.session.commit()
    proposal.test_event = event
    return proposal


def _participant_client(app, make_person, event):
    client = app.test_client()
    sign_in(client, make_person(event, Role.PARTICIPANT))
    return client


# --- codes ------------------------------------------------------------------------------------


def test_new_codes_are_long_and_use_the_unambiguous_alphabet(make_event, proposal):
    event = make_event()
    assert len(event.join_code) == 10 and set(event.join_code) <= set(JOIN_CODE_ALPHABET)
    assert len(proposal.team_code) == 12 and set(proposal.team_code) <= set(JOIN_CODE_ALPHABET)


def test_codes_are_shown_in_groups():
    assert display_code("ABCDEFGHJK") == "ABCDE-FGHJK"
    assert display_code("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN"
    assert display_code("ABCDEFGH") == "ABCD-EFGH"
    assert display_code("ABCDEF") == "ABC-DEF"


@pytest.mark.parametrize(
    "typed",
    ["abcd-efgh-jkmn", " ABCD EFGH JKMN ", "abcd\u2013efgh\u2014jkmn", "ABCD.EFGH_JKMN",
     "\uff21\uff22\uff23\uff24efgh\u200bjkmn", "ABCD\u00a0EFGH\tJKMN"],
)
def test_typed_codes_ignore_case_and_separators(typed):
    assert normalise_join_code(typed) == "ABCDEFGHJKMN"


def test_team_code_typed_as_shown_in_lower_case_joins(app, make_person, proposal):
    client = _participant_client(app, make_person, proposal.test_event)
    typed = display_code(proposal.team_code).lower().replace("-", " \u2013 ")
    response = _join_team(client, proposal.event_id, typed)
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}/edit")


def test_team_code_field_has_room_for_the_code_as_shown(app, make_person, proposal):
    client = _participant_client(app, make_person, proposal.test_event)
    html = client.get(f"/events/{proposal.event_id}/proposals/join").get_data(as_text=True)
    tag = re.search(r'<input[^>]*name="code"[^>]*>', html).group(0)
    maxlength = int(re.search(r'maxlength="(\d+)"', tag).group(1))
    assert maxlength >= len(display_code(proposal.team_code)) + 4  # and a few stray spaces


def test_existing_short_team_code_still_joins(app, make_person, proposal):
    proposal.team_code = "K7QM4T"  # made before codes grew to 12 characters
    db.session.commit()
    client = _participant_client(app, make_person, proposal.test_event)
    response = _join_team(client, proposal.event_id, "k7qm-4t")
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}/edit")


def test_existing_short_join_code_still_joins(client, make_event):
    event = make_event()
    event.join_code = "K7QM4TXA"  # made before codes grew to 10 characters
    db.session.commit()
    assert _join(client, "k7qm-4txa").headers["Location"].endswith("/join/profile")


# --- shared storage ---------------------------------------------------------------------------


def test_failures_are_counted_in_the_database_even_though_the_request_saves_nothing(
    app, client, make_event
):
    make_event()
    assert counters.storage_name() == "database"
    _join(client, WRONG_EVENT)
    db.session.expire_all()
    assert db.session.scalar(select(func.sum(FailureCounter.hits))) == 2  # session + address


def test_second_worker_on_the_same_database_sees_the_first_workers_failures(
    app, database_url, make_event
):
    event = make_event()
    first = app.test_client()
    for _ in range(3):
        assert _join(first, WRONG_EVENT).status_code == 200
    other_worker = make_test_app(base_config(database_url))  # its own memory, same database
    second = other_worker.test_client()
    second.set_cookie("session", first.get_cookie("session").value)  # the same browser
    try:
        assert _join(second, WRONG_EVENT).status_code == 200
        assert _join(second, WRONG_EVENT).status_code == 200
        assert _join(second, WRONG_EVENT).status_code == 429  # 5 in all, not 5 per worker
        assert _join(second, event.join_code).status_code == 429  # the guesser waits
    finally:
        with other_worker.app_context():
            db.engine.dispose()


def test_right_attempts_do_not_count(client, make_event):
    event = make_event()
    for _ in range(4):
        _join(client, WRONG_EVENT)
    for _ in range(3):
        assert _join(client, event.join_code).status_code == 302
    assert _join(client, WRONG_EVENT).status_code == 200  # the fifth failure is still answered
    assert _join(client, WRONG_EVENT).status_code == 429


# --- the venue's shared address -------------------------------------------------------------


def test_right_join_code_gets_in_after_the_address_allowance_is_used_up(app, make_event):
    app.config["JOIN_FAILURES_PER_ADDRESS"] = "6 per 10 minutes"
    event = make_event()
    for _ in range(3):  # three guessers behind the venue's address, two wrong codes each
        guesser = app.test_client()
        assert _join(guesser, WRONG_EVENT).status_code == 200
        assert _join(guesser, WRONG_EVENT).status_code == 200
    assert _join(guesser, WRONG_EVENT).status_code == 429  # a session that failed waits
    assert _join(guesser, event.join_code).status_code == 429
    newcomer = app.test_client()  # a person in the hall, same address, first try
    assert _join(newcomer, event.join_code).headers["Location"].endswith("/join/profile")
    fresh_guesser = app.test_client()
    assert _join(fresh_guesser, WRONG_EVENT).status_code == 200  # answered once ...
    assert _join(fresh_guesser, WRONG_EVENT).status_code == 429  # ... then locked


def test_another_address_is_not_slowed_by_the_venue(app, make_event):
    app.config["JOIN_FAILURES_PER_ADDRESS"] = "3 per 10 minutes"
    event = make_event()
    guesser = app.test_client()
    for _ in range(3):
        _join(guesser, WRONG_EVENT)
    assert _join(guesser, WRONG_EVENT).status_code == 429
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert _join(elsewhere, WRONG_EVENT).status_code == 200
    assert _join(elsewhere, WRONG_EVENT).status_code == 200
    assert _join(elsewhere, event.join_code).status_code == 302


# --- login ------------------------------------------------------------------------------------


def test_login_is_limited_per_account_across_sessions(app, make_event):
    app.config["LOGIN_FAILURES_PER_ACCOUNT"] = "3 per 15 minutes"
    email = make_event().test_facilitator.email
    for _ in range(3):
        assert _login(app.test_client(), email, "wrong password").status_code == 200
    response = _login(app.test_client(), email.upper(), "wrong password")
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 900
    assert "prøve igen om" in response.get_data(as_text=True)


def test_known_browser_signs_in_while_its_account_is_being_guessed(app, make_event):
    app.config["LOGIN_FAILURES_PER_ACCOUNT"] = "3 per 15 minutes"
    email = make_event().test_facilitator.email
    own_browser = app.test_client()
    assert _login(own_browser, email, "correct horse battery").status_code == 302
    own_browser.post("/logout")
    for _ in range(4):
        _login(app.test_client(), email, "wrong password")
    assert _login(app.test_client(), email, "correct horse battery").status_code == 429
    assert _login(own_browser, email, "correct horse battery").status_code == 302


def test_forged_device_cookie_does_not_lift_the_account_limit(app, make_event):
    app.config["LOGIN_FAILURES_PER_ACCOUNT"] = "2 per 15 minutes"
    email = make_event().test_facilitator.email
    for _ in range(2):
        _login(app.test_client(), email, "wrong password")
    forger = app.test_client()
    forger.set_cookie(throttle.DEVICE_COOKIE, "WyJhYmMiXQ.forged")
    assert _login(forger, email, "correct horse battery").status_code == 429


def test_right_password_gets_in_after_the_address_allowance_is_used_up(app, make_event):
    app.config["LOGIN_FAILURES_PER_ADDRESS"] = "3 per 10 minutes"
    event = make_event()
    for n in range(3):
        _login(app.test_client(), f"nobody{n}@example.org", "wrong password")
    colleague = app.test_client()
    response = _login(colleague, event.test_facilitator.email, "correct horse battery")
    assert response.status_code == 302


# --- team codes -------------------------------------------------------------------------------


def test_team_code_guesser_is_limited_per_account_across_sessions(app, make_person, proposal):
    app.config["TEAM_CODE_FAILURES_PER_ACCOUNT"] = "4 per hour"
    guesser = make_person(proposal.test_event, Role.PARTICIPANT)
    for _ in range(2):  # two browsers of the same person, two guesses each
        browser = app.test_client()
        sign_in(browser, guesser)
        assert _join_team(browser, proposal.event_id, WRONG_TEAM).status_code == 200
        assert _join_team(browser, proposal.event_id, WRONG_TEAM).status_code == 200
    third = app.test_client()
    sign_in(third, guesser)
    response = _join_team(third, proposal.event_id, proposal.team_code)
    assert response.status_code == 429
    assert "prøve igen om" in response.get_data(as_text=True)
    assert [a.person_id for a in db.session.get(Proposal, proposal.id).authors] == [
        proposal.authors[0].person_id
    ]


def test_team_member_joins_while_a_guesser_is_throttled(app, make_person, proposal):
    app.config["TEAM_CODE_FAILURES_PER_ADDRESS"] = "3 per 10 minutes"
    guesser = _participant_client(app, make_person, proposal.test_event)
    for _ in range(3):
        _join_team(guesser, proposal.event_id, WRONG_TEAM)
    assert _join_team(guesser, proposal.event_id, WRONG_TEAM).status_code == 429
    member = _participant_client(app, make_person, proposal.test_event)
    response = _join_team(member, proposal.event_id, proposal.team_code)
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}/edit")


# --- Redis ------------------------------------------------------------------------------------


def _redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_app(database_url):
    """An app whose counters live in Redis, under a key prefix of its own."""
    if not _redis_reachable():
        if os.environ.get("HACKATHON_REQUIRE_REDIS") == "1":
            pytest.fail("HACKATHON_REQUIRE_REDIS=1 but no Redis at 127.0.0.1:6379")
        pytest.skip("no Redis at 127.0.0.1:6379 (the Redis storage is tested where one runs)")
    prefix = f"hackathon-test-{secrets.token_hex(4)}:"
    config = base_config(database_url) | {
        "RATELIMIT_STORAGE_URI": "memory://",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "REDIS_KEY_PREFIX": prefix,
    }
    app = make_test_app(config)
    with app.app_context():
        yield app
        client = counters.store().primary.client
        for key in client.scan_iter(prefix + "*"):
            client.delete(key)
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def test_redis_counters_hold_the_session_limit_and_expire(redis_app):
    client = redis_app.test_client()
    for _ in range(5):
        assert _join(client, WRONG_EVENT).status_code == 200
    assert _join(client, WRONG_EVENT).status_code == 429
    assert counters.storage_name() == "redis"
    store = counters.store().primary
    keys = list(store.client.scan_iter(store.prefix + "*"))
    assert len(keys) == 2 and all(0 < store.client.ttl(key) <= 600 for key in keys)
    assert db.session.scalar(select(func.count()).select_from(FailureCounter)) == 0


def test_redis_down_falls_back_to_the_database(app, database_url):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = base_config(database_url) | {"REDIS_URL": f"redis://127.0.0.1:{port}/0"}
    other = make_test_app(config)
    client = other.test_client()
    try:
        for _ in range(5):
            assert _join(client, WRONG_EVENT).status_code == 200
        assert _join(client, WRONG_EVENT).status_code == 429
    finally:
        with other.app_context():
            db.engine.dispose()


def test_redis_url_is_also_taken_from_the_limiter_setting(database_url):
    app = make_test_app(
        base_config(database_url) | {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/3"}
    )
    assert app.config["REDIS_URL"] == "redis://127.0.0.1:6379/3"
    app = make_test_app(base_config(database_url) | {"REDIS_URL": "redis://127.0.0.1:6379/4"})
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/4"
