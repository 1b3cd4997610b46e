"""The report as PDF (WeasyPrint), with every asset read from the app's static folder.

WeasyPrint is imported inside ``render_pdf`` so that starting the app does not pay for it.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import Flask
from werkzeug.security import safe_join

# Relative URLs in the HTML resolve against this; nothing is ever fetched from it.
BASE_URL = "http://report.local/"


def static_file(app: Flask, url: str) -> tuple[bytes, str]:
    """(content, mime type) of a URL under the app's static path; ValueError for anything
    else, so the PDF never fetches from the network or reads other files."""
    parts = urlsplit(url)
    prefix = (app.static_url_path or "/static").rstrip("/") + "/"
    if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(BASE_URL).netloc:
        raise ValueError(f"not a local asset: {url}")
    if not parts.path.startswith(prefix) or app.static_folder is None:
        raise ValueError(f"not a static file: {url}")
    from hackathon.serving.static import source_name

    name = source_name(app, unquote(parts.path[len(prefix):]))  # pages link hashed names
    path = safe_join(app.static_folder, name)
    if path is None or not Path(path).is_file():
        raise ValueError(f"no such static file: {url}")
    mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return Path(path).read_bytes(), mime


def render_pdf(app: Flask, html: str) -> bytes:
    """The PDF of ``html`` (a complete document whose assets are under /static/)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves the app's static files; refuses every other URL."""

        def fetch(self, url, headers=None):
            """The static file at ``url`` (ValueError otherwise; WeasyPrint logs and skips)."""
            body, mime = static_file(app, url)
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
