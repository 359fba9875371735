"""Content loader: `Content`, `load_content`, and plain reports of YAML, shape and field errors."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import strictyaml
from pydantic import BaseModel, ValidationError
from strictyaml.ruamel.comments import CommentedMap, CommentedSeq
from strictyaml.ruamel.error import MarkedYAMLError, YAMLError
from strictyaml.ruamel.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from strictyaml.ruamel.loader import BaseLoader
from strictyaml.ruamel.main import parse as parse_events

from bot.content.models import (
    Council,
    LocalOffer,
    Meetings,
    Pledge,
    Safeguarding,
    Themes,
)
from bot.content.texts import Texts
from bot.domain import Audience

CONTENT_FILES = (
    "council.yaml",
    "pledge.yaml",
    "local_offer.yaml",
    "meetings.yaml",
    "themes.yaml",
    "safeguarding.yaml",
    "texts.yaml",
)


class ContentError(Exception):
    """Content could not be loaded; `problems` holds one plain line per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


_ModelT = TypeVar("_ModelT", bound=BaseModel)


# ---------------------------------------------------------------------------------------------
# The whole content folder


@dataclass(frozen=True, slots=True)
class Content:
    council: Council
    pledge: Pledge
    offer: LocalOffer
    meetings: Meetings
    themes: Themes
    safeguarding: Safeguarding
    texts: Texts


def load_content(directory: Path) -> Content:
    """Load and validate every content file; raise ContentError listing every problem found."""
    problems: list[str] = []
    models: list[Any] = [
        _load_file(directory / name, model, problems)
        for name, model in zip(
            CONTENT_FILES,
            (Council, Pledge, LocalOffer, Meetings, Themes, Safeguarding, Texts),
            strict=True,
        )
    ]
    if problems:
        raise ContentError(problems)
    content = Content(*models)
    problems.extend(_cross_file_problems(content))
    if problems:
        raise ContentError(problems)
    return content


def _cross_file_problems(content: Content) -> list[str]:
    """Checks that need two files: every safeguarding category's theme is in themes.yaml."""
    themes = {theme.id for theme in content.themes.themes}
    return [
        f'safeguarding.yaml: the category "{category.id}" has the theme "{category.theme}", '
        f"which is not in themes.yaml ({', '.join(sorted(themes))})"
        for category in content.safeguarding.categories
        if category.theme not in themes
    ]


# Content files are a few pages of text; anything bigger is the wrong file (or an attack on the
# loader), and nothing an officer writes needs more levels than this.
MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 20
# strictyaml's time grows with the square of a file's values (1,000 in one list took 15 s on a
# busy machine; the largest shipped file has under 500), so a cap keeps start-up bounded.
MAX_VALUES = 3000
# The characters YAML refuses (the same set as the YAML reader's): control characters and NUL.
_NOT_TEXT = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _load_file(path: Path, model: type[_ModelT], problems: list[str]) -> _ModelT | None:
    name = path.name
    raw = _read_text(path, problems)
    if raw is None:
        return None
    shape = _shape_problem(raw)
    if shape is not None:
        problems.append(f"{name} {shape}")
        return None
    try:
        document = strictyaml.load(raw, label=name)
    except MarkedYAMLError as error:
        problems.append(_yaml_problem(name, error))
        return None
    except (YAMLError, RecursionError):
        problems.append(f"{name}: the file could not be read as 'name: value' lines")
        return None
    if not document.is_mapping():
        problems.append(f"{name} line 1: the file should be made of 'name: value' lines")
        return None
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        problems.extend(_pydantic_problem(name, document, e) for e in error.errors())
        return None


