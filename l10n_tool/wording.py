"""How the tool's messages say things: a count with its noun in the right number, and quoted
text cut at a word ("first 50 days of…", never "first 50 days of 20…")."""

from __future__ import annotations


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """``1 stale entry``, ``2 stale entries``, ``0 catalogs``."""
    if number == 1:
        return f"{number} {singular}"
    if plural is None:
        plural = singular[:-1] + "ies" if singular.endswith("y") and singular[-2:-1] not in "aeiou" \
            else singular + "s"
    return f"{number} {plural}"


def clip(text: str, width: int = 60) -> str:
    """``text`` on one line, at most ``width`` characters, cut after a whole word.

    A number or name is never cut in two: the quoted text is what a reader searches for.
    A first word longer than ``width`` (a URL) is cut where the width ends.
    """
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    head = text[: width - 1]
    cut = head.rfind(" ")
    if text[width - 1] == " ":  # the cut falls between two words already
        cut = width - 1
    if cut > 0:
        head = head[:cut].rstrip(" ,;:")
    return head + "…"
