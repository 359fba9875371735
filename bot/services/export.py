"""Export: approved items as CSV for the board, with spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from bot.domain import Item
from bot.store import Store

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
COLUMNS = ("board_text", "theme", "audience", "kind", "on_behalf_of_child", "month")


def neutralise(cell: str) -> str:
    """Make a cell safe to open in a spreadsheet: a formula becomes plain text."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def to_csv(items: Sequence[Item], theme_labels: dict[str, str]) -> str:
    """Only the officer-approved board text; the month, never the day."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for item in items:
        writer.writerow(
            [
                neutralise(item.board_text or ""),
                neutralise(theme_labels.get(item.theme or "", "not sure")),
                item.audience.value,
                item.kind.value,
                "yes" if item.on_behalf else "no",
                item.created_on.strftime("%Y-%m"),
            ]
        )
    return out.getvalue()


class ExportService:
    def __init__(self, store: Store, theme_labels: dict[str, str]) -> None:
        self._store = store
        self._labels = theme_labels

    async def approved_csv(self, first: date, last: date) -> tuple[str, int]:
        items = [i for i in await self._store.list_approved(first, last) if i.board_text]
        return to_csv(items, self._labels), len(items)
