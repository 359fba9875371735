"""Officer console accounts: set-up links, passwords (argon2id) and the authenticator app
(TOTP), sign-in with a lock after repeated failures. Nothing here is ever logged with a
password, a code or a secret."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot.domain import Account, Clock, Role, local_today
from bot.store import Store

SETUP_VALID = timedelta(hours=24)
LOCK_AFTER = 5
LOCK_FOR = timedelta(minutes=15)
MIN_PASSWORD = 12
MAX_PASSWORD = 256
MIN_SCORE = 3
TOTP_STEP = 30
NAME = re.compile(r"[A-Za-z][A-Za-z0-9 ._'-]{1,39}")
ISSUER = "Have Your Say"


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    """zxcvbn's common passwords and English words, loaded when a password is first set (not
    at every start: only set-up needs them)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(
        FREQUENCY_LISTS["english_wikipedia"][:10000]
    )


class SignInRefused(StrEnum):
    WRONG = "wrong"  # name, password or code not right (never which)
    LOCKED = "locked"


@dataclass(frozen=True, slots=True)
class SetUp:
    """What a set-up page needs: the account, and the authenticator secret to enrol."""

    account: Account
    secret: str
    uri: str


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def password_problem(password: str, confirm: str, name: str) -> str | None:
    """Why a new password will not do (a sentence for the page), or None."""
    if password != confirm:
        return "The two passwords are not the same."
    if len(password) < MIN_PASSWORD:
        return f"Use at least {MIN_PASSWORD} characters: three or four words work well."
    if len(password) > MAX_PASSWORD:
        return f"Use at most {MAX_PASSWORD} characters."
    folded = password.lower()
    if folded in _common() or len(set(folded)) < 5:
        return "That password is too common: it would be guessed quickly."
    if name.lower() in folded or folded in name.lower():
        return "Do not use your name in your password."
    # zxcvbn: common passwords, words, names, keyboard patterns, dates and l33t, with the
    # officer's name as a word to avoid. Score 3 of 4: "safely unguessable" online.
    from zxcvbn import zxcvbn

    if zxcvbn(password[:100], user_inputs=[name])["score"] < MIN_SCORE:
        return "That password would be guessed too easily: try three or four random words."
    return None


def code_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step this 6-digit code belongs to (the current one, or one either side for a
    slow clock), or None."""
    code = re.sub(r"\s", "", code)
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret, interval=TOTP_STEP)
    now_step = int(now.timestamp()) // TOTP_STEP
    for step in (now_step, now_step - 1, now_step + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


class AccountService:
    def __init__(self, store: Store, clock: Clock, zone: ZoneInfo) -> None:
        self._store = store
        self._clock = clock
        self._zone = zone
        self._hasher = PasswordHasher()  # argon2id, the library's recommended parameters
        self._decoy: str | None = None  # made on first need: hashing takes a fifth of a second

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        return local_today(self._clock, self._zone)

    # -- accounts (the officer command) -------------------------------------------------------

    async def add(self, name: str, role: Role, telegram_id: int | None = None) -> str | None:
        """A new account (the same person as this Telegram account, if given); its one-time
        set-up token, or None if the name or the Telegram account is taken."""
        if not NAME.fullmatch(name):
            raise ValueError("a name is 2 to 40 letters, digits, spaces or . _ ' -")
        token = secrets.token_urlsafe(32)
        expires = self.now() + SETUP_VALID
        added = await self._store.add_account(
            name, role, token_hash(token), expires, on_day=self.today(), telegram_id=telegram_id
        )
        return token if added else None

    async def reset(self, name: str) -> str | None:
        token = secrets.token_urlsafe(32)
        expires = self.now() + SETUP_VALID
        done = await self._store.reset_account(
            name, token_hash(token), expires, on_day=self.today()
        )
        return token if done else None

    async def disable(self, name: str) -> bool:
        return await self._store.disable_account(name, on_day=self.today())

    async def accounts(self) -> list[Account]:
        return await self._store.list_accounts()

    async def account(self, account_id: int) -> Account | None:
        return await self._store.account_by_id(account_id)

    # -- set-up --------------------------------------------------------------------------------

    async def setting_up(self, token: str) -> Account | None:
        """The account this set-up link is for, while the link is valid."""
        account = await self._store.account_by_setup(token_hash(token))
        if account is None or account.setup_expires is None:
            return None
        if account.setup_expires <= self.now():
            return None
        return account

    @staticmethod
    def uri(account: Account, secret: str) -> str:
        """What the authenticator app reads from the QR code."""
        return pyotp.TOTP(secret, interval=TOTP_STEP).provisioning_uri(
            name=account.name, issuer_name=ISSUER
        )

    def new_secret(self, account: Account) -> SetUp:
        secret = pyotp.random_base32()
        return SetUp(account, secret, self.uri(account, secret))

    async def finish_setup(
        self, token: str, password: str, confirm: str, secret: str, code: str
    ) -> str | None:
        """Set the password and the authenticator; a sentence saying what is wrong, or None."""
        account = await self.setting_up(token)
        if account is None:
            return "This set-up link has expired or been used. Ask an admin for a new one."
        problem = password_problem(password, confirm, account.name)
        if problem:
            return problem
        if not re.fullmatch(r"[A-Z2-7]{32}", secret):
            return "Please start again from your set-up link."
        step = code_step(secret, code, self.now())
        if step is None:
            return "That code is not right. Type the 6 digits your authenticator app shows now."
        hashed = await asyncio.to_thread(self._hasher.hash, password)
        done = await self._store.finish_setup(
            account.id, token_hash(token), hashed, secret, step, on_day=self.today()
        )
        return None if done else "This set-up link has expired or been used."

    # -- sign-in -------------------------------------------------------------------------------

    async def sign_in(self, name: str, password: str, code: str) -> Account | SignInRefused:
        account = (
            await self._store.account_named(name.strip()) if NAME.fullmatch(name.strip()) else None
        )
        if account is None or not account.ready or account.password_hash is None:
            if self._decoy is None:
                self._decoy = await asyncio.to_thread(self._hasher.hash, secrets.token_urlsafe(16))
            await asyncio.to_thread(self._verify, self._decoy, password)  # same time either way
            return SignInRefused.WRONG
        now = self.now()
        if account.locked_until is not None and account.locked_until > now:
            return SignInRefused.LOCKED
        good = await asyncio.to_thread(self._verify, account.password_hash, password)
        step = code_step(account.totp_secret or "", code, now) if good else None
        fresh = step is not None and step > account.last_totp_step
        if fresh and await self._store.signed_in(account.id, step or 0, on_day=self.today()):
            return account
        locked = await self._store.sign_in_failed(
            account.id, LOCK_AFTER, now + LOCK_FOR, on_day=self.today()
        )
        return SignInRefused.LOCKED if locked else SignInRefused.WRONG

    def _verify(self, hashed: str, password: str) -> bool:
        try:
            return bool(self._hasher.verify(hashed, password))
        except (VerificationError, InvalidHashError):
            return False
