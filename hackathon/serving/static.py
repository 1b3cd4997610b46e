"""Static files with content-hashed names, far-future caching and gzip, served by WhiteNoise.

At start-up every file under ``static/`` gets a name that carries the first 12 hex digits of
the SHA-256 of its content (``js/app.js`` -> ``js/app.3f2a9c1b04de.js``). ``url_for('static',
filename='js/app.js')`` writes the hashed name, so a browser may keep the file for a year
(``Cache-Control: max-age=31536000, immutable``): a changed file has a new name. The plain
names are served too, with a short cache time, for anything that asks for them directly.

The hashed copies and their gzip variants are written once per content into
``<instance>/static-cache/<hash of the whole set>/``; writes are atomic (``os.replace``), so
several workers starting at once produce the same files without racing.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import tempfile
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise

HASH_LENGTH = 12
IMMUTABLE = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}\.[A-Za-z0-9]+$")
# Worth compressing: text formats. Images such as PNG are compressed already.
COMPRESSIBLE = {".css", ".js", ".svg", ".json", ".txt", ".html", ".map", ".webmanifest"}
# Plain (unhashed) names may change under the same URL: let browsers revalidate soon.
PLAIN_MAX_AGE = 60


def hashed_name(relative: str, content: bytes) -> str:
    """``css/app.css`` -> ``css/app.<12 hex>.css`` for the given file content."""
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    stem, dot, suffix = relative.rpartition(".")
    if not dot or "/" in suffix:
        return f"{relative}.{digest}"
    return f"{stem}.{digest}.{suffix}"


def build_manifest(static_dir: Path) -> dict[str, str]:
    """Map each file's path relative to ``static_dir`` (with ``/``) to its hashed name."""
    manifest = {}
    for path in sorted(static_dir.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            relative = path.relative_to(static_dir).as_posix()
            manifest[relative] = hashed_name(relative, path.read_bytes())
    return manifest


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, target)


def populate_cache(static_dir: Path, cache_dir: Path, manifest: dict[str, str]) -> None:
    """Write each file under its plain and hashed name, with a ``.gz`` beside text files."""
    for relative, hashed in manifest.items():
        data = (static_dir / relative).read_bytes()
        compressed = None
        if Path(relative).suffix.lower() in COMPRESSIBLE:
            compressed = gzip.compress(data, compresslevel=9, mtime=0)
            if len(compressed) >= len(data):
                compressed = None
        for name in (relative, hashed):
            target = cache_dir / name
            if not target.exists():
                _write_atomic(target, data)
            if compressed is not None and not target.with_name(target.name + ".gz").exists():
                _write_atomic(target.with_name(target.name + ".gz"), compressed)


def _is_immutable(path: str, url: str) -> bool:
    return bool(IMMUTABLE.search(url))


def _security_headers(headers, path: str, url: str) -> None:
    headers["X-Content-Type-Options"] = "nosniff"


def source_name(app: Flask, name: str) -> str:
    """The file name under ``static/`` of a possibly hashed ``name`` (unknown: unchanged)."""
    reverse = app.extensions.get("static_sources")
    if reverse is None:
        manifest = app.extensions.get("static_manifest", {})
        reverse = app.extensions["static_sources"] = {v: k for k, v in manifest.items()}
    return reverse.get(name, name)


def init_static(app: Flask) -> None:
    """Serve ``app.static_folder`` through WhiteNoise with hashed names (see module doc)."""
    static_dir = Path(app.static_folder)
    manifest = build_manifest(static_dir)
    set_hash = hashlib.sha256(repr(sorted(manifest.items())).encode()).hexdigest()[:16]
    cache_dir = Path(app.instance_path) / "static-cache" / set_hash
    populate_cache(static_dir, cache_dir, manifest)
    app.extensions["static_manifest"] = manifest

    @app.url_defaults
    def _hashed_static_url(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = manifest.get(values["filename"], values["filename"])

    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=str(cache_dir),
        prefix=app.static_url_path.strip("/") + "/",
        max_age=PLAIN_MAX_AGE,
        immutable_file_test=_is_immutable,
        allow_all_origins=False,
        add_headers_function=_security_headers,
    )
