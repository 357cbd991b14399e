"""Draft amending laws: read their instructions (`parse`), apply them to a code (`apply`).

`read_amendment(path)` -> `AmendingLaw` with one `Instruction` per operation, each with its place in
the law; `apply_amendment(code, law)` -> `Amended`: the outcome of each instruction and the amended
edition, written as Markdown and read back so its spans point into that text. See docs/amend.md.
"""

from lexgap.amend.apply import Amended, ApplyError, Outcome, Result, apply_amendment
from lexgap.amend.parse import (
    AmendingLaw,
    Instruction,
    Location,
    Op,
    Target,
    parse_amendment,
    read_amendment,
)

__all__ = [
    "Amended", "AmendingLaw", "ApplyError", "Instruction", "Location", "Op", "Outcome", "Result", "Target",
    "apply_amendment", "parse_amendment", "read_amendment",
]
