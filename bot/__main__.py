"""Command line: run · demo · check-content · screen · train-screen · report · export · backup ·
health."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from bot.config import ConfigError, Settings, load_settings, quiet_noisy_loggers
from bot.content import Content, ContentError, load_content
from bot.councils import council_settings, settings_for
from bot.officer_commands import add_parser as add_officer_parser
from bot.officer_commands import officer_command
from bot.screen_commands import screen_eval, screen_lines, train_screen

EXIT_CONFIG = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Have Your Say bot")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the real bot (long polling, or --webhook)")
    run.add_argument("--webhook", action="store_true", help="receive updates on HYS_WEBHOOK_URL")
    run.add_argument("--web", action="store_true", help="serve the web chat too (HYS_WEB_PORT)")
    demo = commands.add_parser("demo", help="chat with the bot offline in this terminal")
    demo.add_argument("--web", action="store_true", help="serve the web chat offline instead")
    commands.add_parser("web", help="serve only the web chat (no Telegram token needed)")
    check = commands.add_parser("check-content", help="check the content files")
    check.add_argument("directory", nargs="?", type=Path, help="content folder to check")
    screen = commands.add_parser(
        "screen", help="read one message per line on stdin, write one JSON result per line"
    )
    screen.add_argument(
        "--eval",
        dest="eval_file",
        type=Path,
        metavar="FILE.jsonl",
        help="instead, measure the screen on a labelled file (corpus/README.md format)",
    )
    screen.add_argument(
        "--validation",
        action="store_true",
        help="with --eval: measure only the validation split of the file",
    )
    train = commands.add_parser(
        "train-screen", help="train the screen's learned layer on corpus/screen/*.jsonl"
    )
    train.add_argument(
        "--corpus", type=Path, default=Path("corpus/screen"), help="folder of .jsonl files"
    )
    train.add_argument("--out", type=Path, help="where to write the model (default: packaged)")
    export = commands.add_parser("export", help="write a CSV of officer-approved items")
    export.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    export.add_argument("--force", action="store_true", help="replace --out if it exists")
    export.add_argument("--from", dest="first", type=date.fromisoformat, help="YYYY-MM-DD")
    export.add_argument("--to", dest="last", type=date.fromisoformat, help="YYYY-MM-DD")
    report = commands.add_parser("report", help="write the board report")
    report.add_argument("--from", dest="first", type=date.fromisoformat, help="YYYY-MM-DD")
    report.add_argument("--to", dest="last", type=date.fromisoformat, help="YYYY-MM-DD")
    report.add_argument("--format", choices=("html", "pdf", "csv"), default="html")
    report.add_argument("--out", type=Path, required=True, help="the file to write")
    report.add_argument("--force", action="store_true", help="replace --out if it exists")
    backup = commands.add_parser("backup", help="write a consistent copy of the database")
    backup.add_argument("path", type=Path, help="the new backup file (must not exist yet)")
    screens = commands.add_parser(
        "screens", help="write every screen of every journey as text, with line and button counts"
    )
    screens.add_argument(
        "--audience",
        choices=("in_care", "care_leaver", "carer"),
        help="only this audience's screens (and no officer screens)",
    )
    add_officer_parser(commands)
    commands.add_parser(
        "check-db", help="run SQLite's full integrity check on the database (slow on big ones)"
    )
    commands.add_parser("migrate", help="bring the database up to this version's schema")
    commands.add_parser(
        "health", help="exit 0 if the heartbeat is fresh and the database can be read and written"
    )
    return parser


class SafeFormatter(logging.Formatter):
    """One record, one line: newlines are escaped so nobody can forge a log line."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "\\r").replace("\n", "\\n")


def configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    quiet_noisy_loggers()


def _content(directory: Path) -> Content:
    try:
        return load_content(directory)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        raise SystemExit(1) from None


def _council_content(one: Settings, first: Settings, content: Content) -> Content:
    return content if one is first else _content(one.content_dir)


