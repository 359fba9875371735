"""Renders channel-neutral Screens as HTML: text escaped, every action a button in a plain
form (it works without JavaScript), a text box where a screen asks someone to type."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from bot.content import Content
from bot.domain import Audience
from bot.screens.model import Block, BlockKind, Line, Screen, Span, say
from bot.services.intake import MAX_MESSAGE_UNITS

TEMPLATES = Path(__file__).parent / "templates"
# The templates ship with the package and never change while it runs: no stat per page.
_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True),
    cache_size=8,
    auto_reload=False,
)
# Screens whose text box takes how to reach someone, not a message.
_DETAILS = {"contact_other"}
# A page's heading, when its first screen has no title: the name of the place it belongs to.
_HEADINGS = {
    "pledge": "button_pledge",
    "promise": "button_pledge",
    "offer": "button_offer",
    "area": "button_offer",
    "item": "button_offer",
    "item_how": "button_offer",
    "meetings": "button_meetings",
    "board": "button_meetings",
    "help": "button_help",
    "crisis": "button_help",
    "safety_check": "button_help",
    "privacy": "button_privacy",
    "privacy_more": "button_privacy",
    "we_did": "button_we_did",
    "status": "web_check_heading",
}


def place_heading(content: Content, screen: Screen) -> str:
    """The heading for a page that starts with this screen (no emoji: a screen reader reads
    "SOS button" aloud)."""
    if screen.title:
        return screen.title
    field = _HEADINGS.get(screen.name)
    label = getattr(content.texts, field) if field else content.texts.web_title
    return label.lstrip("".join(c for c in label if not c.isalnum())).strip()


@dataclass(frozen=True, slots=True)
class Form:
    """What every form on a page carries: the session's form token."""

    csrf: str


def page(
    content: Content,
    audience: Audience,
    screens: list[Screen],
    form: Form,
    *,
    kept_text: str = "",
    extra: Markup | None = None,
    heading: str | None = None,
    exit_url: str = "",
) -> str:
    """A whole page: the quick exit, the screens of this step in order, and the footer."""
    t = content.texts
    first = screens[0] if screens else None
    if heading is None:
        heading = place_heading(content, first) if first is not None else t.web_title
    body = [_screen(content, s, form, kept_text, titled=s is not first) for s in screens]
    return _env.get_template("page.html").render(
        t=t,
        heading=heading,
        title=f"{heading} · {t.web_title}" if heading != t.web_title else t.web_title,
        screens=body,
        extra=extra,
        exit_hint=t.web_exit_hint.for_(audience),
        exit_url=exit_url,
    )


def _screen(
    content: Content, screen: Screen, form: Form, kept_text: str, *, titled: bool
) -> Markup:
    parts: list[str] = []
    if screen.title and titled:
        parts.append(f"<h2>{escape(screen.title)}</h2>")
    parts += [_block(block) for block in screen.blocks]
    if screen.prompt:
        parts.append(_text_form(content, screen, form, kept_text))
    if screen.actions:
        parts.append(_actions(screen, form))
    name = escape(screen.name or "screen")
    # Every part above is built from escaped text.
    html = f'<section class="screen" data-screen="{name}">{"".join(parts)}</section>'
    return Markup(html)  # noqa: S704


def _text_form(content: Content, screen: Screen, form: Form, kept_text: str) -> str:
    t = content.texts
    label = t.web_details_label if screen.name in _DETAILS else t.web_message_label
    key = secrets.token_urlsafe(12)  # names this message: sent twice, it is stored once
    return (
        '<form method="post" action="/say" class="say">'
        f'<input type="hidden" name="csrf" value="{escape(form.csrf)}">'
        f'<input type="hidden" name="key" value="{key}">'
        f'<label for="text">{escape(label)}</label>'
        f'<textarea id="text" name="text" rows="6" maxlength="{MAX_MESSAGE_UNITS}" required>'
        f"{escape(kept_text)}</textarea>"
        f'<button type="submit" class="primary">{escape(t.button_next)}</button>'
        "</form>"
    )


def _actions(screen: Screen, form: Form) -> str:
    rows = "".join(
        '<div class="row">'
        + "".join(
            f'<button type="submit" name="do" value="{escape(a.value)}">{escape(a.label)}</button>'
            for a in row
        )
        + "</div>"
        for row in screen.actions
    )
    return (
        '<form method="post" action="/act" class="actions">'
        f'<input type="hidden" name="csrf" value="{escape(form.csrf)}">{rows}</form>'
    )


