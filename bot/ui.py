"""UI: turns content and service results into message text (safe HTML) and inline keyboards."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any, ParamSpec, TypeVar, cast

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callback_data import (
    NOT_SURE,
    AreaButton,
    AudienceButton,
    ChoiceButton,
    ContactButton,
    OfferItemButton,
    OfficerButton,
    OfficerThemeButton,
    PromiseButton,
    RemindButton,
    ScreenButton,
    SendButton,
    StartButton,
    TopicButton,
)
from bot.content import Content, HelpNumber, OfferItem, Wording
from bot.domain import (
    Action,
    ActionStatus,
    Audience,
    ContactState,
    Item,
    ItemKind,
    ItemStatus,
    Meeting,
    Receipt,
    Screen,
)
from bot.formatting import esc, fill, nice_date, nice_time
from bot.services.officers import ItemForOfficer
from bot.services.screen_language import UNDETERMINED
from bot.services.status import StatusReport


@dataclass(frozen=True, slots=True)
class View:
    """One screen: HTML text (every content string escaped) and its buttons."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


P = ParamSpec("P")
R = TypeVar("R", View, View | None)
_CACHE_LIMIT = 2048
_views: dict[tuple[Any, ...], tuple[Content, Any]] = {}


def language_name(content: Content, item: Item) -> str:
    """The language code officers see, or "language not known" when none could be named."""
    if item.language == UNDETERMINED:
        return content.texts.officer_language_unknown.for_(Audience.IN_CARE)
    return item.language or ""


def cached_screen(render: Callable[P, R]) -> Callable[P, R]:
    """Screens built only from content are built once per content and audience: content never
    changes while the bot runs, and building keyboards is most of the work of browsing."""

    @wraps(render)
    def cached(*args: P.args, **kwargs: P.kwargs) -> R:
        content = args[0]
        if kwargs or not isinstance(content, Content):
            return render(*args, **kwargs)
        key = (id(content), render.__name__, *args[1:])
        hit = _views.get(key)
        if hit is not None and hit[0] is content:
            return cast(R, hit[1])
        view = render(*args, **kwargs)
        if len(_views) >= _CACHE_LIMIT:
            _views.clear()
        _views[key] = (content, view)
        return view

    return cached


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def _nav_row(
    content: Content, *, menu: bool = True, help_: bool = True
) -> list[InlineKeyboardButton]:
    t = content.texts
    row = []
    if menu:
        row.append(_button(t.button_menu, ScreenButton(Screen.MENU).pack()))
    if help_:
        row.append(_button(t.button_help, ScreenButton(Screen.HELP).pack()))
    return row


def _pairs(buttons: Sequence[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + 2]) for i in range(0, len(buttons), 2)]


