"""The export formats by name: the one list the command line and the exporters share."""

from __future__ import annotations

from collections.abc import Iterable

FORMATS = ("xlsx", "csv", "ics", "html", "pdf", "json", "outcomes")


def chosen_formats(names: Iterable[str]) -> list[str]:
    """The formats named ('all' for every one), in the order given; ValueError naming any unknown one."""
    wanted = [name.strip().lower() for name in names if name.strip()]
    if "all" in wanted:
        return list(FORMATS)
    unknown = [name for name in wanted if name not in FORMATS]
    if unknown or not wanted:
        raise ValueError(f"unknown export format {', '.join(unknown) or 'none'}; choose from "
                         f"{', '.join(FORMATS)} (or all)")
    return wanted
