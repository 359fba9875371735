"""Command-line tools for the safeguarding screen: screen lines, measure it on a labelled
file, and train its learned layer (python -m bot screen / train-screen)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from bot.content import Content


def screen_lines(content: Content, lines: TextIO, out: TextIO) -> int:
    """One message per input line → {"urgent", "level", "categories", "themes", "redacted"}."""
    from bot.services.screening import Screener

    screener = Screener.from_content(content)
    for line in lines:
        result = screener.screen(line.rstrip("\r\n"))
        record = {
            "urgent": result.urgent,
            "level": str(result.level),
            "categories": list(result.categories),
            "themes": list(result.themes),
            "redacted": result.redacted,
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
    return 0


def screen_eval(content: Content, path: Path, *, validation_only: bool) -> int:
    """Recall, false alarms, theme accuracy and redaction on a labelled file."""
    from bot.services.screen_corpus import CorpusError, evaluate, read_records
    from bot.services.screening import Screener

    try:
        records = read_records([path])
    except (CorpusError, OSError) as error:
        print(error, file=sys.stderr)
        return 1
    if validation_only:
        records = [r for r in records if r.validation]
    evaluation = evaluate(Screener.from_content(content), records)
    print(f"{path}: {len(records)} messages")
    print(evaluation.report())
    return 0


def train_screen(content: Content, corpus: Path, out: Path | None) -> int:
    """Fit the learned layer on the training split and write the model file."""
    from bot.services.screen_corpus import CorpusError, corpus_files, read_records, split
    from bot.services.screen_model import packaged_path

    try:
        from bot.services.screen_train import train
    except ImportError:
        print("train-screen needs the dev extras: pip install -e '.[dev]'", file=sys.stderr)
        return 1
    from bot.services.screening import Screener

    files = corpus_files(corpus)
    if not files:
        print(f"no .jsonl files in {corpus}", file=sys.stderr)
        return 1
    try:
        training, validation = split(read_records(files))
    except CorpusError as error:
        print(error, file=sys.stderr)
        return 1
    model = train(Screener.from_content(content, model=None), training)
    target = out or packaged_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    model.save(target)
    print(
        f"Trained on {len(training)} messages ({len(validation)} kept for validation); "
        f"wrote {target} ({target.stat().st_size // 1024} KiB); thresholds {model.thresholds}; "
        f"cross-validated on training: {model.about['cross_validated']}"
    )
    return 0
