"""Click parameter types for revtrack's own value formats."""

from __future__ import annotations

import re

import click

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)


def parse_duration(text: str) -> int:
    """ "90" / "90s" / "10m" / "2h" / "1d" / "1w" -> seconds (>= 1)."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"not a duration: {text!r} (try 30s, 10m, 2h, 1d)")
    seconds = int(float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()])
    if seconds < 1:
        raise ValueError(f"duration must be at least 1 second: {text!r}")
    return seconds


# click >= 8.3 makes ParamType generic; older releases do not, so no type argument.
class Duration(click.ParamType):  # type: ignore[type-arg]
    name = "duration"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_duration(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DURATION = Duration()
