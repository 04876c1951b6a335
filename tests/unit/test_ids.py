"""Identifiers (annotator/ids.py): ULIDs made one at a time and in batches sort in the order they were made."""

from __future__ import annotations

import re

from annotator.ids import new_id, new_ids

ULID = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}")


def test_a_batch_of_ids_is_what_as_many_single_calls_would_make():
    made = [new_id()] + new_ids(500) + [new_id()] + new_ids(3) + new_ids(0) + [new_id()]
    assert len(made) == 506 and len(set(made)) == 506
    assert made == sorted(made)  # monotonic across single ids and batches, within one millisecond too
    assert all(ULID.fullmatch(i) for i in made)
    assert new_ids(0) == [] and new_ids(-1) == []
