"""Browser tests: the app served from a thread, driven by the system's Chromium.

Where no Chromium exists the tests are skipped with a reason, unless HACKATHON_REQUIRE_E2E=1
(CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from hackathon import create_app
from hackathon.extensions import db
from tests.conftest import _empty_all_tables, base_config

CHROMIUM = os.environ.get("HACKATHON_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    """Mark browser tests, and skip or fail them when there is no browser."""
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("HACKATHON_REQUIRE_E2E") == "1":
        raise pytest.UsageError(
            f"HACKATHON_REQUIRE_E2E=1 but no Chromium at {CHROMIUM}: apt-get install -y chromium"
        )
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch the system Chromium (playwright cannot download browsers here)."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def live_server(database_url):
    """The app with CSRF on, served on a free port of 127.0.0.1; yields its base URL."""
    app = create_app(base_config(database_url) | {"WTF_CSRF_ENABLED": True, "TESTING": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    ctx = app.app_context()
    ctx.push()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app
    finally:
        server.shutdown()
        thread.join(timeout=5)
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()
        ctx.pop()


def assert_accessible(page) -> None:
    """axe-core finds no serious or critical violation on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [
        v
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert not bad, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']]}"
        for v in bad
    )