def _block(block: Block) -> str:
    if block.kind is BlockKind.QUOTE:
        return f"<blockquote>{_lines(block.lines)}</blockquote>"
    if block.kind is BlockKind.LIST:
        return "<ul>" + "".join(f"<li>{_line(line)}</li>" for line in block.lines) + "</ul>"
    return f"<p>{_lines(block.lines)}</p>"


def _lines(lines: tuple[Line, ...]) -> str:
    return "<br>".join(_line(line) for line in lines)


def _line(line: Line) -> str:
    return "".join(_span(span) for span in line)


def _span(span: Span) -> str:
    text = str(escape(span.text)).replace("\n", "<br>")
    if span.code:
        text = f'<code class="code">{text}</code>'
    if span.italic:
        text = f"<em>{text}</em>"
    if span.bold:
        text = f"<strong>{text}</strong>"
    if span.dial:
        text = f'<a href="{escape(span.dial)}" class="dial">{text}</a>'
    elif span.link and span.link.startswith(("https://", "http://", "mailto:")):
        href = escape(span.link)
        text = f'<a href="{href}" rel="noreferrer noopener">{text}</a>'
    return text


def check_form(content: Content, audience: Audience, form: Form) -> Markup:
    """Check or delete a message with its code (the web's /status and /delete)."""
    t = content.texts
    lost = say(t.web_check_lost, audience, officer_email=content.council.officer.email)
    html = (
        '<section class="screen" data-screen="check">'
        f"<h2>{escape(t.web_check_heading)}</h2>"
        f"<p>{escape(t.web_check_intro.for_(audience))}</p>"
        '<form method="post" action="/check" class="check">'
        f'<input type="hidden" name="csrf" value="{escape(form.csrf)}">'
        f'<label for="code">{escape(t.web_code_label)}</label>'
        '<input type="text" id="code" name="code" autocomplete="off" spellcheck="false" '
        'autocapitalize="characters" maxlength="40" required>'
        '<div class="row">'
        f'<button type="submit" name="do" value="status" class="primary">'
        f"{escape(t.web_check_status)}</button>"
        f'<button type="submit" name="do" value="delete">{escape(t.web_check_delete)}</button>'
        "</div></form>"
        f"<p>{escape(lost)}</p></section>"
    )
    return Markup(html)  # noqa: S704 -- built from escaped text


def write_back_form(content: Content, code: str, form: Form, kept: str = "") -> Markup:
    """Under the team's reply: a box to write back, under the same code (`kept`: their words,
    back in the box, when they could not be sent)."""
    t = content.texts
    key = secrets.token_urlsafe(12)
    html = (
        '<form method="post" action="/check" class="say">'
        f'<input type="hidden" name="csrf" value="{escape(form.csrf)}">'
        f'<input type="hidden" name="key" value="{key}">'
        f'<input type="hidden" name="code" value="{escape(code)}">'
        '<input type="hidden" name="do" value="reply">'
        f'<label for="text">{escape(t.web_write_back)}</label>'
        f'<textarea id="text" name="text" rows="5" maxlength="{MAX_MESSAGE_UNITS}" required>'
        f"{escape(kept)}</textarea>"
        f'<button type="submit" class="primary">{escape(t.button_send)}</button></form>'
    )
    return Markup(html)  # noqa: S704 -- built from escaped text


def delete_form(content: Content, audience: Audience, code: str, form: Form) -> Markup:
    """Delete for good? Asked once more, with the code they typed, before anything goes."""
    t = content.texts
    html = (
        '<section class="screen" data-screen="delete_sure">'
        f"<p><strong>{escape(t.web_delete_sure.for_(audience))}</strong></p>"
        '<form method="post" action="/check" class="actions">'
        f'<input type="hidden" name="csrf" value="{escape(form.csrf)}">'
        f'<input type="hidden" name="code" value="{escape(code)}">'
        '<div class="row">'
        f'<button type="submit" name="do" value="delete_sure">{escape(t.web_delete_yes)}</button>'
        f'<button type="submit" name="do" value="status">{escape(t.web_check_status)}</button>'
        "</div></form></section>"
    )
    return Markup(html)  # noqa: S704 -- built from escaped text
