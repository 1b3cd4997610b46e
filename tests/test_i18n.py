"""Every user-facing string has a Danish translation; Danish is the default language."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "_nl": (1, 2)}


def _extracted_ids() -> set[str]:
    ids: set[str] = set()
    method_map = [("hackathon/**.py", "python"), ("templates/**.html", "jinja2")]
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS
    ):
        ids.add(message if isinstance(message, str) else message[0])
    return ids


def test_every_message_has_a_danish_translation():
    po_path = ROOT / "hackathon/translations/da/LC_MESSAGES/messages.po"
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale="da")
    translated = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalog
        if m.id and m.string and all(m.string) and "fuzzy" not in m.flags
    }
    missing = sorted(_extracted_ids() - translated)
    assert missing == [], f"run `make extract-messages` and translate: {missing[:10]}"


def test_danish_catalog_is_compiled_from_current_po():
    po = ROOT / "hackathon/translations/da/LC_MESSAGES/messages.po"
    mo = ROOT / "hackathon/translations/da/LC_MESSAGES/messages.mo"
    assert mo.exists(), "run `make translations`"
    assert mo.stat().st_mtime >= po.stat().st_mtime, "the .mo is older than the .po"
