"""Screening corpus: reads labelled messages (corpus/README.md), splits them, measures a screen.

`python -m bot screen --eval FILE.jsonl` prints `Evaluation.report()` for any file in the corpus
format, so a council can test the screen on messages of its own.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.services.screening import Screener, ScreenResult

VALIDATION_ENDINGS = frozenset("012")


class CorpusError(Exception):
    """A corpus line could not be read; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Record:
    text: str
    kind: str  # "disclosure" or "ordinary"
    category: str | None
    level: str  # "urgent", "check" or "none"
    theme: str | None
    audience: str = ""
    lang: str = "en"
    tags: tuple[str, ...] = ()
    redact: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()

    @property
    def disclosure(self) -> bool:
        return self.kind == "disclosure"

    @property
    def validation(self) -> bool:
        """The README's split: sha256 of the text ends in 0, 1 or 2 → validation."""
        return hashlib.sha256(self.text.encode()).hexdigest()[-1] in VALIDATION_ENDINGS

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Record:
        kind = data.get("kind")
        if kind not in ("disclosure", "ordinary"):
            raise ValueError(f'"kind" is {kind!r}; it should be "disclosure" or "ordinary"')
        text = data.get("text")
        if not isinstance(text, str) or not text:
            raise ValueError('"text" is missing')
        return cls(
            text=text,
            kind=kind,
            category=data.get("category"),
            level=str(data.get("level") or ("urgent" if kind == "disclosure" else "none")),
            theme=data.get("theme"),
            audience=str(data.get("audience") or ""),
            lang=str(data.get("lang") or "en"),
            tags=tuple(data.get("tags") or ()),
            redact=tuple(data.get("redact") or ()),
            keep=tuple(data.get("keep") or ()),
        )


def read_records(paths: Iterable[Path]) -> list[Record]:
    """Every record in the files, in order; raises CorpusError naming a bad line."""
    records: list[Record] = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append(Record.from_json(json.loads(line)))
            except (ValueError, TypeError, AttributeError) as error:
                raise CorpusError(f"{path.name} line {number}: {error}") from None
    return records


def corpus_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.jsonl"))


def split(records: Sequence[Record]) -> tuple[list[Record], list[Record]]:
    """(training, validation) by the README rule; duplicates of a text are kept once."""
    seen: set[str] = set()
    train: list[Record] = []
    validation: list[Record] = []
    for record in records:
        if record.text in seen:
            continue
        seen.add(record.text)
        (validation if record.validation else train).append(record)
    return train, validation


# ---------------------------------------------------------------------------------------------


@dataclass
class Evaluation:
    """Counts from screening labelled records; rates are fractions (0..1)."""

    caught: Counter[str] = field(default_factory=Counter)  # urgent or check, per category
    disclosures: Counter[str] = field(default_factory=Counter)
    urgent_caught: int = 0
    urgent_expected: int = 0
    ordinary: int = 0
    ordinary_urgent: int = 0
    ordinary_alert: int = 0
    themed: int = 0
    theme_right: int = 0
    redaction_cases: int = 0
    redaction_passed: int = 0
    foreign: int = 0
    foreign_flagged: int = 0
    english_ordinary: int = 0
    english_called_foreign: int = 0
    missed: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    def add(self, record: Record, result: ScreenResult) -> None:
        alert = result.level != "none"
        if record.disclosure:
            category = record.category or "unknown"
            self.disclosures[category] += 1
            if alert:
                self.caught[category] += 1
            else:
                self.missed.append(record.text)
            if record.level == "urgent":
                self.urgent_expected += 1
                self.urgent_caught += result.urgent
        elif record.level == "none":
            self.ordinary += 1
            self.ordinary_urgent += result.urgent
            self.ordinary_alert += alert
            if alert:
                self.alarms.append(record.text)
        if record.theme:
            self.themed += 1
            self.theme_right += bool(result.themes) and result.themes[0] == record.theme
        if record.redact or record.keep:
            self.redaction_cases += 1
            self.redaction_passed += all(s not in result.redacted for s in record.redact) and all(
                s in result.redacted for s in record.keep
            )
        if record.lang != "en":
            self.foreign += 1
            self.foreign_flagged += result.not_english
        elif not record.disclosure:
            self.english_ordinary += 1
            self.english_called_foreign += result.not_english

    @staticmethod
    def _rate(part: int, whole: int) -> float:
        return part / whole if whole else 1.0

    @property
    def recall(self) -> float:
        return self._rate(sum(self.caught.values()), sum(self.disclosures.values()))

    @property
    def urgent_recall(self) -> float:
        return self._rate(self.urgent_caught, self.urgent_expected)

    @property
    def ordinary_urgent_rate(self) -> float:
        return self._rate(self.ordinary_urgent, self.ordinary) if self.ordinary else 0.0

    @property
    def ordinary_alert_rate(self) -> float:
        return self._rate(self.ordinary_alert, self.ordinary) if self.ordinary else 0.0

    @property
    def theme_top1(self) -> float:
        return self._rate(self.theme_right, self.themed)

    @property
    def redaction_rate(self) -> float:
        return self._rate(self.redaction_passed, self.redaction_cases)

    def figures(self) -> dict[str, Any]:
        return {
            "disclosures": sum(self.disclosures.values()),
            "ordinary": self.ordinary,
            "recall": round(self.recall, 4),
            "urgent_recall": round(self.urgent_recall, 4),
            "ordinary_urgent_rate": round(self.ordinary_urgent_rate, 4),
            "ordinary_alert_rate": round(self.ordinary_alert_rate, 4),
            "theme_top1": round(self.theme_top1, 4),
            "redaction_pass_rate": round(self.redaction_rate, 4),
            "redaction_cases": self.redaction_cases,
            "not_english_flagged": round(self._rate(self.foreign_flagged, self.foreign), 4),
            "english_ordinary_called_foreign": round(
                self._rate(self.english_called_foreign, self.english_ordinary)
                if self.english_ordinary
                else 0.0,
                4,
            ),
            "recall_by_category": {
                c: round(self._rate(self.caught[c], n), 4)
                for c, n in sorted(self.disclosures.items())
            },
        }

    def report(self) -> str:
        f = self.figures()
        lines = [
            f"disclosures {f['disclosures']}, ordinary {f['ordinary']}",
            "recall (urgent or check) by category:",
            *(
                f"  {c:<26} {self.caught[c]:>4}/{n:<4} {self._rate(self.caught[c], n):7.1%}"
                for c, n in sorted(self.disclosures.items())
            ),
            f"recall overall (urgent or check)      {self.recall:7.1%}",
            f"urgent recall (of urgent disclosures) {self.urgent_recall:7.1%}",
            f"ordinary raising urgent               {self.ordinary_urgent_rate:7.1%}",
            f"ordinary raising check or urgent      {self.ordinary_alert_rate:7.1%}",
            f"theme top-1                           {self.theme_top1:7.1%}",
            f"redaction passed ({self.redaction_cases} cases)"
            f"{'':<{max(0, 18 - len(str(self.redaction_cases)))}}{self.redaction_rate:7.1%}",
            f"other languages flagged not English   {f['not_english_flagged']:7.1%}",
            f"English ordinary called not English   {f['english_ordinary_called_foreign']:7.1%}",
        ]
        return "\n".join(lines)


def evaluate(screener: Screener, records: Iterable[Record]) -> Evaluation:
    evaluation = Evaluation()
    for record in records:
        evaluation.add(record, screener.screen(record.text))
    return evaluation


def tally(records: Sequence[Record]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for record in records:
        counts[record.kind] += 1
    return dict(counts)
