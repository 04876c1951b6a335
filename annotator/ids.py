"""Stable identifiers and timestamps: ULIDs (time-sortable, 26 Crockford base32 chars) and UTC ISO times."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_lock = threading.Lock()
_last = (0, 0)


def new_id() -> str:
    """A new ULID. Monotonic within one process: ids made in the same millisecond still sort in order."""
    global _last
    with _lock:
        ms = time.time_ns() // 1_000_000
        last_ms, last_rand = _last
        if ms <= last_ms:
            ms, rand = last_ms, last_rand + 1
        else:
            rand = int.from_bytes(os.urandom(10), "big") >> 1  # room to increment
        _last = (ms, rand)
    return ulid_text((ms << 80) | (rand & ((1 << 80) - 1)))


def new_ids(n: int) -> list[str]:
    """``n`` new ULIDs, as ``n`` calls of :func:`new_id` would make them (in order, monotonic with every id this
    process makes), the clock read and the lock taken once."""
    global _last
    if n <= 0:
        return []
    with _lock:
        ms = time.time_ns() // 1_000_000
        last_ms, last_rand = _last
        if ms <= last_ms:
            ms, rand = last_ms, last_rand + 1
        else:
            rand = int.from_bytes(os.urandom(10), "big") >> 1  # room to increment
        _last = (ms, rand + n - 1)
    mask = (1 << 80) - 1
    return [ulid_text((ms << 80) | ((rand + k) & mask)) for k in range(n)]


# every 10-bit number as its two Crockford base32 digits: a ULID's 26 digits are 13 such pairs
_PAIRS = [a + b for a in _ALPHABET for b in _ALPHABET]
_SHIFTS = tuple(range(120, -1, -10))


def ulid_text(value: int) -> str:
    """The 26 Crockford base32 digits of a 128-bit ULID value, most significant first."""
    pairs = _PAIRS
    return "".join([pairs[(value >> shift) & 1023] for shift in _SHIFTS])


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds, e.g. ``2020-08-15T18:00:00.000Z``."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
