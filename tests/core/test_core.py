"""Front page, health check, language, security headers and error pages."""

from __future__ import annotations

import re

from hackathon import create_app
from tests.conftest import base_config


def test_front_page_is_danish_by_default(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="da">' in html
    assert "Deltag i et arrangement" in html


def test_language_switch_to_english_and_back(client):
    response = client.post("/language", data={"lang": "en", "next": "/join"})
    assert response.headers["Location"] == "/join"
    html = client.get("/join").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Join an event" in html
    client.post("/language", data={"lang": "da"})
    assert "Deltag i et arrangement" in client.get("/join").get_data(as_text=True)


def test_language_switch_ignores_foreign_redirects(client):
    response = client.post("/language", data={"lang": "en", "next": "//evil.example"})
    assert response.headers["Location"] == "/"


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_503_when_database_unreachable(tmp_path):
    app = create_app(base_config(f"sqlite:///{tmp_path}/missing/dir/db.sqlite"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"


def test_unreachable_database_gives_503_page_not_a_trace(tmp_path):
    app = create_app(base_config(f"sqlite:///{tmp_path}/missing/dir/db.sqlite"))
    response = app.test_client().post("/join", data={"code": "ABCDEFGH"})
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Midlertidigt utilgængelig" in html
    assert "Traceback" not in html and "sqlite" not in html.lower()


def test_security_headers_and_strict_csp(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_no_inline_script_or_style_in_pages(client):
    html = client.get("/").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html and "<style" not in html
    assert "http://" not in html.replace("http://localhost", "")


def test_session_cookie_secure_over_https(client):
    response = client.post("/language", data={"lang": "en"}, base_url="https://localhost")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie
    plain = client.post("/language", data={"lang": "da"})
    assert "Secure" not in plain.headers["Set-Cookie"]


def test_404_page_in_both_languages(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.get_data(as_text=True)
    client.post("/language", data={"lang": "en"})
    assert "Page not found" in client.get("/no-such-page").get_data(as_text=True)


def test_404_as_json_for_api_clients(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json["error"] == "Siden findes ikke"


def test_413_for_too_large_request(client):
    response = client.post("/join", data={"code": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "større end tilladt" in response.get_data(as_text=True)


def test_500_page_hides_details(app):
    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("secret detail")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom-for-test")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Noget gik galt" in html and "secret detail" not in html


def test_csrf_is_enforced_on_forms(csrf_app, make_event):
    client = csrf_app.test_client()
    response = client.post("/join", data={"code": "ABCDEFGH"})
    assert response.status_code == 400
    assert "Ugyldig forespørgsel" in response.get_data(as_text=True)


def test_csrf_token_present_in_every_form(csrf_app):
    client = csrf_app.test_client()
    for path in ("/", "/join", "/login"):
        html = client.get(path).get_data(as_text=True)
        forms = html.count("<form")
        assert forms and html.count('name="csrf_token"') == forms, path
