"""Receipt codes: random, easy to read aloud (KITE-7F3Q-X9MA), stored only as a keyed hash."""

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


class ReceiptCodes:
    """Makes codes and the hash that is stored in their place."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def new_code(self) -> str:
        word = secrets.choice(WORDS)
        chars = "".join(secrets.choice(ALPHABET) for _ in range(CODE_CHARS))
        return f"{word}-{chars[:4]}-{chars[4:]}"

    @staticmethod
    def normalise(typed: str) -> str | None:
        """Forgive case, spaces, dashes and look-alike characters; None if it can't be a code."""
        squashed = re.sub(r"[^A-Za-z0-9]", "", typed).upper()
        for word in sorted(WORDS, key=len, reverse=True):
            if squashed.startswith(word):
                rest = squashed[len(word) :].translate(_CONFUSABLE)
                match = _SHAPE.fullmatch(word + rest)
                return f"{word}-{rest[:4]}-{rest[4:]}" if match else None
        return None

    def hash(self, code: str) -> bytes:
        return hmac.new(self._key, code.encode("ascii"), hashlib.sha256).digest()
