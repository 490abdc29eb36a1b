"""The ``Accept`` header read as RFC 9110 (section 12.5.1) says: media ranges, their parameters, q-values.

Werkzeug compares a media range with its parameters as one string, so
``text/turtle; charset=utf-8`` (the form the Graph Store Protocol's own
examples use) matched nothing and was answered 406.  Here a range is its type,
its q-value and its parameters apart; the most specific range that matches a
type decides that type's quality.  lpskg writes every text format in UTF-8, so
a ``charset`` parameter matches when it names UTF-8, and a range with any other
charset is one lpskg cannot serve; other parameters (a JSON-LD ``profile``,
say) do not restrict the match.
"""
from __future__ import annotations

from dataclasses import dataclass

_SERVED_CHARSETS = {"utf-8", "utf8"}


@dataclass(frozen=True)
class MediaRange:
    """One element of an Accept header: ``type/subtype`` (either may be ``*``), its quality and parameters."""

    media_type: str
    quality: float
    parameters: tuple[tuple[str, str], ...] = ()

    def matches(self, media_type: str) -> bool:
        """True if this range covers ``media_type`` (written as lpskg serves it: UTF-8, no parameters)."""
        charset = dict(self.parameters).get("charset")
        if charset is not None and charset.lower() not in _SERVED_CHARSETS:
            return False
        kind, _, sub = self.media_type.partition("/")
        want_kind, _, want_sub = media_type.partition("/")
        return kind == "*" or (kind == want_kind and sub in ("*", want_sub))

    @property
    def specificity(self) -> int:
        """How precisely the range names a type: ``*/*`` < ``text/*`` < ``text/turtle`` < with parameters."""
        kind, _, sub = self.media_type.partition("/")
        return (kind != "*") + (sub != "*") + bool(self.parameters)


def _quality(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return 0.0  # a q-value that is not a number asks for nothing rather than for everything
    return min(max(value, 0.0), 1.0)


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header, in the order written; elements that are not ``a/b`` are skipped."""
    ranges = []
    for element in (header or "").split(","):
        media_type, *raw_parameters = (part.strip() for part in element.split(";"))
        media_type = media_type.lower()
        if media_type.count("/") != 1 or " " in media_type:
            continue
        quality, parameters = 1.0, []
        for raw in raw_parameters:
            name, _, value = raw.partition("=")
            name, value = name.strip().lower(), value.strip().strip('"')
            if name == "q":
                quality = _quality(value)
            elif name:
                parameters.append((name, value))
        ranges.append(MediaRange(media_type, quality, tuple(parameters)))
    return ranges


def quality(ranges: list[MediaRange], media_type: str, exact: bool = False) -> float:
    """How much the client wants ``media_type``: the q-value of the most specific range covering it (0 if none).

    ``exact`` counts only ranges that name the type itself, not wildcards.
    """
    matching = [r for r in ranges if r.matches(media_type) and (not exact or r.media_type == media_type)]
    if not matching:
        return 0.0
    return max(matching, key=lambda r: r.specificity).quality


def named(ranges: list[MediaRange]) -> set[str]:
    """The media types the client wrote out (no wildcards), for preferring them over aliases."""
    return {r.media_type for r in ranges if "*" not in r.media_type}
