"""Settings read from environment variables: unset or blank means the default, anything else
must be usable or is refused with a message that names the variable (never silently ignored).

``pulse serve`` reads every such setting before it starts the app, so a mistyped value stops
the start with that message instead of surfacing on a page later.
"""

from __future__ import annotations

from collections.abc import Mapping


class SettingError(ValueError):
    """An environment variable holds something unusable; the message says which and why."""


def whole_number(
    values: Mapping[str, str], name: str, *, default: int, lowest: int, highest: int
) -> int:
    """``values[name]`` as a whole number from ``lowest`` to ``highest``, or ``default``."""
    text = values.get(name, "").strip()
    if not text:
        return default
    if not text.isascii() or not text.isdigit() or not lowest <= int(text) <= highest:
        raise SettingError(
            f"{name} must be a whole number from {lowest} to {highest} (default {default}), "
            f"not {text!r}"
        )
    return int(text)