def check_content(directory: Path) -> int:
    content = _content(directory)
    promises = len(content.pledge.promises)
    items = sum(len(area.items) for area in content.offer.areas)
    print(f"{directory}: all 7 files are fine ({promises} promises, {items} local offer items)")
    return 0


async def export(
    settings: Settings,
    content: Content,
    out: Path,
    first: date | None,
    last: date | None,
    *,
    force: bool = False,
) -> int:
    """The same CSV as the officer's /export: approved board text only, formulas neutralised."""
    from bot.services.export import ExportService
    from bot.store import open_store

    today = datetime.now(settings.zone).date()
    store = await open_store(settings)
    try:
        labels = content.themes.labels()
        text, count = await ExportService(store, labels).approved_csv(
            first or today - timedelta(days=365), last or today
        )
    finally:
        await store.close()
    problem = await asyncio.to_thread(write_out, out, text.encode("utf-8"), force)
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_CONFIG
    print(f"Wrote {count} approved items to {out}")
    return 0


async def write_report(settings: Settings, content: Content, args: argparse.Namespace) -> int:
    """The board report from one model, as HTML, PDF or CSV."""
    from bot.domain import utc_now
    from bot.services.meetings import MeetingsService
    from bot.services.report_pdf import render_pdf
    from bot.services.report_render import render_csv, render_html, words_for
    from bot.services.reports import ReportService
    from bot.store import open_store

    store = await open_store(settings)
    try:
        meetings = MeetingsService(content.meetings, utc_now, settings.zone)
        service = ReportService(store, content, meetings, utc_now, settings.zone)
        words = words_for(await service.build(args.first, args.last), content)
    finally:
        await store.close()
    if args.format == "pdf":
        data = render_pdf(words)
    else:
        data = (render_html(words) if args.format == "html" else render_csv(words)).encode()
    problem = await asyncio.to_thread(write_out, args.out, data, args.force)
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_CONFIG
    print(f"Wrote the {args.format.upper()} report to {args.out}")
    return 0


def out_problem(out: Path, database: Path, force: bool) -> str | None:
    """Why --out must not be written, as one plain line, or None. Never the database or its
    companion files (however the path is spelt, symlinks included), and never an existing file
    unless --force says so."""
    from bot.store import tombstone_path

    protected = [
        database,
        *(database.with_name(database.name + end) for end in ("-wal", "-shm", "-journal")),
        tombstone_path(database),
    ]
    target = out.resolve()
    for kept in protected:
        same = target == kept.resolve()
        if not same and out.exists() and kept.exists():
            same = out.samefile(kept)  # a hard link or a second mount of the same file
        if same:
            return f"--out {out} is the bot's database; write to a new file somewhere else"
    if out.is_dir():
        return f"--out {out} is a folder; give a file name, like report.html"
    if not target.parent.is_dir():
        return f"--out {out}: the folder {target.parent} does not exist"
    if (out.exists() or out.is_symlink()) and not force:
        return f"--out {out} already exists; choose a new name, or add --force to replace it"
    return None


def write_out(out: Path, data: bytes, force: bool) -> str | None:
    """Write the file; a plain line instead of a traceback if that cannot be done."""
    try:
        with out.open("wb" if force else "xb") as file:  # x: never replace a file made since
            file.write(data)
    except FileExistsError:
        return f"--out {out} already exists; choose a new name, or add --force to replace it"
    except OSError as error:
        return f"--out {out} could not be written: {error.strerror or error}"
    return None


