"""Officer console accounts: who may sign in, with what role, and how the sign-in is going
(set-up link, failures, lock). Staff only: nothing here is about a young person."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from bot.domain import Account, Role
from bot.store.base import StoreCore, audit

_SELECT = (
    "SELECT id, name, role, password_hash, totp_secret, totp_step_used, setup_expires, "
    "failures, locked_until, disabled FROM officer_accounts "
)


def _account(row: sqlite3.Row) -> Account:
    return Account(
        id=int(row[0]),
        name=str(row[1]),
        role=Role(row[2]),
        password_hash=row[3] if row[3] is None else str(row[3]),
        totp_secret=row[4] if row[4] is None else str(row[4]),
        last_totp_step=int(row[5]),
        setup_expires=None if row[6] is None else datetime.fromisoformat(str(row[6])),
        failures=int(row[7]),
        locked_until=None if row[8] is None else datetime.fromisoformat(str(row[8])),
        disabled=bool(row[9]),
    )


class AccountsMixin(StoreCore):
    async def add_account(
        self,
        name: str,
        role: Role,
        setup_hash: bytes,
        expires: datetime,
        *,
        on_day: date,
        telegram_id: int | None = None,
    ) -> bool:
        """A new account waiting for its set-up link. False if the name (or the Telegram
        account) is taken."""

        def work(db: sqlite3.Connection) -> bool:
            try:
                db.execute(
                    "INSERT INTO officer_accounts (name, role, setup_hash, setup_expires, "
                    "created_on, telegram_id) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        name,
                        role.value,
                        setup_hash,
                        expires.isoformat(),
                        on_day.isoformat(),
                        telegram_id,
                    ),
                )
            except sqlite3.IntegrityError:
                return False
            _audit_sync(db, on_day, "admin", "account_added", f"{name} ({role.value})")
            return True

        return await self._transact(work)

    async def reset_account(
        self, name: str, setup_hash: bytes, expires: datetime, *, on_day: date
    ) -> bool:
        """Password and authenticator forgotten; a new set-up link; enabled and unlocked."""

        def work(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                "UPDATE officer_accounts SET password_hash = NULL, totp_secret = NULL, "
                "totp_step_used = 0, setup_hash = ?, setup_expires = ?, failures = 0, "
                "locked_until = NULL, disabled = 0 WHERE lower(name) = lower(?)",
                (setup_hash, expires.isoformat(), name),
            )
            if cursor.rowcount:
                _audit_sync(db, on_day, "admin", "account_reset", name)
            return cursor.rowcount > 0

        return await self._transact(work)

    async def disable_account(self, name: str, *, on_day: date) -> bool:
        def work(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                "UPDATE officer_accounts SET disabled = 1, setup_hash = NULL "
                "WHERE lower(name) = lower(?)",
                (name,),
            )
            if cursor.rowcount:
                _audit_sync(db, on_day, "admin", "account_disabled", name)
            return cursor.rowcount > 0

        return await self._transact(work)

    async def name_for_telegram(self, telegram_id: int) -> str | None:
        """The console name of an officer's Telegram account, if they have one (enabled)."""
        rows = await self._read(
            "SELECT name FROM officer_accounts WHERE telegram_id = ? AND disabled = 0",
            (telegram_id,),
        )
        return str(rows[0][0]) if rows else None

    async def list_accounts(self) -> list[Account]:
        return [_account(r) for r in await self._read(_SELECT + "ORDER BY lower(name), name")]

    async def account_named(self, name: str) -> Account | None:
        rows = await self._read(_SELECT + "WHERE lower(name) = lower(?)", (name,))
        return _account(rows[0]) if rows else None

    async def account_by_id(self, account_id: int) -> Account | None:
        rows = await self._read(_SELECT + "WHERE id = ?", (account_id,))
        return _account(rows[0]) if rows else None

    async def account_by_setup(self, setup_hash: bytes) -> Account | None:
        rows = await self._read(_SELECT + "WHERE setup_hash = ? AND disabled = 0", (setup_hash,))
        return _account(rows[0]) if rows else None

    async def finish_setup(
        self,
        account_id: int,
        setup_hash: bytes,
        password_hash: str,
        totp_secret: str,
        step: int,
        *,
        on_day: date,
    ) -> bool:
        """The link is used up: password and authenticator set, in one go. False if the link
        was used (or reset) meanwhile."""

        def work(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                "UPDATE officer_accounts SET password_hash = ?, totp_secret = ?, "
                "totp_step_used = ?, setup_hash = NULL, setup_expires = NULL, failures = 0, "
                "locked_until = NULL WHERE id = ? AND setup_hash = ? AND disabled = 0",
                (password_hash, totp_secret, step, account_id, setup_hash),
            )
            if cursor.rowcount:
                _audit_sync(db, on_day, "console", "account_set_up", str(account_id))
            return cursor.rowcount > 0

        return await self._transact(work)

    async def sign_in_failed(
        self, account_id: int, lock_after: int, lock_until: datetime, *, on_day: date
    ) -> bool:
        """Count a failure; at `lock_after` failures the account locks. True if it locked now."""

        def work(db: sqlite3.Connection) -> bool:
            row = db.execute(
                "UPDATE officer_accounts SET failures = failures + 1 WHERE id = ? "
                "RETURNING failures, name",
                (account_id,),
            ).fetchone()
            if row is None or int(row[0]) < lock_after:
                return False
            db.execute(
                "UPDATE officer_accounts SET failures = 0, locked_until = ? WHERE id = ?",
                (lock_until.isoformat(), account_id),
            )
            _audit_sync(db, on_day, "console", "account_locked", str(row[1]))
            return True

        return await self._transact(work)

    async def signed_in(self, account_id: int, step: int, *, on_day: date) -> bool:
        """A good password and a code not used before (its time step is later than the last
        one used): failures reset. False if the code's step was used meanwhile (replayed)."""

        def work(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                "UPDATE officer_accounts SET failures = 0, locked_until = NULL, "
                "totp_step_used = ? WHERE id = ? AND totp_step_used < ?",
                (step, account_id, step),
            )
            if cursor.rowcount:
                row = db.execute(
                    "SELECT name FROM officer_accounts WHERE id = ?", (account_id,)
                ).fetchone()
                _audit_sync(db, on_day, "console", "signed_in", str(row[0]))
            return cursor.rowcount > 0

        return await self._transact(work)


def _audit_sync(
    db: sqlite3.Connection, on_day: date, actor: str, action: str, detail: str
) -> None:
    audit(db, on_day, actor, action, None, detail)
