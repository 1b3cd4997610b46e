"""Danish tokenising and stemming, used alike for documents, queries and TF-IDF, so that SQLite
FTS5, PostgreSQL's ``danish`` configuration and the similarity model agree on word forms.

Pure Python: no Flask, no SQLAlchemy.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

# Words: runs of letters or digits (Unicode), so quotes, operators and emoji are separators.
WORD = re.compile(r"[^\W_]+", re.UNICODE)
# A query longer than this is cut (a 10,000-character search still answers at once).
MAX_QUERY_TERMS = 32
MAX_TERM_LENGTH = 60

# Snowball's Danish stop words: the same list PostgreSQL's ``danish`` configuration drops.
STOP_WORDS = frozenset("""
og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi
min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her
alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit
også under have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive
mange ad bliver hendes været thi jer sådan
""".split())

_stemmer = snowballstemmer.stemmer("danish")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Danish Snowball stem of one lower-case word ('familiernes' -> 'famili')."""
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """The lower-case words of ``text`` that are not stop words, in order."""
    return [
        w for w in (m.group(0).lower() for m in WORD.finditer(text or ""))
        if w not in STOP_WORDS and len(w) <= MAX_TERM_LENGTH
    ]


def stems(text: str) -> list[str]:
    """The stems of ``text``'s words, in order (documents and TF-IDF)."""
    return [stem(w) for w in words(text)]


def stemmed_document(text: str) -> str:
    """``text`` as space-separated stems: what the SQLite FTS5 index holds."""
    return " ".join(stems(text))


def query_words(query: str) -> list[str]:
    """A search string's words (at most MAX_QUERY_TERMS, no duplicates): operators, quotes and
    symbols are dropped, so no input can be read as search syntax by either database."""
    seen: list[str] = []
    for w in words((query or "")[:2000]):
        if w not in seen:
            seen.append(w)
        if len(seen) >= MAX_QUERY_TERMS:
            break
    return seen


def fts5_query(query: str) -> str:
    """An FTS5 MATCH expression: every stem quoted, all required ('' when nothing is left)."""
    return " ".join('"' + stem(w).replace('"', "") + '"' for w in query_words(query))


def highlight_spans(text: str, wanted: set[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, matched) pairs, matched where a word's stem is in ``wanted``
    (the page marks those pieces; the same on both databases)."""
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in WORD.finditer(text or ""):
        word = match.group(0).lower()
        if word in STOP_WORDS or stem(word) not in wanted:
            continue
        if match.start() > last:
            pieces.append((text[last:match.start()], False))
        pieces.append((match.group(0), True))
        last = match.end()
    if last < len(text or ""):
        pieces.append((text[last:], False))
    return pieces
