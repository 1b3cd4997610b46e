"""The Danish catalogue speaks with one vocabulary (docs/glossary-da.md) and clean punctuation."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parent.parent / "hackathon/translations/da/LC_MESSAGES/messages.po"

# Preferred term -> variants the Danish UI does not use (whole words, any case).
GLOSSARY: dict[str, list[str]] = {
    "hold (holdet, holdene)": ["team", "teamet", "teams", "teamene", "teammedlem"],
    "arrangement (arrangementet)": ["event", "eventet", "events", "eventen"],
    "bedømmer": ["anmelder", "anmeldere", "reviewer", "revieweren"],
    "forslag": ["projektforslag"],
    "prøvehandling": ["testhandling", "forsøgshandling"],
    "procesejer": ["proces-ejer", "processejer"],
    "problemejer": ["problem-ejer"],
    "e-mail": ["email", "mail-adresse"],
}
# Two punctuation marks in a row ("organisationer.,"), a space before one, "..." instead of "…".
DOUBLED = re.compile(r"[.,;:!?][.,;:!?]|\s[.,;:](?!\d)|\.\.\.")
# Placeholders may hold English words (%(event)s); they are not Danish text.
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")


def danish_strings() -> list[tuple[str, str]]:
    """(msgid, each msgstr form) for every translated entry."""
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="da")
    out = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        out += [(ids[0], s) for s in strings if s]
    return out


def test_catalogue_uses_the_glossary_terms():
    found = []
    for preferred, forbidden in GLOSSARY.items():
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, forbidden)) + r")\b", re.I)
        for _msgid, text in danish_strings():
            hit = pattern.search(PLACEHOLDER.sub("X", text))
            if hit:
                found.append(f"{hit.group(0)!r} (use {preferred}): {text}")
    assert not found, "\n".join(found)


def test_catalogue_has_no_doubled_punctuation():
    bad = [text for _id, text in danish_strings() if DOUBLED.search(PLACEHOLDER.sub("X", text))]
    assert not bad, "\n".join(bad)


def test_counted_messages_have_danish_plural_forms():
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="da")
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"
    message = catalog.get("%(n)d review is not complete:")
    assert message is not None and message.string == (
        "%(n)d bedømmelse er ikke færdig:", "%(n)d bedømmelser er ikke færdige:")
    assert all(len(m.string) == 2 and all(m.string) for m in catalog if m.pluralizable)


def test_glossary_document_lists_every_preferred_term():
    doc = (PO.parents[4] / "docs/glossary-da.md").read_text(encoding="utf-8")
    for preferred, forbidden in GLOSSARY.items():
        assert preferred.split(" ")[0] in doc
        assert all(word in doc for word in forbidden)
