"""Count searches in memory and write them in batches, so searching never waits for a write lock.

Each process keeps a small buffer ``{(week, folded query): counts}``. It is written in one
transaction when it is ``SEARCH_STATS_FLUSH_SECONDS`` old (default 30) or holds
``SEARCH_STATS_FLUSH_SIZE`` queries (default 200), and when the process exits. If the
database is busy (SQLite "database is locked"), the batch goes back into the buffer and is
written next time: a search never fails because of its statistics.
"""

import atexit
import contextlib
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F

from procedures.text import normalize_name

from .models import SearchQueryStat, week_start

logger = logging.getLogger(__name__)
MAX_KEYS = 5000  # a buffer that cannot be written is capped, dropping the rarest queries

_lock = threading.Lock()
_buffer = {}
_state = {"since": time.monotonic()}


def record(query, count):
    """Count one search for ``query`` that found ``count`` results."""
    folded = normalize_name(query)[:200]
    if not folded:
        return
    key = (week_start(), folded)
    with _lock:
        entry = _buffer.setdefault(key, {"hits": 0, "zero": 0, "count": 0, "example": query[:200]})
        entry["hits"] += 1
        entry["zero"] += 0 if count else 1
        entry["count"] = count
        due = time.monotonic() - _state["since"] >= getattr(
            settings, "SEARCH_STATS_FLUSH_SECONDS", 30
        ) or len(_buffer) >= getattr(settings, "SEARCH_STATS_FLUSH_SIZE", 200)
    if due:
        flush()


def record_search(sender, query, count, **kwargs):
    """Receiver of the plugin's ``query_searched`` signal."""
    record(query, count)


def pending():
    """How many searches wait in this process's buffer."""
    with _lock:
        return sum(entry["hits"] for entry in _buffer.values())


def flush():
    """Write the buffer; on a database error keep it for the next time. Returns True if written."""
    global _buffer
    with _lock:
        batch, _buffer = _buffer, {}
        _state["since"] = time.monotonic()
    if not batch:
        return True
    try:
        with transaction.atomic():
            for (week, folded), entry in batch.items():
                updated = SearchQueryStat.objects.filter(week=week, query=folded).update(
                    hits=F("hits") + entry["hits"],
                    zero_hits=F("zero_hits") + entry["zero"],
                    last_count=entry["count"],
                )
                if not updated:
                    SearchQueryStat.objects.create(
                        week=week,
                        query=folded,
                        example=entry["example"],
                        hits=entry["hits"],
                        zero_hits=entry["zero"],
                        last_count=entry["count"],
                    )
    except (DatabaseError, IntegrityError) as error:
        logger.info("Search statistics not written yet (%s); kept for the next batch.", error)
        _merge_back(batch)
        return False
    return True


def _merge_back(batch):
    with _lock:
        for key, entry in batch.items():
            mine = _buffer.setdefault(
                key, {"hits": 0, "zero": 0, "count": entry["count"], "example": entry["example"]}
            )
            mine["hits"] += entry["hits"]
            mine["zero"] += entry["zero"]
        if len(_buffer) > MAX_KEYS:
            for key in sorted(_buffer, key=lambda k: _buffer[k]["hits"])[: len(_buffer) - MAX_KEYS]:
                del _buffer[key]


def clear():
    """Drop the buffer (tests)."""
    with _lock:
        _buffer.clear()


@atexit.register
def _flush_at_exit():  # pragma: no cover — runs when the process stops
    with contextlib.suppress(Exception):  # the database may be gone at exit
        flush()
