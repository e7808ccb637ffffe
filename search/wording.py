"""Count phrases for what the app and `isearch` print: "1 passage", "10 passages", "1,204 letters"."""
from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` (thousands separated) and `noun`, singular for exactly 1 and plural otherwise (0 too):
    counted(1, "passage") -> "1 passage", counted(1204, "letter") -> "1,204 letters". `plural`: the
    plural when it is not the noun plus "s" (counted(2, "letter or report", "letters and reports"))."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
