"""Command line: run · demo · check-content · health."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from bot.config import ConfigError, Settings, load_settings, quiet_noisy_loggers
from bot.content import Content, ContentError, load_content

EXIT_CONFIG = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Have Your Say bot")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the real bot (long polling)")
    commands.add_parser("demo", help="chat with the bot offline in this terminal")
    check = commands.add_parser("check-content", help="check the content files")
    check.add_argument("directory", nargs="?", type=Path, help="content folder to check")
    commands.add_parser("health", help="exit 0 if the running bot wrote a fresh heartbeat")
    return parser


def configure_logging() -> None:
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    quiet_noisy_loggers()


def _content(directory: Path) -> Content:
    try:
        return load_content(directory)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        raise SystemExit(1) from None


def check_content(directory: Path) -> int:
    content = _content(directory)
    promises = len(content.pledge.promises)
    items = sum(len(area.items) for area in content.offer.areas)
    print(f"{directory}: all 7 files are fine ({promises} promises, {items} local offer items)")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings: Settings = load_settings()
        if args.command == "run":
            settings.require_for_run()
    except ConfigError as error:
        print(error, file=sys.stderr)
        return EXIT_CONFIG

    if args.command == "check-content":
        return check_content(args.directory or settings.content_dir)
    if args.command == "health":
        from bot.app import heartbeat_path
        from bot.domain import utc_now
        from bot.services.health import HeartbeatService

        return 0 if HeartbeatService(heartbeat_path(settings), utc_now).is_fresh() else 1

    content = _content(settings.content_dir)
    if args.command == "demo":
        from bot.demo import run_demo

        logging.basicConfig(level=logging.WARNING)
        quiet_noisy_loggers()
        asyncio.run(run_demo(settings, content))
        return 0

    from bot.app import build_application, run_polling

    configure_logging()
    run_polling(build_application(settings, content))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
