"""A chart's own text with new header values, everything else left as the author wrote it
(encoding, order, comments, line endings): what ``chart sync --write`` saves."""

from __future__ import annotations

import re

_HEADER = re.compile(r"^(\ufeff?)#([A-Za-z0-9_-]+):(.*?)(\r\n|\n|\r)?$", re.DOTALL)


def rewrite_headers(text: str, values: dict[str, str]) -> str:
    """``text`` with each ``#KEY:`` of ``values`` set (the first one in the file; a key the
    file lacks goes after the last header line)."""
    lines = text.splitlines(keepends=True)
    done: set[str] = set()
    last_header = -1
    for index, line in enumerate(lines):
        match = _HEADER.match(line)
        if match is None:
            if line.strip() and not line.lstrip("\ufeff").startswith("#"):
                break  # the notes begin: headers are over
            continue
        last_header = index
        key = match.group(2).upper()
        if key in values and key not in done:
            lines[index] = f"{match.group(1)}#{match.group(2)}:{values[key]}{match.group(4) or ''}"
            done.add(key)
    ending = next((m.group(4) for m in map(_HEADER.match, lines) if m and m.group(4)), "\n")
    missing = [f"#{key}:{value}{ending}" for key, value in values.items() if key not in done]
    if missing:
        at = last_header + 1
        if 0 <= last_header and not lines[last_header].endswith(("\n", "\r")):
            lines[last_header] += ending
        lines[at:at] = missing
    return "".join(lines)
