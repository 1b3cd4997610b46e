"""Similar entries: TF-IDF over the stemmed Danish text (``text.stems``) with cosine
similarity (scikit-learn).

The fitted model is cached per process under a key (entry count, latest ``updated_at``) that is
read from the database on every call, so a write by another app server invalidates it. Only
the query is transformed per call; the entry matrix is precomputed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select

from hackathon.bank.text import stems
from hackathon.extensions import db
from hackathon.models import BankEntry

MIN_SCORE = 0.08
_lock = threading.Lock()
_cache: dict[str, _Model] = {}


@dataclass
class _Model:
    key: tuple
    ids: np.ndarray  # entry ids, row order
    events: np.ndarray  # event id per row
    visibility: np.ndarray  # "network" / "public" per row
    vectorizer: object
    matrix: object  # l2-normalised sparse rows
    stamps: dict  # entry id -> updated_at, as fitted
    columns: object = None  # the matrix column-major, made on first use


def entry_text(title: str, target_group: str, problem: str, idea: str, summary: str = "") -> str:
    """The text an entry (or a draft on the proposal form) is compared by."""
    return "\n".join((title, target_group, problem, idea, summary))


def _key() -> tuple:
    count, latest = db.session.execute(
        select(func.count(BankEntry.id), func.max(BankEntry.updated_at))
    ).one()
    return (db.session.get_bind().url.render_as_string(hide_password=True), count, latest)


_COLUMNS = (BankEntry.id, BankEntry.event_id, BankEntry.visibility, BankEntry.title,
            BankEntry.target_group, BankEntry.problem, BankEntry.idea, BankEntry.summary)
# Refit from scratch when more than this share of the entries changed since the last fit (new
# words enter the vocabulary only at a refit; changed entries are re-transformed at once).
REFIT_SHARE = 0.1


def _fit(key: tuple) -> _Model | None:
    rows = db.session.execute(select(*_COLUMNS).order_by(BankEntry.id)).all()
    if not rows:
        return None
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=stems, sublinear_tf=True, dtype=np.float32)
    matrix = vectorizer.fit_transform(entry_text(*row[3:]) for row in rows).tocsr()
    stamps = dict(db.session.execute(select(BankEntry.id, BankEntry.updated_at)).all())
    return _Model(key=key, ids=np.array([row[0] for row in rows]),
                  events=np.array([row[1] for row in rows]),
                  visibility=np.array([row[2] for row in rows]),
                  vectorizer=vectorizer, matrix=matrix, stamps=stamps)


def _update(model: _Model, key: tuple) -> _Model | None:
    """The model with changed, added and removed entries applied (no refit), or None when
    too much changed."""
    from scipy.sparse import vstack

    stamps = dict(db.session.execute(select(BankEntry.id, BankEntry.updated_at)).all())
    changed = [i for i, at in stamps.items() if model.stamps.get(i) != at]
    if len(changed) > REFIT_SHARE * max(len(stamps), 1):
        return None
    gone = set(changed) | (set(model.stamps) - set(stamps))
    keep = np.array([i not in gone for i in model.ids], dtype=bool)
    rows = db.session.execute(
        select(*_COLUMNS).where(BankEntry.id.in_(changed)).order_by(BankEntry.id)
    ).all() if changed else []
    parts = [model.matrix[np.nonzero(keep)[0]]]
    if rows:
        parts.append(model.vectorizer.transform(entry_text(*row[3:]) for row in rows).tocsr())
    return _Model(
        key=key,
        ids=np.concatenate([model.ids[keep], np.array([r[0] for r in rows], dtype=int)]),
        events=np.concatenate([model.events[keep], np.array([r[1] for r in rows], dtype=int)]),
        visibility=np.concatenate([model.visibility[keep],
                                   np.array([r[2] for r in rows], dtype=object)]).astype(str),
        vectorizer=model.vectorizer, matrix=vstack(parts).tocsr(), stamps=stamps,
    )


def _model() -> _Model | None:
    key = _key()
    cached = _cache.get("model")
    if cached is not None and cached.key == key:
        return cached
    with _lock:
        cached = _cache.get("model")
        if cached is not None and cached.key == key:
            return cached
        model = None
        if cached is not None and cached.key[0] == key[0] and key[1]:
            model = _update(cached, key)
        if model is None:
            model = _fit(key)
        if model is None:
            _cache.pop("model", None)
        else:
            _cache["model"] = model
        return model


def _scores(model: _Model, vector) -> np.ndarray:
    """Cosine scores of every entry against one l2-normalised sparse row: only the columns of
    the row's terms are read (a column-major copy of the matrix makes that cheap)."""
    vector = vector.tocsr()
    if vector.nnz == 0:
        return np.zeros(len(model.ids), dtype=np.float32)
    if model.columns is None:
        model.columns = model.matrix.tocsc()
    return np.asarray(model.columns[:, vector.indices] @ vector.data).ravel()


def _top(model: _Model, scores: np.ndarray, levels, exclude_event: int | None,
         exclude_id: int | None, k: int) -> list[tuple[int, float]]:
    allowed = np.zeros(len(model.ids), dtype=bool)
    for level in levels:
        allowed |= model.visibility == level
    if exclude_event is not None:
        allowed &= model.events != exclude_event
    if exclude_id is not None:
        allowed &= model.ids != exclude_id
    scores = np.where(allowed & (scores >= MIN_SCORE), scores, -1.0)
    k = min(k, len(scores))
    best = np.argpartition(-scores, k - 1)[:k] if k else []
    best = sorted(best, key=lambda i: (-scores[i], model.ids[i]))
    return [(int(model.ids[i]), float(scores[i])) for i in best if scores[i] >= MIN_SCORE]


def similar_to_text(text: str, levels, *, exclude_event: int | None = None,
                    k: int = 3) -> list[tuple[int, float]]:
    """[(entry id, cosine score)] of the ``k`` visible entries most like ``text``, best first;
    entries of ``exclude_event`` (the writer's own event) are left out."""
    model = _model()
    if model is None or not stems(text):
        return []
    scores = _scores(model, model.vectorizer.transform([text]))
    return _top(model, scores, levels, exclude_event, None, k)


def similar_to_entry(entry: BankEntry, levels, k: int = 5) -> list[tuple[int, float]]:
    """[(entry id, score)] of visible entries of other events most like ``entry``."""
    model = _model()
    if model is None:
        return []
    rows = np.nonzero(model.ids == entry.id)[0]
    if not len(rows):
        return []
    scores = _scores(model, model.matrix[rows[0]])
    return _top(model, scores, levels, entry.event_id, entry.id, k)


def entries_by_id(pairs: list[tuple[int, float]]) -> list[BankEntry]:
    """The entries of ``pairs`` in the same order."""
    if not pairs:
        return []
    found = {e.id: e for e in db.session.scalars(
        select(BankEntry).where(BankEntry.id.in_([i for i, _s in pairs])))}
    return [found[i] for i, _s in pairs if i in found]