def screen_catalogue(content: Content, settings: Settings, audience: str | None) -> int:
    from bot.domain import Audience, local_today, utc_now
    from bot.screens.catalogue import catalogue

    audiences = [Audience(audience)] if audience else list(Audience)
    today = local_today(utc_now, settings.zone)
    sys.stdout.write(catalogue(content, audiences, today, officers=audience is None))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        base = load_settings()
        every: list[Settings] = council_settings(base)
        # A command about one council (report, export, officer...) is for HYS_COUNCIL's.
        settings = every[0] if args.command in {"run", "health"} else settings_for(base, every)
        for one in every if args.command == "run" else []:
            if args.webhook:
                one.require_for_webhook()
            else:
                one.require_for_run()
    except ConfigError as error:
        print(error, file=sys.stderr)
        return EXIT_CONFIG

    if args.command == "check-content":
        return check_content(args.directory or settings.content_dir)
    if args.command == "health":
        from bot.domain import utc_now
        from bot.services.health import HeartbeatService, health_problem
        from bot.wiring import heartbeat_path

        heartbeat = HeartbeatService(heartbeat_path(settings), utc_now)
        url = settings.database_url
        problem = health_problem(
            heartbeat,
            settings.database,
            utc_now,
            settings.db_busy_timeout_ms,
            url.get_secret_value() if url is not None else None,
            settings.council,
        )
        if problem is not None:
            print(f"Not healthy: {problem}", file=sys.stderr)
            return 1
        print("Healthy: the heartbeat is fresh and the database can be read and written")
        return 0

    if args.command in {"report", "export"}:
        problem = out_problem(args.out, settings.database, args.force)
        if problem is not None:
            print(problem, file=sys.stderr)
            return EXIT_CONFIG

    content = _content(settings.content_dir)
    if args.command == "screen":
        if args.eval_file is not None:
            return screen_eval(content, args.eval_file, validation_only=args.validation)
        return screen_lines(content, sys.stdin, sys.stdout)
    if args.command == "screens":
        return screen_catalogue(content, settings, args.audience)
    if args.command == "train-screen":
        return train_screen(content, args.corpus, args.out)
    if args.command in {"backup", "check-db", "migrate"}:
        from bot.store_commands import backup, check_db, migrate

    if args.command == "backup":
        return asyncio.run(backup(settings, args.path))
    if args.command == "officer":
        return asyncio.run(officer_command(settings, args))
    if args.command == "check-db":
        return asyncio.run(check_db(settings))
    if args.command == "migrate":
        return asyncio.run(migrate(settings))
    if args.command == "report":
        return asyncio.run(write_report(settings, content, args))
    if args.command == "export":
        return asyncio.run(
            export(settings, content, args.out, args.first, args.last, force=args.force)
        )
    if args.command == "demo" and args.web:
        from bot.demo import demo_web

        logging.basicConfig(level=logging.WARNING)
        asyncio.run(demo_web(settings, content))
        return 0
    if args.command == "demo":
        from bot.demo import run_demo

        logging.basicConfig(level=logging.WARNING)
        quiet_noisy_loggers()
        asyncio.run(run_demo(settings, content))
        return 0

    from bot.app import build_application, run_polling, run_polling_many
    from bot.store import StoreError, check_file, network_filesystem

    try:
        if settings.database_url is None:
            check_file(settings.database)
    except StoreError as error:
        print(error, file=sys.stderr)
        return 1
    remote = network_filesystem(settings.database) if settings.database_url is None else None
    if remote:
        print(
            f"HYS_DATABASE is on a network filesystem ({remote}); SQLite can be corrupted there. "
            "Keep the database on a local disk.",
            file=sys.stderr,
        )
        return 1
    configure_logging()
    if args.command == "web":
        from bot.web.serve import run_web

        asyncio.run(run_web(settings, content, announce=sys.stdout))
        return 0
    if len(every) > 1:  # several councils: each one's web chat only where it has a port
        bots = [
            (
                build_application(
                    one, _council_content(one, settings, content), web=one.web_port is not None
                ),
                one,
            )
            for one in every
        ]
    else:
        web = args.web or settings.web_port is not None
        bots = [(build_application(settings, content, web=web), settings)]
    if args.webhook:
        from bot.telegram.webhook import run_webhook

        run_webhook(bots)
    elif len(bots) > 1:
        run_polling_many([app for app, _ in bots])
    else:
        run_polling(bots[0][0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
