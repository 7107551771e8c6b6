"""Reading reports back in tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from click.testing import Result


def report_json(run: Callable[..., Result], *args: str) -> dict[str, Any]:
    result = run("report", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data
