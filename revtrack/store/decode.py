"""One decoder for every row class: the dataclass field types say how to read a column."""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import datetime
from enum import Enum
from typing import Any, Protocol, TypeVar, Union, get_args, get_origin, get_type_hints

from revtrack.clock import from_iso

RowT = TypeVar("RowT")


class Row(Protocol):
    """A driver row (``sqlite3.Row``, ``postgres.PgRow``): by position and column name."""

    def keys(self) -> list[str]: ...
    def __getitem__(self, key: Any, /) -> Any: ...


Decode = Callable[[Any], Any]


def _optional_time(value: str | None) -> datetime | None:
    return from_iso(value) if value else None  # '' and NULL both mean "never"


def _decoder(hint: Any) -> Decode | None:
    """How to turn a stored value into a field of type ``hint`` (None: as stored)."""
    if get_origin(hint) in (Union, types.UnionType):
        args = get_args(hint)
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1 or len(args) != 2:
            return None
        if inner[0] is datetime:
            return _optional_time
        decode = _decoder(inner[0])
        if decode is None:
            return None
        return lambda value: None if value is None else decode(value)
    if hint is datetime:
        return from_iso
    if hint is bool:
        return bool  # SQLite stores 0/1
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    return None


Plan = tuple[tuple[str, int, Decode | None], ...]
# Per class and column list: resolving type hints costs far more than decoding a row.
_PLANS: dict[tuple[type, tuple[str, ...]], Plan] = {}


def _plan(cls: type, columns: tuple[str, ...]) -> Plan:
    plan = _PLANS.get((cls, columns))
    if plan is None:
        hints = get_type_hints(cls)
        index: dict[str, int] = {}
        for i, name in enumerate(columns):
            index.setdefault(name, i)  # a joined name twice: the first, as row[name] reads
        plan = tuple(
            (field.name, index[field.name], _decoder(hints[field.name]))
            for field in fields(cls)
            if field.name in index
        )
        _PLANS[cls, columns] = plan
    return plan


def decode_row(
    cls: type[RowT],
    row: Row | Mapping[str, Any],
    decoders: Mapping[str, Decode] | None = None,
) -> RowT:
    """A ``cls`` dataclass from a row, decoded by the field types: datetime (ISO 8601,
    NULL or '' -> None when optional), bool (from 0/1) and enums. Columns without a
    field are ignored (joined rows); fields without a column take their default.

    ``decoders`` names a decoder per field for what a type cannot say, such as a
    column of JSON or of space-separated labels: ``{"labels": lambda s: tuple(s.split())}``.
    """
    columns = tuple(row.keys())
    if not isinstance(row, Mapping):  # a driver row: read by position
        values = {
            name: row[i] if decode is None else decode(row[i])
            for name, i, decode in _plan(cls, columns)
        }
    else:
        values = {
            name: row[name] if decode is None else decode(row[name])
            for name, _, decode in _plan(cls, columns)
        }
    for name, decode in (decoders or {}).items():
        if name in values:
            values[name] = decode(row[name])
    return cls(**values)
