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
_DIGIT_OR_DASH = re.compile(r"[0-9\-]")
# How a code is typed: a word, then two groups of four letters or digits, with dashes, spaces or
# dots between them or none, and brackets or a full stop around it.
_TYPED_CODE = re.compile(
    r"[\s(\[\"'`]*(?P<word>[A-Za-z]{3,7})[\s.\-_]{0,3}(?P<first>[A-Za-z0-9]{4})[\s.\-_]{0,3}"
    r"(?P<second>[A-Za-z0-9]{4})[\s)\]\"'`.,!?]*"
)


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
        however it was typed: "KITE-7F3Q-X9MA", "kite 7f3q x9ma"): what is screened after a
        command, or in the web chat's code box. One pass over the words: linear.

        Only a run typed as a code goes: with a digit or a dash in it, as every code is shown.
        "robin hits kids" has a code's shape (a code word and two groups of four letters) but is
        words, and is screened as words."""
        words, kept, at = text.split(), [], 0
        while at < len(words):
            end = ReceiptCodes._code_end(words, at)
            if end is None or not _DIGIT_OR_DASH.search(" ".join(words[at:end])):
                kept.append(words[at])
                at += 1
            else:
                at = end
        return " ".join(kept)

    @staticmethod
    def normalise(typed: str) -> str | None:
        """Forgive case, spaces, dashes, brackets and look-alike characters; None if it is not
        shaped like a code (a code word, then two groups of four: "kite 7f3q x9ma"), so a
        sentence that starts with a code word ("Robin hit me") is never taken for one."""
        shaped = _TYPED_CODE.fullmatch(typed)
        if shaped is None or shaped.group("word").upper() not in WORDS:
            return None
        rest = (shaped.group("first") + shaped.group("second")).upper().translate(_CONFUSABLE)
        if _SHAPE.fullmatch(shaped.group("word").upper() + rest) is None:
            return None
        return f"{shaped.group('word').upper()}-{rest[:4]}-{rest[4:]}"

    @staticmethod
    def find(typed: str) -> str | None:
        """The code in what they typed: on its own, or pasted inside a sentence ("Your code is
        KITE-7F3Q-X9MA", "code: kite 7f3q x9ma")."""
        code = ReceiptCodes.normalise(typed)
        if code is not None:
            return code
        words = typed.split()
        for at in range(len(words)):
            end = ReceiptCodes._code_end(words, at)
            if end is not None:
                return ReceiptCodes.normalise(" ".join(words[at:end]))
        return None

    @staticmethod
    def _code_end(words: list[str], at: int) -> int | None:
        """Where a code that starts at words[at] ends (it spans one to three words), or None."""
        if not _A_WORD_FIRST.match(_NOT_ALNUM.sub("", words[at]).upper()):
            return None  # every code starts with one of WORDS: most words are skipped cheaply
        for end in range(at + 1, min(at + 3, len(words)) + 1):
            if ReceiptCodes.normalise(" ".join(words[at:end])) is not None:
                return end
        return None

    def hash(self, code: str) -> bytes:
        return hmac.new(self._key, code.encode("ascii"), hashlib.sha256).digest()
