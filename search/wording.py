"""Count phrases for what the app and `isearch` print: "1 passage", "10 passages", "1,204 letters".
Every count a person reads is written with thousands separated ("7,561"); machine outputs (CSV,
JSON) keep plain numbers."""
from __future__ import annotations


def number(n: int) -> str:
    """`n` as a person reads it, thousands separated: number(7561) -> "7,561", number(999) -> "999"."""
    return f"{n:,}"


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` (thousands separated, `number`) and `noun`, singular for exactly 1 and plural otherwise (0 too):
    counted(1, "passage") -> "1 passage", counted(1204, "letter") -> "1,204 letters". `plural`: the
    plural when it is not the noun plus "s" (counted(2, "letter or report", "letters and reports"))."""
    return f"{number(n)} {noun if n == 1 else plural or noun + 's'}"
