"""Searching the bank: Danish full text (SQLite FTS5 over Snowball stems, or PostgreSQL's
``danish`` tsvector), facet filters and facet counts, and highlighting.

Both databases read the same words out of a search string (``text.query_words``: operators,
quotes and symbols are dropped) and require every word, so they return the same entries.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import column, func, literal_column, select, table, text

from hackathon.bank import text as bank_text
from hackathon.bank.facets import ENUM_FACETS, LIST_FACETS, TARGET_GROUPS
from hackathon.bank.index import is_postgres
from hackathon.enums import Sector
from hackathon.events.permissions import is_signed_in
from hackathon.extensions import db
from hackathon.models import BankEntry, Event, EventRole, Organisation
from hackathon.models.bank import POLICY_NETWORK, POLICY_PUBLIC
from hackathon.parsing import ID_MAX, parse_int

PER_PAGE = 20
MAX_PAGE = 500
FTS = table("bank_fts", column("rowid"))
# The facet column each facet reads, and for organisation facets the sector they list.
COLUMN = {
    "target": BankEntry.f_target, "sector": BankEntry.f_sectors, "org": BankEntry.f_orgs,
    "region": BankEntry.f_orgs, "municipality": BankEntry.f_orgs, "theme": BankEntry.f_themes,
    "stage": BankEntry.stage, "status": BankEntry.status, "outcome": BankEntry.outcome,
    "event": BankEntry.event_id, "year": BankEntry.year,
}
ORG_SECTOR = {"region": Sector.REGION, "municipality": Sector.MUNICIPALITY}


def visible_levels(person) -> tuple[str, ...]:
    """What ``person`` may read: anonymous visitors the public entries; people of the network
    (a role in any event, or a facilitator account) also those shared with the network."""
    if not is_signed_in(person):
        return (POLICY_PUBLIC,)
    if getattr(person, "is_facilitator_account", False) or db.session.scalar(
        select(EventRole.id).where(EventRole.person_id == person.id).limit(1)
    ) is not None:
        return (POLICY_NETWORK, POLICY_PUBLIC)
    return (POLICY_PUBLIC,)


def entry_visible(proposal_id: int, person) -> bool:
    """True when the proposal has a knowledge-bank entry ``person`` may read (for links)."""
    return db.session.scalar(
        select(BankEntry.id).where(BankEntry.proposal_id == proposal_id,
                                   BankEntry.visibility.in_(visible_levels(person)))
    ) is not None


@dataclass
class Filters:
    """Facet values a search is narrowed by, and the parameters that were ignored."""

    values: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


def read_filters(args) -> Filters:
    """The valid facet values of a request's query ``args``; unknown values are ignored and
    named in ``ignored`` (the page says so)."""
    filters = Filters()
    for name in COLUMN:
        raw = (args.get(name) or "").strip()
        if not raw:
            continue
        value = _valid(name, raw)
        if value is None:
            filters.ignored.append(name)
        else:
            filters.values[name] = value
    return filters


def _valid(name: str, raw: str) -> str | None:
    if name in ENUM_FACETS:
        return raw if raw in {m.value for m in ENUM_FACETS[name]} else None
    if name == "target":
        return raw if raw in TARGET_GROUPS else None
    if name == "year":
        year = parse_int(raw, maximum=9999)
        return str(year) if year and year >= 1900 else None
    number = parse_int(raw, maximum=ID_MAX)
    if number is None:
        return None
    if name == "event":
        return str(number) if db.session.get(Event, number) is not None else None
    org = db.session.get(Organisation, number)
    if org is None or (name in ORG_SECTOR and org.sector != ORG_SECTOR[name]):
        return None
    return str(number)


def _conditions(levels, filters: Filters) -> list:
    conditions = [BankEntry.visibility.in_(levels)]
    for name, value in filters.values.items():
        col = COLUMN[name]
        if name in LIST_FACETS:
            conditions.append(col.contains(f"|{value}|", autoescape=True))
        elif name in ("event", "year"):
            conditions.append(col == int(value))
        else:
            conditions.append(col == value)
    return conditions


@dataclass
class SearchResult:
    """One page of matches (best first), the total, facet counts over all matches, and the
    stems to highlight."""

    entries: list[BankEntry]
    total: int
    counts: dict[str, Counter]
    stems: set[str]
    page: int
    pages: int
    words: list[str] = field(default_factory=list)  # the search's words, as typed


def _match(stmt, query_text: str):
    """``stmt`` narrowed to entries matching every word, and a rank (smaller is better)."""
    if is_postgres():
        tsq = func.plainto_tsquery(literal_column("'danish'"), query_text)
        vector = literal_column("bank_entry.search_vector")
        # Negated, so that smaller is better on both databases (as bm25).
        return stmt.where(vector.op("@@")(tsq)), -func.ts_rank(vector, tsq)
    stmt = stmt.join(FTS, FTS.c.rowid == BankEntry.id).where(
        text("bank_fts MATCH :fts").bindparams(fts=bank_text.fts5_query(query_text))
    )
    return stmt, func.bm25(literal_column("bank_fts"))


def matching_ids(query: str, levels, filters: Filters | None = None) -> list[int]:
    """The ids of every entry matching ``query`` and ``filters`` (unordered; for tests)."""
    words = bank_text.query_words(query)
    if not words and (query or "").strip():
        return []
    stmt = select(BankEntry.id).where(*_conditions(levels, filters or Filters()))
    if words:
        stmt, _rank = _match(stmt, " ".join(words))
    return sorted(db.session.scalars(stmt))


def search(query: str, levels, filters: Filters, page: int = 1) -> SearchResult:
    """Entries visible at ``levels`` matching every word of ``query`` and every filter."""
    words = bank_text.query_words(query)
    if not words and (query or "").strip():
        # Only symbols, stop words or over-long strings: nothing to search for.
        return SearchResult([], 0, {name: Counter() for name in COLUMN}, set(), 1, 1)
    conditions = _conditions(levels, filters)
    facet_cols = (BankEntry.f_target, BankEntry.f_sectors, BankEntry.f_orgs, BankEntry.f_themes,
                  BankEntry.stage, BankEntry.status, BankEntry.outcome, BankEntry.event_id,
                  BankEntry.year)
    # One statement gives every match with its facet values and its rank; the page is then
    # loaded by id (the match is evaluated once per search).
    if words:
        stmt, rank = _match(select(BankEntry.id).where(*conditions), " ".join(words))
        stmt = stmt.add_columns(rank, *facet_cols)
    else:
        # No words: newest first (a larger rank sorts first, so negate the timestamp order).
        stmt = select(BankEntry.id, BankEntry.updated_at, *facet_cols).where(*conditions)
    rows = db.session.execute(stmt).all()
    total = len(rows)
    columns = list(zip(*rows, strict=True)) if rows else [()] * (len(facet_cols) + 2)
    counts: dict[str, Counter] = {}
    # One join and split per column: Counter counts a list in C (10,000 rows in a few ms).
    for name, values in zip(("target", "sector", "org", "theme"), columns[2:6], strict=True):
        counted_values = Counter("".join(values).split("|"))
        counted_values.pop("", None)
        counts[name] = counted_values
    for name, values in zip(("stage", "status", "outcome", "event", "year"), columns[6:],
                            strict=True):
        counts[name] = Counter(str(v) for v in values if v is not None)
    for name in ("region", "municipality"):
        counts[name] = counts["org"]
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, page), pages, MAX_PAGE)
    ranked = [(row[1], row[0]) for row in rows]
    if words:  # best rank first: bm25 smaller is better; ts_rank larger (negated in _match)
        ranked.sort(key=lambda pair: (pair[0], -pair[1]))
    else:
        ranked.sort(key=lambda pair: (pair[0], pair[1]), reverse=True)
    page_ids = [entry_id for _rank, entry_id in ranked[(page - 1) * PER_PAGE:page * PER_PAGE]]
    found = {e.id: e for e in db.session.scalars(
        select(BankEntry).where(BankEntry.id.in_(page_ids)))} if page_ids else {}
    entries = [found[i] for i in page_ids if i in found]
    stems = {bank_text.stem(w) for w in words}
    return SearchResult(entries, total, counts, stems, page, pages, words)


def snippet(entry: BankEntry, stems: set[str], width: int = 220) -> list[tuple[str, bool]]:
    """A piece of the entry's text around the first matched word, cut into highlight spans."""
    fields = (entry.problem, entry.idea, entry.summary, entry.learned, entry.target_group,
              entry.trial_action, entry.value, entry.rationale)
    for body in fields:
        spans = bank_text.highlight_spans(body, stems) if stems else []
        if any(hit for _piece, hit in spans):
            offset = 0
            for piece, hit in spans:
                if hit:
                    break
                offset += len(piece)
            start = max(0, offset - width // 3)
            cut = body[start:start + width]
            prefix = "…" if start else ""
            suffix = "…" if start + width < len(body) else ""
            return [(prefix, False), *bank_text.highlight_spans(cut, stems), (suffix, False)]
    body = entry.summary or entry.problem
    return [(body[:width] + ("…" if len(body) > width else ""), False)]


def organisation_names(ids) -> dict[str, tuple[str, Sector]]:
    """{str(id): (name, sector)} for organisation facet values."""
    numbers = [int(i) for i in ids if str(i).isdigit()]
    if not numbers:
        return {}
    rows = db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.sector)
        .where(Organisation.id.in_(numbers))
    )
    return {str(i): (name, sector) for i, name, sector in rows}


def event_titles(ids) -> dict[str, str]:
    """{str(id): title} for event facet values."""
    numbers = [int(i) for i in ids]
    if not numbers:
        return {}
    rows = db.session.execute(select(Event.id, Event.title).where(Event.id.in_(numbers)))
    return {str(i): title for i, title in rows}


def network_member(person) -> bool:
    """True when ``person`` reads entries shared with the network."""
    return POLICY_NETWORK in visible_levels(person)


