"""Editions over time: from several dated texts of one code, the one in force on a date.

An edition is in force from its edition date (the date of the latest amending law it reflects, as
the reader finds it in the footnotes or the source's own date) until the next edition's. So the
edition in force on a date is the latest one whose edition date is on or before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from lexgap.model import Code


class EditionError(ValueError):
    """No edition fits, or the texts are not editions of one code; the message says which."""


def check_same_code(codes: Sequence[Code]) -> None:
    """Editions must be of one code: the same jurisdiction, kind and language (and number when known)."""
    kinds = {(c.jurisdiction, c.kind, c.language) for c in codes}
    numbers = {c.number for c in codes if c.number}
    if len(kinds) > 1 or len(numbers) > 1:
        names = ", ".join(sorted(f"{c.source} ({c.key}, {c.language}{', ' + c.number if c.number else ''})" for c in codes))
        raise EditionError(f"not editions of one code: {names}")


def pick_edition(codes: Sequence[Code], as_of: date) -> Code:
    """The edition in force on `as_of`: the latest edition date on or before it.

    Two texts of the same edition date (a chapter and the full code) resolve to the one with more
    articles, then the first given, so the choice does not depend on file order beyond that.
    """
    if not codes:
        raise EditionError("no editions given")
    undated = [c.source for c in codes if c.edition_date is None]
    if undated:
        raise EditionError(f"edition date unknown for {', '.join(undated)} (give it with --edition or in the file name's source)")
    check_same_code(codes)
    in_force = [c for c in codes if c.edition_date is not None and c.edition_date <= as_of]
    if not in_force:
        earliest = min(c.edition_date for c in codes if c.edition_date is not None)
        raise EditionError(f"no edition in force on {as_of.isoformat()}: the earliest given is of {earliest.isoformat()}")
    return max(in_force, key=lambda c: (c.edition_date, len(c.articles()), -codes.index(c)))


def pick_pair(codes: Sequence[Code], dates: Sequence[date]) -> tuple[Code, Code]:
    """The old and new editions for `--as-of`: two dates pick one edition each (earlier date first);
    one date picks the edition in force then and compares it with the latest edition given."""
    if not 1 <= len(dates) <= 2:
        raise EditionError("give one or two dates")
    if len(dates) == 2:
        first, second = sorted(dates)
        return pick_edition(codes, first), pick_edition(codes, second)
    latest = pick_edition(codes, date.max)
    return pick_edition(codes, dates[0]), latest
