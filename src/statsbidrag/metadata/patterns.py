"""The regular expressions written in metadata/*.toml run in linear time.

A pattern of metadata (a claim's regex, a table's row, header and total patterns, a breakdown
item's, a population column's, a key's fixed part) is text from the package, and a package
may be a download (`statsbidrag verify`): Python's `re` backtracks, and a pattern such as
`(?P<amount>(?:\\w+\\s?)+)(?P<unit>...)` on a long line can keep it busy for hours. Every such
pattern is compiled here, once, by RE2 (the `google-re2` package), whose matching time is
linear in the length of the text whatever the pattern. RE2 has no backreferences (`\\1`,
`(?P=name)`) and no lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`): metadata that uses them is
refused when it loads (statsbidrag.metadata.models.regex_with), with its file and line.

Python's syntax is kept where RE2 differs only in spelling: `\\uXXXX` (a character by its
code, as in `[\\d \\u00a0]`) is RE2's `\\x{XXXX}`. Otherwise RE2's meaning applies, and
differs from `re` in one respect a writer may notice: `\\d`, `\\w`, `\\s` and `\\b` are ASCII
(`\\s` does not match a no-break space, `\\w` not 'ö'); write the characters out
(`[ \\u00a0]`, `[A-Za-zÅÄÖåäö]`). A pattern that matches less than its writer meant fails the
build at the line it was meant for; it never reads a number silently wrong.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# \uXXXX or \UXXXXXXXX, not itself escaped (\\u is a backslash and a 'u')
_PYTHON_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")


class PatternError(ValueError):
    """A pattern RE2 cannot compile; the message says why, for a person."""


def _re2_syntax(text: str) -> str:
    return _PYTHON_ESCAPE.sub(lambda m: f"{m.group(1)}\\x{{{m.group(2) or m.group(3)}}}", text)


@functools.lru_cache(maxsize=4096)
def compile_pattern(text: str) -> Any:
    """`text` compiled by RE2 (search, fullmatch, groupindex like `re`), or PatternError."""
    import re2
    options = re2.Options()
    options.log_errors = False  # the refusal is reported with the metadata's file and line, not on stderr
    try:
        return re2.compile(_re2_syntax(text), options)
    except re2.error as error:
        reason = error.args[0].decode("utf-8", "replace") if error.args and isinstance(error.args[0], bytes) \
            else str(error)
        raise PatternError(f"a valid regular expression that runs in linear time (RE2: no backreference such as \\1, "
                           f"no lookaround such as (?= or (?<=); RE2 says: {reason}") from None
