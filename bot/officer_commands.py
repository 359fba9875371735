"""`python -m bot officer add|list|disable|reset`: officer console accounts, from the server's
own command line (whoever can run this can already read the database). A new or reset account
gets a one-time set-up link, printed once and kept only as a hash."""

from __future__ import annotations

import argparse
import sys

from bot.config import Settings
from bot.domain import Role, utc_now


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    officer = commands.add_parser("officer", help="officer console accounts")
    actions = officer.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add an account and print its one-time set-up link")
    add.add_argument("name")
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.OFFICER.value)
    add.add_argument(
        "--telegram-id",
        type=int,
        help="their Telegram user id (as in HYS_OFFICER_IDS): decisions there use this name",
    )
    actions.add_parser("list", help="list the accounts (never a secret)")
    disable = actions.add_parser("disable", help="stop an account signing in (kept for the audit)")
    disable.add_argument("name")
    reset = actions.add_parser("reset", help="forget password and authenticator; print a new link")
    reset.add_argument("name")


def setup_link(settings: Settings, token: str) -> str:
    from bot.web.serve import DEFAULT_PORT

    base = (
        settings.web_base_url
        or f"http://{settings.web_listen}:{settings.web_port or DEFAULT_PORT}"
    )
    return f"{base.rstrip('/')}/console/setup/{token}"


async def officer_command(settings: Settings, args: argparse.Namespace) -> int:
    from bot.services.accounts import SETUP_VALID, AccountService
    from bot.store import open_store

    store = await open_store(settings)
    try:
        accounts = AccountService(store, utc_now, settings.zone)
        hours = int(SETUP_VALID.total_seconds() // 3600)
        if args.action == "add":
            try:
                token = await accounts.add(args.name, Role(args.role), args.telegram_id)
            except ValueError as error:
                print(f"Not added: {error}", file=sys.stderr)
                return 2
            if token is None:
                print(
                    f"Not added: there is already an account called {args.name} "
                    "(or for that Telegram account)",
                    file=sys.stderr,
                )
                return 1
            print(f"Added {args.name} ({args.role}). Send them this link (once, {hours} hours):")
            print(setup_link(settings, token))
            return 0
        if args.action == "reset":
            token = await accounts.reset(args.name)
            if token is None:
                print(f"No account called {args.name}", file=sys.stderr)
                return 1
            print(
                f"Reset {args.name}: they are signed out and need this link ({hours} hours, once):"
            )
            print(setup_link(settings, token))
            return 0
        if args.action == "disable":
            if not await accounts.disable(args.name):
                print(f"No account called {args.name}", file=sys.stderr)
                return 1
            print(f"Disabled {args.name}: they can no longer sign in.")
            return 0
        for account in await accounts.accounts():
            state = (
                "disabled"
                if account.disabled
                else "ready"
                if account.ready
                else "waiting for set-up"
            )
            print(f"{account.name}\t{account.role.value}\t{state}")
        return 0
    finally:
        await store.close()
