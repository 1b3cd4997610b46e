"""Static files: content-hashed names, a year of caching, gzip, and plain names still served."""

from __future__ import annotations

import gzip
import re

from hackathon.serving.static import build_manifest, hashed_name, populate_cache


def _asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def _fetch(client, url: str, **kwargs):
    """GET a static file and close the response (WhiteNoise streams from an open file)."""
    response = client.get(url, **kwargs)
    response.get_data()
    response.close()
    return response


def test_pages_link_assets_by_content_hashed_name(client):
    urls = _asset_urls(client.get("/").get_data(as_text=True))
    assert urls
    assert all(re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", url) for url in urls)


def test_hashed_asset_is_cached_for_a_year_and_immutable(client):
    url = _asset_urls(client.get("/").get_data(as_text=True))[0]
    response = _fetch(client, url)
    assert response.status_code == 200
    cache = response.headers["Cache-Control"]
    max_age = int(re.search(r"max-age=(\d+)", cache).group(1))
    assert max_age >= 365 * 24 * 3600 and "immutable" in cache
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Access-Control-Allow-Origin" not in response.headers


def test_text_assets_are_sent_gzipped_to_browsers_that_accept_it(client):
    css = next(u for u in _asset_urls(client.get("/").get_data(as_text=True)) if u.endswith(".css"))
    plain = _fetch(client, css)
    zipped = _fetch(client, css, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert len(zipped.data) < len(plain.data) / 2


def test_plain_name_is_served_with_a_short_cache_time(client):
    response = _fetch(client, "/static/js/app.js")
    assert response.status_code == 200
    assert "immutable" not in response.headers["Cache-Control"]


def test_unknown_static_file_is_404(client):
    assert _fetch(client, "/static/js/nothing.0123456789ab.js").status_code == 404


def test_hashed_name_changes_with_content_and_keeps_the_suffix():
    first = hashed_name("js/app.js", b"one")
    assert re.fullmatch(r"js/app\.[0-9a-f]{12}\.js", first)
    assert hashed_name("js/app.js", b"two") != first
    assert hashed_name("LICENSE", b"x").startswith("LICENSE.")


def test_populating_the_cache_twice_is_harmless(tmp_path):
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "a.css").write_text("body { color: black; }\n" * 40)
    manifest = build_manifest(static)
    cache = tmp_path / "cache"
    populate_cache(static, cache, manifest)
    populate_cache(static, cache, manifest)
    hashed = cache / manifest["css/a.css"]
    assert hashed.read_bytes() == (static / "css" / "a.css").read_bytes()
    zipped = hashed.with_name(hashed.name + ".gz")
    assert gzip.decompress(zipped.read_bytes()) == hashed.read_bytes()
    assert not list(cache.rglob(".tmp-*"))
