"""Receipt codes: easy to read aloud (KITE-7F3Q-X9MA), stored only as a keyed hash.

A code is derived from the submission (a random token made with the draft, or the update a
disclosure arrived in) with a secret key, so the same Send — pressed again, or redelivered after
a crash between saving and replying — shows the same code, and nobody without the key can work a
code out. The database keeps only a keyed hash of the code."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

# Crockford's base32: no I, L, O or U, so nothing is mistaken for 1, 0 or a rude word.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
# 64 short, friendly words (6 bits) + 8 base32 characters (40 bits) = 46 bits of chance.
WORDS = (
    "ACORN", "ANCHOR", "APPLE", "ARROW", "BADGE", "BEACH", "BERRY", "BIRCH",
    "BRIDGE", "BROOK", "CANDLE", "CASTLE", "CEDAR", "CLOUD", "COMET", "CORAL",
    "CRANE", "DAISY", "DELTA", "DOLPHIN", "EAGLE", "EMBER", "FALCON", "FERN",
    "FLAME", "FOREST", "FOX", "GARDEN", "GLOBE", "HARBOUR", "HAZEL", "HERON",
    "ISLAND", "IVY", "JADE", "JASMINE", "KITE", "LANTERN", "LEMON", "LILY",
    "MAPLE", "MEADOW", "MOON", "OAK", "OCEAN", "OLIVE", "OTTER", "PEBBLE",
    "PLANET", "POPPY", "RAINBOW", "RIVER", "ROBIN", "SAIL", "SPARROW", "STAR",
    "STONE", "SUMMIT", "SWAN", "TIGER", "TULIP", "VALLEY", "WILLOW", "ZEBRA",
)  # fmt: skip
CODE_CHARS = 8
_SHAPE = re.compile(rf"([A-Z]+)([{ALPHABET}]{{{CODE_CHARS}}})")
_A_WORD_FIRST = re.compile("|".join(WORDS))
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")


class ReceiptCodes:
    """Makes codes and the hash that is stored in their place."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def new_code(self) -> str:
        word = secrets.choice(WORDS)
        chars = "".join(secrets.choice(ALPHABET) for _ in range(CODE_CHARS))
        return f"{word}-{chars[:4]}-{chars[4:]}"

    def code_for(self, token: str, attempt: int = 0) -> str:
        """The code of a submission; `attempt` moves on if a code ever collides (2**-46)."""
        digest = hmac.new(self._key, f"code:{attempt}:{token}".encode(), hashlib.sha256).digest()
        number = int.from_bytes(digest[:8], "big")
        word = WORDS[number & 63]
        number >>= 6
        chars = ""
        for _ in range(CODE_CHARS):
            chars += ALPHABET[number & 31]
            number >>= 5
        return f"{word}-{chars[:4]}-{chars[4:]}"

    def dedupe_key(self, token: str) -> int:
        """A keyed 56-bit number for a submission: stored to catch the same Send twice."""
        digest = hmac.new(self._key, f"seen:{token}".encode(), hashlib.sha256).digest()
        return int.from_bytes(digest[:7], "big")

    @staticmethod
    def words_besides_codes(text: str) -> str:
        """The typed words that are not a receipt code (a code is random letters, not words,
        however it was typed: "KITE-7F3Q-X9MA", "kite 7f3q x9ma"): what is screened after
        /status, or in the web chat's code box."""
        words = text.split()
        while (span := ReceiptCodes._code_span(words)) is not None:
            del words[span[0] : span[1]]
        return " ".join(words)

    @staticmethod
    def normalise(typed: str) -> str | None:
        """Forgive case, spaces, dashes and look-alike characters; None if it can't be a code."""
        squashed = _NOT_ALNUM.sub("", typed).upper()
        for word in sorted(WORDS, key=len, reverse=True):
            if squashed.startswith(word):
                rest = squashed[len(word) :].translate(_CONFUSABLE)
                match = _SHAPE.fullmatch(word + rest)
                return f"{word}-{rest[:4]}-{rest[4:]}" if match else None
        return None

    @staticmethod
    def find(typed: str) -> str | None:
        """The code in what they typed: on its own, or pasted inside a sentence ("Your code is
        KITE-7F3Q-X9MA", "code: kite 7f3q x9ma")."""
        code = ReceiptCodes.normalise(typed)
        if code is not None:
            return code
        words = typed.split()
        span = ReceiptCodes._code_span(words)
        return None if span is None else ReceiptCodes.normalise(" ".join(words[slice(*span)]))

    @staticmethod
    def _code_span(words: list[str]) -> tuple[int, int] | None:
        """(start, end) of the first words that make a code, over at most three words each."""
        for start in range(len(words)):
            if not _A_WORD_FIRST.match(_NOT_ALNUM.sub("", words[start]).upper()):
                continue  # every code starts with one of WORDS: most words are skipped cheaply
            for end in range(start + 1, min(start + 3, len(words)) + 1):
                if ReceiptCodes.normalise(" ".join(words[start:end])) is not None:
                    return start, end
        return None

    def hash(self, code: str) -> bytes:
        return hmac.new(self._key, code.encode("ascii"), hashlib.sha256).digest()