def _read_text(path: Path, problems: list[str]) -> str | None:
    """The file as text, or None with one plain line saying why it cannot be used."""
    name = path.name
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        problems.append(f"{name}: the file is missing from {path.parent}")
        return None
    except IsADirectoryError:
        problems.append(f"{name}: this is a folder, not a file")
        return None
    except OSError as error:
        problems.append(f"{name}: the file cannot be opened ({error.strerror or error})")
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.append(
            f"{name}: the file is bigger than 1 MB; content files are a few pages of text, "
            "so check this is the right file"
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(
            f"{name} line {line}: the file is not saved as UTF-8 text; "
            "save it again choosing UTF-8 as the encoding"
        )
        return None
    text = text.removeprefix("\ufeff")  # a byte-order mark from Notepad is harmless
    hidden = _NOT_TEXT.search(text)
    if hidden is not None:
        line = text.count("\n", 0, hidden.start()) + 1
        what = "a NUL character" if hidden[0] == "\x00" else "a hidden control character"
        problems.append(
            f"{name} line {line}: there is {what} (U+{ord(hidden[0]):04X}) here; "
            "delete it, or copy the text into a fresh file"
        )
        return None
    return text


def _could_be_too_big(text: str) -> bool:
    """A cheap look first (every content file is parsed on every start). strictyaml refuses
    [ ] and { } lists, so nesting needs indentation: a block nested d deep starts at column
    d - 2 or more. And a line holds at most two values (a name and its value)."""
    lines = 0
    for line in text.splitlines():
        body = line.lstrip(" -")
        if body and not body.startswith("#"):
            lines += 1
            if len(line) - len(body) >= MAX_DEPTH - 3:
                return True
    return lines * 2 > MAX_VALUES


def _shape_problem(text: str) -> str | None:
    """'line N: ...' when the layout goes deeper than MAX_DEPTH or holds more than MAX_VALUES
    values. Reads parser events one by one, so even a very deep file cannot exhaust Python's
    recursion limit, and stops at the first problem."""
    if not _could_be_too_big(text):
        return None
    depth = values = 0
    try:
        for event in parse_events(text, Loader=BaseLoader):
            if isinstance(event, MappingStartEvent | SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return (
                        f"line {event.start_mark.line + 1}: the layout goes more than "
                        f"{MAX_DEPTH} levels deep here; check the spaces at the start of each line"
                    )
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                depth -= 1
            elif isinstance(event, ScalarEvent):
                values += 1
                if values > MAX_VALUES:
                    return (
                        f"line {event.start_mark.line + 1}: the file has more than {MAX_VALUES} "
                        "values by here; content files are much smaller, so check it is the "
                        "right file"
                    )
    except YAMLError:
        return None  # a layout mistake: strictyaml reports it with its line
    return None


_YAML_PROBLEMS = {
    "DuplicateKeysDisallowed": "the same name appears twice in one place",
    "FlowMappingDisallowed": (
        "{ } and [ ] lists are not allowed; put one item per line starting with '- ', "
        "or put the text in quotes"
    ),
    "AnchorTokenDisallowed": "a value cannot start with & ; put the text in quotes",
    "TagTokenDisallowed": "a value cannot start with ! ; put the text in quotes",
}


def _yaml_problem(name: str, error: MarkedYAMLError) -> str:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else 1
    plain = _YAML_PROBLEMS.get(
        type(error).__name__,
        "the layout is not right here; check the spaces at the start of the line, "
        "and that a value with a colon in it is in quotes",
    )
    return f"{name} line {line}: {plain}"


def _walk(document: Any, loc: tuple[int | str, ...]) -> tuple[int, bool, int]:
    """Follow an error location into the parsed YAML.

    Returns the 1-based line of the deepest part found, whether that part is a single value, and
    how many parts of the location were found. (strictyaml's own line numbers are worked out by
    re-printing the file and drift after comments, so we read ruamel's positions underneath it.)
    """
    node = document._chunk._ruamelparsed
    line = 0
    for found, part in enumerate(loc):
        if isinstance(node, CommentedMap) and isinstance(part, str) and part in node:
            line = node.lc.key(part)[0]
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line = node.lc.item(part)[0]
            node = node[part]
        else:
            # A plain text where the model has parts (a wording given as one sentence) is that
            # text's own problem; anything else (a missing name) is about the whole location.
            scalar = found > 0 and not isinstance(node, CommentedMap | CommentedSeq)
            return line + 1, scalar, found if scalar else len(loc)
    return line + 1, not isinstance(node, CommentedMap | CommentedSeq), len(loc)


def _field_name(loc: tuple[int | str, ...]) -> str:
    """The name as the officer wrote it: with its parent's when nested ("officer phone")."""
    parts = [p for p in loc if not (isinstance(p, str) and p.startswith("function-"))]
    if not parts or not isinstance(parts[-1], str):
        named = [str(p) for p in parts if isinstance(p, str)]
        return named[-1] if named else "this file"
    if len(parts) >= 2 and isinstance(parts[-2], str):
        return f"{parts[-2]} {parts[-1]}"
    return parts[-1]


def _pydantic_problem(name: str, document: Any, error: Any) -> str:
    loc = tuple(error["loc"])
    line, leaf, found = _walk(document, loc)
    field = _field_name(loc[:found])
    given = error.get("input")
    kind = error["type"]
    if kind == "duplicate_id":
        ctx = error["ctx"]
        line = _walk(document, (*loc, ctx["index"], "id"))[0]
        first = _walk(document, (*loc, ctx["first"], "id"))[0]
        plain = (
            f'the {ctx["what"]} id "{ctx["id"]}" is used twice (first on line {first}); '
            "each one needs its own"
        )
    elif kind == "missing":
        plain = f"{field} is missing"
    elif kind == "extra_forbidden":
        plain = f'"{loc[-1]}" is not something I know here; check the spelling'
    elif kind == "int_parsing":
        plain = f'{field} "{given}" is not a whole number'
    elif kind == "string_type":
        plain = f"{field} should be text"
    elif kind == "list_type":
        plain = f"{field} should be a list, one item per line starting with '- '"
    elif kind in {"model_type", "dict_type", "model_attributes_type"}:
        plain = f"{field} should be a set of 'name: value' lines"
    elif kind == "enum":
        choices = ", ".join(a.value for a in Audience)
        plain = f'{field} "{given}" should be one of: {choices}'
    elif kind == "literal_error":
        plain = f'{field} "{given}" should be {error["ctx"]["expected"]}'
    elif kind == "too_short":
        plain = f"{field} needs at least one entry"
    elif kind in {"greater_than_equal", "less_than_equal"}:
        plain = f'{field} "{given}" {error["msg"].lower()}'
    elif kind == "value_error":
        message = str(error["ctx"]["error"])
        # Field checks read "time "7pm" is not ..."; whole-entry checks carry their own subject.
        prefix = leaf and not message.startswith(field)
        plain = f"{field} {message}" if prefix else message
    else:
        plain = f"{field}: {error['msg']}"
    return f"{name} line {line}: {plain}"
