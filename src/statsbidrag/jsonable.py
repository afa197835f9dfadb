"""Turning values DuckDB returns (Decimal, dates, bytes ...) into JSON-ready ones."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import TypeAlias

# What json.dumps writes as it is.
JSONValue: TypeAlias = "None | bool | int | float | str | list[JSONValue] | dict[str, JSONValue]"


def jsonable(value: object) -> JSONValue:
    """A JSON-serialisable copy of `value`: whole Decimals become int, dates ISO text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