def _keyboard(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([row for row in rows if row])


def _bold(text: str) -> str:
    return f"<b>{esc(text)}</b>"


# --------------------------------------------------------------------------------------------
# Help numbers: on /start, on the help screen and (later) before every message box.


def help_lines(content: Content, audience: Audience) -> list[str]:
    """One short line per number: the national helplines, then the council's out-of-hours team."""
    t = content.texts
    lines = [_help_line(content, number, audience) for number in content.safeguarding.help_numbers]
    out_of_hours = content.council.out_of_hours
    lines.append(
        fill(t.help_line_call, audience, name=out_of_hours.name, number=out_of_hours.number)
    )
    return lines


def _help_line(content: Content, number: HelpNumber, audience: Audience) -> str:
    t = content.texts
    if number.how == "text":
        return fill(
            t.help_line_text,
            audience,
            name=number.name,
            number=number.number,
            keyword=number.keyword or "",
        )
    return fill(t.help_line_call, audience, name=number.name, number=number.number)


def help_block(content: Content, audience: Audience) -> str:
    heading = _bold(content.texts.help_heading.for_(audience))
    return "\n".join([heading, *help_lines(content, audience)])


# --------------------------------------------------------------------------------------------
# Start, menu, help, privacy


@cached_screen
def start_view(content: Content, audience: Audience) -> View:
    t, council = content.texts, content.council
    text = "\n\n".join(
        [
            fill(t.welcome, audience, council=council.name, cicc=council.cicc_name),
            fill(
                t.privacy_summary,
                audience,
                retention_days=council.retention_days,
                reading_hours=council.reading_hours,
            ),
            fill(
                t.not_watched,
                audience,
                reading_hours=council.reading_hours,
                response_time=council.response_time,
            ),
            help_block(content, audience),
            _bold(t.who_are_you.for_(audience)),
        ]
    )
    return View(text, audience_keyboard(content))


def audience_keyboard(content: Content) -> InlineKeyboardMarkup:
    t = content.texts
    labels = {
        Audience.IN_CARE: t.button_in_care,
        Audience.CARE_LEAVER: t.button_care_leaver,
        Audience.CARER: t.button_carer,
    }
    rows = [[_button(labels[a], AudienceButton(a).pack())] for a in Audience]
    return _keyboard([*rows, _nav_row(content, menu=False)])


@cached_screen
def audience_view(content: Content, audience: Audience) -> View:
    return View(_bold(content.texts.who_are_you.for_(audience)), audience_keyboard(content))


def audience_first_view(content: Content) -> View:
    """Before writing, when we don't know who someone is: ask, never guess."""
    t, a = content.texts, Audience.IN_CARE
    text = f"{esc(t.audience_before_writing.for_(a))}\n\n{_bold(t.who_are_you.for_(a))}"
    return View(text, audience_keyboard(content))


@cached_screen
def menu_view(content: Content, audience: Audience, *, note: str | None = None) -> View:
    t = content.texts
    say = [
        _button(t.button_say, StartButton(ItemKind.FEEDBACK).pack()),
        _button(t.button_ask, StartButton(ItemKind.QUESTION).pack()),
    ]
    destinations = [
        (t.button_pledge, Screen.PLEDGE),
        (t.button_offer, Screen.OFFER),
        (t.button_meetings, Screen.MEETINGS),
        (t.button_we_did, Screen.WE_DID),
        (t.button_privacy, Screen.PRIVACY),
    ]
    buttons = [_button(label, ScreenButton(screen).pack()) for label, screen in destinations]
    rows = [
        say,
        *_pairs(buttons),
        [_button(t.button_help, ScreenButton(Screen.HELP).pack())],
        [_button(t.button_change_audience, ScreenButton(Screen.AUDIENCE).pack())],
    ]
    intro = esc(t.menu_intro.for_(audience))
    text = f"{esc(note)}\n\n{intro}" if note else intro
    return View(text, _keyboard(rows))


@cached_screen
def help_view(content: Content, audience: Audience) -> View:
    t = content.texts
    parts = [esc(t.help_intro.for_(audience))]
    for number in content.safeguarding.help_numbers:
        line = _help_line(content, number, audience)
        parts.append(f"<b>{line}</b>\n{esc(number.about.for_(audience))} ({esc(number.when)})")
    out_of_hours = content.council.out_of_hours
    parts.append(
        fill(t.help_out_of_hours, audience, name=out_of_hours.name, number=out_of_hours.number)
    )
    parts.append(_bold(t.help_after.for_(audience)))
    return View("\n\n".join(parts), _keyboard([_nav_row(content, help_=False)]))


@cached_screen
def privacy_view(content: Content, audience: Audience) -> View:
    t, council = content.texts, content.council
    text = "\n\n".join(
        [
            fill(
                t.privacy_full,
                audience,
                retention_days=council.retention_days,
                reading_hours=council.reading_hours,
                council=council.name,
                officer_email=council.officer.email,
                privacy_url=council.privacy_notice_url,
            ),
            esc(council.minimum_age_notice),
        ]
    )
    return View(text, _keyboard([_nav_row(content)]))


@cached_screen
def help_command_view(content: Content, audience: Audience) -> View:
    t, council = content.texts, content.council
    text = "\n\n".join(
        [
            fill(t.help_command, audience, reading_hours=council.reading_hours),
            fill(
                t.limits_note,
                audience,
                per_hour=council.messages_per_hour,
                per_day=council.messages_per_day,
            ),
            fill(
                t.contact_officer,
                audience,
                name=council.officer.name,
                email=council.officer.email,
                phone=council.officer.phone,
            ),
            help_block(content, audience),
        ]
    )
    return View(text, menu_view(content, audience).keyboard)


def notice_view(content: Content, audience: Audience, note: str) -> View:
    """A short kind note (unknown input, media, errors, stale buttons) with the menu below."""
    return menu_view(content, audience, note=note)


# --------------------------------------------------------------------------------------------
# The pledge


@cached_screen
def pledge_view(content: Content, audience: Audience) -> View:
    pledge = content.pledge
    lines = [f"{n}. {esc(p.title.for_(audience))}" for n, p in enumerate(pledge.promises, start=1)]
    text = "\n\n".join(
        [
            _bold(pledge.title),
            esc(pledge.intro.for_(audience)),
            "\n".join(lines),
            esc(content.texts.pledge_pick.for_(audience)),
        ]
    )
    buttons = [
        _button(f"{n}. {p.title.for_(audience)}", PromiseButton(p.id).pack())
        for n, p in enumerate(pledge.promises, start=1)
    ]
    return View(text, _keyboard([*([b] for b in buttons), _nav_row(content)]))


@cached_screen
def promise_view(content: Content, audience: Audience, promise_id: str) -> View | None:
    promise = next((p for p in content.pledge.promises if p.id == promise_id), None)
    if promise is None:
        return None
    text = f"{_bold(promise.title.for_(audience))}\n\n{esc(promise.text.for_(audience))}"
    back = _button(content.texts.button_back, ScreenButton(Screen.PLEDGE).pack())
    return View(text, _keyboard([[back], _nav_row(content)]))


# --------------------------------------------------------------------------------------------
# The local offer


@cached_screen
def offer_view(content: Content, audience: Audience) -> View:
    offer = content.offer
    text = "\n\n".join(
        [
            _bold(offer.title),
            esc(offer.intro.for_(audience)),
            esc(content.texts.offer_pick_area.for_(audience)),
        ]
    )
    buttons = [_button(area.title, AreaButton(area.id).pack()) for area in offer.areas]
    return View(text, _keyboard([*([b] for b in buttons), _nav_row(content)]))


@cached_screen
def area_view(content: Content, audience: Audience, area_id: str) -> View | None:
    area = content.offer.area(area_id)
    if area is None:
        return None
    text = "\n\n".join(
        [
            _bold(area.title),
            esc(area.intro.for_(audience)),
            esc(content.texts.offer_pick_item.for_(audience)),
        ]
    )
    buttons = [
        _button(item.title, OfferItemButton(area.id, item.id).pack())
        for item in area.items_for(audience)
    ]
    back = _button(content.texts.button_all_areas, ScreenButton(Screen.OFFER).pack())
    return View(text, _keyboard([*([b] for b in buttons), [back], _nav_row(content)]))


@cached_screen
def item_view(content: Content, audience: Audience, area_id: str, item_id: str) -> View | None:
    area = content.offer.area(area_id)
    item = area.item(item_id) if area else None
    if area is None or item is None:
        return None
    t = content.texts
    parts = [
        _bold(item.title),
        f"{_bold(t.offer_what.for_(audience))}\n{esc(item.what.for_(audience))}",
        f"{_bold(t.offer_who.for_(audience))}\n{esc(item.who)}{_ages(content, audience, item)}",
        f"{_bold(t.offer_how.for_(audience))}\n{esc(item.how.for_(audience))}",
    ]
    if item.link:
        parts.append(f"{esc(t.offer_link.for_(audience))}: {esc(item.link)}")
    rows = [
        [_button(t.button_back, AreaButton(area.id).pack())],
        [_button(t.button_all_areas, ScreenButton(Screen.OFFER).pack())],
        _nav_row(content),
    ]
    return View("\n\n".join(parts), _keyboard(rows))


def _ages(content: Content, audience: Audience, item: OfferItem) -> str:
    t = content.texts
    if item.min_age is not None and item.max_age is not None:
        ages = fill(t.offer_ages, audience, min_age=item.min_age, max_age=item.max_age)
    elif item.min_age is not None:
        ages = fill(t.offer_age_from, audience, min_age=item.min_age)
    elif item.max_age is not None:
        ages = fill(t.offer_age_up_to, audience, max_age=item.max_age)
    else:
        return ""
    return f", {ages}"


# --------------------------------------------------------------------------------------------
# Board meetings


def meetings_view(content: Content, audience: Audience, meetings: Sequence[Meeting]) -> View:
    t = content.texts
    intro = fill(t.meetings_intro, audience, board=content.meetings.board_name)
    if not meetings:
        body = [esc(t.meetings_none.for_(audience))]
        take_part = content.meetings.how_to_take_part.for_(audience)
    else:
        body = [_meeting(content, audience, m) for m in meetings]
        take_part = meetings[0].take_part(audience)
    parts = [intro, *body, f"{_bold(t.meetings_take_part.for_(audience))}\n{esc(take_part)}"]
    remind = [_button(t.button_remind, RemindButton("ask").pack())]
    return View("\n\n".join(parts), _keyboard([remind, _nav_row(content)]))


def _meeting(content: Content, audience: Audience, meeting: Meeting) -> str:
    t = content.texts
    lines = [
        "<b>"
        + fill(
            t.meeting_when, audience, date=nice_date(meeting.day), time=nice_time(meeting.start)
        )
        + "</b>",
        fill(t.meeting_where, audience, venue=meeting.venue),
        fill(t.meeting_views_by, audience, date=nice_date(meeting.views_by)),
    ]
    if meeting.topics:
        lines.append(fill(t.meeting_topics, audience, topics="; ".join(meeting.topics)))
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Have your say / Ask a question


def _choice(label: str, question: str, answer: str) -> InlineKeyboardButton:
    return _button(label, ChoiceButton(question, answer).pack())


def _cancel_row(content: Content) -> list[InlineKeyboardButton]:
    cancel = _choice(content.texts.button_cancel, "draft", "cancel")
    return [cancel, *_nav_row(content, menu=False)]


def feedback_notice_view(content: Content, audience: Audience, kind: ItemKind) -> View:
    """The just-in-time notice: who reads it, when, the limits of privacy, help numbers."""
    t, council = content.texts, content.council
    notice = t.ask_notice if kind is ItemKind.QUESTION else t.say_notice
    text = "\n\n".join(
        [
            fill(
                notice,
                audience,
                reading_hours=council.reading_hours,
                response_time=council.response_time,
            ),
            "\n".join(help_lines(content, audience)),
            _bold(t.pick_topic.for_(audience)),
        ]
    )
    topics = [
        _button(th.label_for(audience), TopicButton(th.id).pack()) for th in content.themes.themes
    ]
    topics.append(_button(t.button_not_sure, TopicButton(NOT_SURE).pack()))
    return View(text, _keyboard([*_pairs(topics), _cancel_row(content)]))


def on_behalf_view(content: Content, audience: Audience) -> View:
    t = content.texts
    row = [
        _choice(t.button_own_view, "behalf", "no"),
        _choice(t.button_childs_view, "behalf", "yes"),
    ]
    return View(esc(t.on_behalf_question.for_(audience)), _keyboard([row, _cancel_row(content)]))


def type_prompt_view(content: Content, audience: Audience, kind: ItemKind, max_chars: int) -> View:
    t = content.texts
    prompt = t.type_question if kind is ItemKind.QUESTION else t.type_message
    return View(fill(prompt, audience, max_chars=max_chars), _keyboard([_cancel_row(content)]))


def change_prompt_view(content: Content, audience: Audience) -> View:
    text = esc(content.texts.change_prompt.for_(audience))
    return View(text, _keyboard([_cancel_row(content)]))


def too_long_view(content: Content, audience: Audience, length: int, max_chars: int) -> View:
    text = fill(content.texts.too_long, audience, length=length, max_chars=max_chars)
    return View(text, _keyboard([_cancel_row(content)]))


def preview_view(
    content: Content,
    audience: Audience,
    draft_text: str,
    *,
    token: str,
    note: str | None = None,
) -> View:
    """The draft with Send / Change / Cancel; `note` goes first (e.g. "couldn't save, try
    again"), so the Send button is still there to try again."""
    t = content.texts
    text = "\n\n".join(
        [
            *([_bold(note)] if note else []),
            _bold(t.preview_heading.for_(audience)),
            f"<blockquote>{esc(draft_text)}</blockquote>",
            esc(t.preview_check.for_(audience)),
        ]
    )
    row = [
        _button(t.button_send, SendButton(token).pack()),
        _choice(t.button_change, "draft", "change"),
        _choice(t.button_cancel, "draft", "cancel"),
    ]
    return View(text, _keyboard([row, _nav_row(content, menu=False)]))


def _code(text: str, code: str) -> str:
    # Codes are letters, digits and dashes, so escaping left them as they were.
    return text.replace(code, f"<code>{code}</code>")


def ack_view(
    content: Content, audience: Audience, receipt: Receipt, meeting: Meeting | None
) -> View:
    """After Send: thanks, the receipt code, what happens next, the next board date, help."""
    t, council = content.texts, content.council
    thanks = t.ack_question_thanks if receipt.kind is ItemKind.QUESTION else t.ack_thanks
    parts = [
        _bold(thanks.for_(audience)),
        _code(fill(t.ack_code, audience, code=receipt.code), receipt.code),
        fill(
            t.ack_next,
            audience,
            reading_hours=council.reading_hours,
            response_time=council.response_time,
        ),
    ]
    if meeting is not None:
        parts.append(
            fill(
                t.ack_board,
                audience,
                date=nice_date(meeting.day),
                views_by=nice_date(meeting.views_by),
            )
        )
    parts.append(help_block(content, audience))
    if receipt.kind is ItemKind.QUESTION:
        parts.append(
            _bold(fill(t.answer_optin_question, audience, days=council.answer_opt_in_days))
        )
        row = [
            _choice(t.button_tell_me, "answer", "yes"),
            _choice(t.button_no_thanks, "answer", "no"),
        ]
        return View("\n\n".join(parts), _keyboard([row]))
    return View("\n\n".join(parts), _keyboard([_nav_row(content)]))


def crisis_view(content: Content, audience: Audience) -> View:
    """Fixed words, never the child's own: help numbers first, then the limits of privacy."""
    t, council = content.texts, content.council
    text = "\n\n".join(
        [
            fill(t.crisis_reply, audience, reading_hours=council.reading_hours),
            "\n".join(f"<b>{line}</b>" for line in help_lines(content, audience)),
            esc(t.crisis_privacy.for_(audience)),
        ]
    )
    return View(text)


def safety_check_view(content: Content, audience: Audience, language: str = "en") -> View:
    """ "Are you safe right now?", the help numbers, and three equal-weight answers; first, for
    a message not in English, the help reply in that language where the content has one."""
    t = content.texts
    parts = [esc(t.check_intro.for_(audience)), help_block(content, audience)]
    in_their_language = content.safeguarding.help_reply(language) if language != "en" else None
    if in_their_language:
        parts.insert(0, esc(in_their_language))
    parts.append(_bold(t.check_question.for_(audience)))
    row = [
        _choice(t.button_not_safe, "safe", "unsafe"),
        _choice(t.button_unsure_safe, "safe", "unsure"),
        _choice(t.button_safe_ok, "safe", "ok"),
    ]
    return View("\n\n".join(parts), _keyboard([row]))


def crisis_saved_view(content: Content, audience: Audience, code: str) -> View:
    """Saved as urgent: the code, the help numbers again (this may be the only message that
    gets through), and the equal-weight contact choice."""
    t = content.texts
    text = "\n\n".join(
        [
            _code(fill(t.crisis_saved, audience, code=code), code),
            help_block(content, audience),
            _bold(t.contact_question.for_(audience)),
        ]
    )
    # Equal weight: one row, same style, labels of the same length class.
    row = [
        _button(t.button_contact_me, ContactButton("yes", compact(code)).pack()),
        _button(t.button_no_thanks, ContactButton("no", compact(code)).pack()),
    ]
    return View(text, _keyboard([row]))


def compact(code: str) -> str:
    """A receipt code without its dashes, as buttons carry it."""
    return code.replace("-", "")


def contact_how_view(content: Content, audience: Audience, code: str | None = None) -> View:
    t = content.texts
    if code is not None:
        row = [
            _button(t.button_contact_here, ContactButton("here", compact(code)).pack()),
            _button(t.button_contact_other, ContactButton("other", compact(code)).pack()),
        ]
    else:  # a reply shown before contact buttons named their item
        row = [
            _choice(t.button_contact_here, "how", "here"),
            _choice(t.button_contact_other, "how", "other"),
        ]
    return View(esc(t.contact_how_question.for_(audience)), _keyboard([row]))


def contact_other_view(content: Content, audience: Audience) -> View:
    days = content.council.contact_opt_in_days
    return View(fill(content.texts.contact_other_prompt, audience, days=days))


def contact_saved_view(content: Content, audience: Audience, *, here: bool) -> View:
    """What happens next, truthfully: when someone reads it, how they will get in touch, and
    when the details are deleted."""
    council, t = content.council, content.texts
    text = fill(
        t.contact_saved_here if here else t.contact_saved,
        audience,
        reading_hours=council.reading_hours,
        days=council.contact_opt_in_days,
    )
    return View(f"{text}\n\n{help_block(content, audience)}", _keyboard([_nav_row(content)]))


def rate_limited_view(content: Content, audience: Audience) -> View:
    council = content.council
    note = content.texts.rate_limited.for_(audience).format(
        per_hour=council.messages_per_hour, per_day=council.messages_per_day
    )
    return with_help_view(content, audience, note)


def with_help_view(content: Content, audience: Audience, note: str) -> View:
    """A short note, then the help numbers (whenever safety may be on someone's mind)."""
    return View(f"{esc(note)}\n\n{help_block(content, audience)}", _keyboard([_nav_row(content)]))


# --------------------------------------------------------------------------------------------
# /status


def status_view(
    content: Content, audience: Audience, report: StatusReport, meeting: Meeting | None
) -> View:
    t = content.texts
    item = report.item
    sentences = {
        ItemStatus.RECEIVED: t.status_received,
        ItemStatus.READ: t.status_read,
        ItemStatus.FOR_BOARD: t.status_for_board,
        ItemStatus.NOT_FOR_BOARD: t.status_not_for_board,
        ItemStatus.TAKEN_TO_BOARD: t.status_taken_to_board,
        ItemStatus.ANSWERED: t.status_answered,
        ItemStatus.REFERRED: t.status_referred,
        ItemStatus.NO_ACTION: t.status_no_action,
    }
    parts = [
        _bold(fill(t.status_heading, audience, date=nice_date(item.created_on))),
        esc(sentences[item.status].for_(audience)),
    ]
    if item.answer:
        parts.append(f"{_bold(t.status_answer.for_(audience))}\n{esc(item.answer)}")
    if report.actions:
        done = [
            f"• {esc(a.what)} ({esc(_action_status(content, audience, a.status))})"
            for a in report.actions
        ]
        parts.append(_bold(t.status_actions.for_(audience)) + "\n" + "\n".join(done))
    if item.urgent and item.status is ItemStatus.RECEIVED:
        parts.append(esc(t.status_urgent.for_(audience)))
    if meeting is not None and item.status in {ItemStatus.RECEIVED, ItemStatus.FOR_BOARD}:
        parts.append(fill(t.status_board, audience, date=nice_date(meeting.day)))
    return View("\n\n".join(parts), _keyboard([_nav_row(content)]))


# --------------------------------------------------------------------------------------------
# You said, we did


def we_did_view(
    content: Content, audience: Audience, actions: Sequence[Action], answered: Sequence[Item]
) -> View:
    t = content.texts
    labels = theme_labels(content)
    if not actions and not answered:
        return View(esc(t.we_did_none.for_(audience)), _keyboard([_nav_row(content)]))
    parts = [_bold(t.we_did_intro.for_(audience))]
    for action in actions:
        status = _action_status(content, audience, action.status)
        theme = labels.get(action.theme, action.theme)
        parts.append(f"<b>{esc(theme)}</b> ({esc(status)})\n{esc(action.what)}")
    if answered:
        parts.append(_bold(t.we_did_answers.for_(audience)))
        for item in answered:
            question = item.board_text or t.we_did_question_about.for_(audience).format(
                theme=labels.get(item.theme or "", "").lower() or "something"
            )
            parts.append(f"<i>{esc(question)}</i>\n{esc(item.answer or '')}")
    return View("\n\n".join(parts), _keyboard([_nav_row(content)]))


def _action_status(content: Content, audience: Audience, status: ActionStatus) -> str:
    t = content.texts
    wording = {
        ActionStatus.PLANNED: t.we_did_planned,
        ActionStatus.IN_PROGRESS: t.we_did_in_progress,
        ActionStatus.DONE: t.we_did_done,
    }[status]
    return wording.for_(audience)


def theme_labels(content: Content) -> dict[str, str]:
    return content.themes.labels()


def answer_push_view(content: Content, audience: Audience, answer: str) -> View:
    t = content.texts
    text = "\n\n".join(
        [
            _bold(t.answer_push.for_(audience)),
            f"<blockquote>{esc(answer)}</blockquote>",
            esc(t.answer_push_after.for_(audience)),
        ]
    )
    return View(text, _keyboard([_nav_row(content)]))


# --------------------------------------------------------------------------------------------
# The officer chat. Alerts and queue cards carry no message text; only View shows it.


def officer_reply_push_view(content: Content, audience: Audience, reply: str) -> View:
    """A participation officer writing to a young person who asked to be messaged here."""
    t = content.texts
    text = "\n\n".join(
        [
            _bold(t.reply_push_intro.for_(audience)),
            f"<blockquote>{esc(reply)}</blockquote>",
            esc(t.reply_push_outro.for_(audience)),
        ]
    )
    return View(text, _keyboard([_nav_row(content)]))


def risk_labels(content: Content, categories: Sequence[str]) -> str:
    """The plain labels officers see for safeguarding categories (never an id)."""
    labels = {c.id: c.label for c in content.safeguarding.categories}
    return ", ".join(labels.get(c, _words(c)) for c in categories)


def _words(value: str) -> str:
    return value.replace("_", " ")


def _officer_button(
    content: Content, label: str, action: str, item_id: int
) -> InlineKeyboardButton:
    return _button(label, OfficerButton(action, item_id).pack())


def officer_alert_view(
    content: Content, item: Item, *, realert: bool = False, contact: bool = False
) -> View:
    """An alert for the officer chat: number, kind, theme, audience, urgency, a View button.
    A contact alert says a request is waiting, never the message or the contact details."""
    t, audience = content.texts, Audience.IN_CARE
    labels = theme_labels(content)
    if contact:
        text = fill(t.officer_alert_contact, audience, number=item.id)
        return View(
            text, _keyboard([[_officer_button(content, t.officer_button_view, "view", item.id)]])
        )
    if realert:
        text = fill(t.officer_realert, audience, number=item.id)
    elif item.urgent:
        categories = risk_labels(content, item.risk_categories) or "urgent"
        text = fill(
            t.officer_alert_urgent,
            audience,
            kind=item.kind.value,
            number=item.id,
            categories=categories,
            audience=_words(item.audience.value),
        )
    else:
        behalf = t.officer_on_behalf.for_(audience) if item.on_behalf else ""
        text = fill(
            t.officer_alert,
            audience,
            kind=item.kind.value,
            number=item.id,
            theme=labels.get(item.theme or "", "not sure"),
            audience=_words(item.audience.value),
            behalf=behalf,
        )
    if item.language:
        text += fill(t.officer_not_english, audience, language=language_name(content, item))
    view = _officer_button(content, t.officer_button_view, "view", item.id)
    return View(text, _keyboard([[view]]))


def officer_digest_view(content: Content, items: Sequence[Item]) -> View:
    labels = theme_labels(content)
    listed = "; ".join(
        f"#{i.id} {i.kind.value} ({labels.get(i.theme or '', 'not sure')})" for i in items
    )
    text = fill(content.texts.officer_digest, Audience.IN_CARE, count=len(items), items=listed)
    first = items[0].id if items else 0
    view = _officer_button(content, content.texts.officer_button_view, "view", first)
    return View(text, _keyboard([[view]]))


def officer_queue_view(
    content: Content,
    counts: dict[ItemStatus, int],
    urgent: int,
    contacts: int,
    next_item: Item | None,
) -> View:
    t, a = content.texts, Audience.IN_CARE
    waiting = counts.get(ItemStatus.RECEIVED, 0) + counts.get(ItemStatus.READ, 0)
    summary = fill(
        t.officer_queue,
        a,
        open=waiting,
        urgent=urgent,
        for_board=counts.get(ItemStatus.FOR_BOARD, 0),
        not_for_board=counts.get(ItemStatus.NOT_FOR_BOARD, 0),
        answered=counts.get(ItemStatus.ANSWERED, 0),
        referred=counts.get(ItemStatus.REFERRED, 0),
        no_action=counts.get(ItemStatus.NO_ACTION, 0),
    )
    if contacts:
        summary = fill(t.officer_queue_contacts, a, count=contacts) + "\n" + summary
    if next_item is None:
        return View(f"{summary}\n\n{esc(t.officer_queue_empty.for_(a))}")
    waiting = next_item.contact is ContactState.REQUESTED
    card = officer_alert_view(content, next_item, contact=waiting)
    row = [
        _officer_button(content, t.officer_button_view, "view", next_item.id),
        _officer_button(content, t.officer_button_next, "next", next_item.id),
    ]
    return View(f"{summary}\n\n{card.text}", _keyboard([row]))


def officer_item_view(content: Content, shown: ItemForOfficer) -> View:
    """The item's text (sent with protect_content), its suggestion for the board, the actions."""
    t, a = content.texts, Audience.IN_CARE
    item = shown.item
    labels = theme_labels(content)
    parts = [
        "<b>"
        + fill(
            t.officer_item,
            a,
            number=item.id,
            kind=item.kind.value,
            status=_words(item.status.value),
            theme=labels.get(item.theme or "", "not sure"),
            audience=_words(item.audience.value),
            day=nice_date(item.created_on),
        )
        + "</b>"
    ]
    if item.on_behalf:
        parts.append(esc(t.officer_on_behalf.for_(a).strip()))
    if item.risk_categories:
        categories = risk_labels(content, item.risk_categories)
        parts.append("🔴 " + fill(t.officer_risk, a, categories=categories))
    if item.language:
        parts.append(
            fill(t.officer_not_english, a, language=language_name(content, item)).strip(" ·")
        )
    if shown.hidden:
        parts.append(fill(t.officer_hidden, a, names=", ".join(shown.hidden)))
    parts.append(f"<blockquote>{esc(shown.shown_text)}</blockquote>")
    parts.append(f"{_bold(t.officer_suggestion.for_(a))}\n{esc(shown.suggestion)}")
    if item.decision_reason:
        parts.append(fill(t.officer_reason, a, reason=item.decision_reason))
    if item.answer:
        parts.append(fill(t.officer_answer, a, answer=item.answer))
    if item.contact is ContactState.REQUESTED:
        if shown.contact_here:
            parts.append("📞 " + fill(t.officer_contact_here, a, number=item.id))
        else:
            parts.append("📞 " + fill(t.officer_contact_other, a, how=shown.contact_how or ""))
    elif item.contact is not None:
        parts.append(fill(t.officer_contact_closed, a, outcome=_words(item.contact.value)))
    return View("\n\n".join(parts), officer_actions_keyboard(content, item))


def officer_actions_keyboard(content: Content, item: Item) -> InlineKeyboardMarkup:
    t = content.texts

    def button(label: str, action: str) -> InlineKeyboardButton:
        return _officer_button(content, label, action, item.id)

    if item.urgent:
        first = [
            button(t.officer_button_referred, "referred"),
            button(t.officer_button_no_action, "noaction"),
        ]
    else:
        first = [
            button(t.officer_button_board, "board"),
            button(t.officer_button_not_board, "notboard"),
        ]
    second = [
        button(t.officer_button_redact, "redact"),
        button(t.officer_button_theme, "theme"),
        button(t.officer_button_next, "next"),
    ]
    rows = [first, second]
    if item.contact is ContactState.REQUESTED:
        rows.insert(
            0,
            [
                button(t.officer_button_contacted, "contacted"),
                button(t.officer_button_unreachable, "unreachable"),
            ],
        )
    if item.status is ItemStatus.ANSWERED and not item.published and not item.urgent:
        rows.append([button(t.officer_button_publish, "publish")])
    # How the screen did, in the field: counted (never the text) for the digest and report.
    if item.urgent:
        rows.append([button(t.officer_button_false_alarm, "falsealarm")])
    else:
        rows.append([button(t.officer_button_missed, "missed")])
    return _keyboard(rows)


def officer_theme_view(content: Content, item_id: int) -> View:
    buttons = [
        _button(theme.label, OfficerThemeButton(item_id, theme.id).pack())
        for theme in content.themes.themes
    ]
    text = fill(content.texts.officer_pick_theme, Audience.IN_CARE, number=item_id)
    return View(text, _keyboard(_pairs(buttons)))


def officer_note(content: Content, pick: Wording, **values: object) -> View:
    return View(fill(pick, Audience.IN_CARE, **values))


# --------------------------------------------------------------------------------------------
# Reminders


def remind_view(content: Content, audience: Audience, opted_in: bool) -> View:
    """Equal weight: both choices on one row, the same style."""
    t = content.texts
    offer = fill(t.remind_offer, audience, days=content.council.reminder_opt_in_days)
    if opted_in:
        text = f"{_bold(t.remind_on.for_(audience))}\n\n{offer}"
        row = [
            _button(t.button_remind_stop, RemindButton("no").pack()),
            _button(t.button_no_thanks, ScreenButton(Screen.MENU).pack()),
        ]
    else:
        text = offer
        row = [
            _button(t.button_remind_yes, RemindButton("yes").pack()),
            _button(t.button_no_thanks, RemindButton("no").pack()),
        ]
    return View(text, _keyboard([row, _nav_row(content)]))


def reminder_view(content: Content, audience: Audience, kind: str, meeting: Meeting) -> View:
    t = content.texts
    if kind == "views":
        text = fill(
            t.reminder_views,
            audience,
            board=content.meetings.board_name,
            date=nice_date(meeting.day),
            views_by=nice_date(meeting.views_by),
        )
    else:
        text = fill(
            t.reminder_meeting,
            audience,
            board=content.meetings.board_name,
            date=nice_date(meeting.day),
            time=nice_time(meeting.start),
        )
    return View(text, _keyboard([_nav_row(content)]))


def officer_daily_view(
    content: Content,
    count: int,
    by_theme: dict[str, int],
    urgent_unopened: int,
    marks: dict[str, int] | None = None,
) -> View:
    labels = theme_labels(content)
    themes = ", ".join(f"{labels.get(k, 'not sure')} {v}" for k, v in by_theme.items())
    text = fill(
        content.texts.officer_digest_daily,
        Audience.IN_CARE,
        count=count,
        themes=f" ({themes})" if themes else "",
        urgent=urgent_unopened,
    )
    if marks:
        text += " " + fill(
            content.texts.officer_digest_marks,
            Audience.IN_CARE,
            missed=marks.get("missed", 0),
            false_alarms=marks.get("false_alarm", 0),
        )
    return View(text)
