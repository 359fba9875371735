"""Have your say / Ask a question: notice, topic, draft, preview, receipt, safety and contact."""

from __future__ import annotations

from collections.abc import Sequence

from bot.callback_data import (
    NOT_SURE,
    AnswerButton,
    ContactButton,
    PageButton,
    SendButton,
    TopicButton,
)
from bot.content import Content
from bot.domain import Audience, Channel, ItemKind, Meeting, Receipt
from bot.formatting import nice_date
from bot.screens.browse import short_date
from bot.screens.common import (
    button,
    cancel_row,
    choice,
    help_block,
    help_hint,
    help_lines,
    nav_row,
)
from bot.screens.model import (
    Action,
    Screen,
    heading,
    named,
    pairs,
    para,
    quote,
    say,
    screen,
    with_code,
)

TOPICS_FIRST_PAGE = 5  # with Not sure, More topics and Cancel: eight buttons
TOPICS_PER_PAGE = 4  # later pages add Not sure, More or Back, Cancel and Get help now


def _topic_actions(
    content: Content, audience: Audience, page: int, order: Sequence[str] = ()
) -> list[tuple[Action, ...]]:
    """Page 0 (under the notice and the help numbers): the most used topics, Not sure, More
    topics, Cancel. Later pages: the next topics, Not sure, More (or Back), Cancel, Get help."""
    t = content.texts
    rank = {theme_id: n for n, theme_id in enumerate(order)}
    themes = sorted(content.themes.themes, key=lambda th: rank.get(th.id, len(rank)))
    topics = [button(th.label_for(audience), TopicButton(th.id).pack()) for th in themes]
    not_sure = button(t.button_not_sure, TopicButton(NOT_SURE).pack())
    cancel = choice(t.button_cancel, "draft", "cancel")
    if page == 0 or len(topics) <= TOPICS_FIRST_PAGE:
        more = button(t.button_more_topics, PageButton("topics", 1).pack())
        extra = (more,) if len(topics) > TOPICS_FIRST_PAGE else ()
        return [*pairs([*topics[:TOPICS_FIRST_PAGE], not_sure]), (*extra, cancel)]
    rest = topics[TOPICS_FIRST_PAGE:]
    pages = -(-len(rest) // TOPICS_PER_PAGE)
    page = min(page, pages)
    shown = rest[(page - 1) * TOPICS_PER_PAGE : page * TOPICS_PER_PAGE]
    if page < pages:
        turn = button(t.button_more_topics, PageButton("topics", page + 1).pack())
    else:
        turn = button(t.button_first_page, PageButton("topics", 0).pack())
    return [*pairs(shown), (not_sure, turn), cancel_row(content)]


@named
def feedback_notice_view(
    content: Content, audience: Audience, kind: ItemKind, order: Sequence[str] = ()
) -> Screen:
    """The just-in-time notice before the first message box: who reads it, when, the limits
    of privacy, the help numbers; then the most used topics."""
    t, council = content.texts, content.council
    notice = t.ask_notice if kind is ItemKind.QUESTION else t.say_notice
    return screen(
        para(
            say(
                notice,
                audience,
                reading_hours=council.reading_hours,
                response_time=council.response_time,
            )
        ),
        help_block(content, audience),
        heading(t.pick_topic.for_(audience)),
        actions=_topic_actions(content, audience, 0, order),
    )


@named
def topics_view(
    content: Content, audience: Audience, page: int, order: Sequence[str] = ()
) -> Screen:
    """The topic picker again, without the notice (after More topics / Back)."""
    t = content.texts
    pick = t.pick_topic if page == 0 else t.pick_more_topics
    return screen(
        heading(pick.for_(audience)), actions=_topic_actions(content, audience, page, order)
    )


@named
def on_behalf_view(content: Content, audience: Audience) -> Screen:
    t = content.texts
    answers = (
        choice(t.button_own_view, "behalf", "no"),
        choice(t.button_childs_view, "behalf", "yes"),
    )
    return screen(
        para(t.on_behalf_question.for_(audience)), actions=[answers, cancel_row(content)]
    )


@named
def type_prompt_view(
    content: Content, audience: Audience, kind: ItemKind, max_chars: int
) -> Screen:
    t = content.texts
    prompt = t.type_question if kind is ItemKind.QUESTION else t.type_message
    return screen(
        para(say(prompt, audience, max_chars=max_chars)),
        actions=[cancel_row(content)],
        prompt=t.button_say if kind is ItemKind.FEEDBACK else t.button_ask,
    )


@named
def change_prompt_view(content: Content, audience: Audience) -> Screen:
    t = content.texts
    return screen(
        para(t.change_prompt.for_(audience)), actions=[cancel_row(content)], prompt=t.button_change
    )


@named
def too_long_view(
    content: Content, audience: Audience, length: int, max_chars: int, text: str = ""
) -> Screen:
    """Too long: nothing is lost. The words are shown back, to copy and shorten."""
    t = content.texts
    return screen(
        para(say(t.too_long, audience, length=length, max_chars=max_chars)),
        quote(text) if text else None,
        actions=[cancel_row(content)],
        prompt=t.button_change,
    )


@named
def preview_view(
    content: Content,
    audience: Audience,
    draft_text: str,
    *,
    token: str,
    note: str | None = None,
) -> Screen:
    """The draft with Send / Change / Cancel; `note` goes first (e.g. "couldn't save, try
    again"), so the Send button is still there to try again."""
    t = content.texts
    choices = (
        button(t.button_send, SendButton(token).pack()),
        choice(t.button_change, "draft", "change"),
        choice(t.button_cancel, "draft", "cancel"),
    )
    return screen(
        heading(note) if note else None,
        heading(t.preview_heading.for_(audience)),
        quote(draft_text),
        para(t.preview_check.for_(audience)),
        actions=[choices, nav_row(content, menu=False)],
    )


@named
def ack_view(
    content: Content,
    audience: Audience,
    receipt: Receipt,
    meeting: Meeting | None,
    channel: Channel = Channel.TELEGRAM,
) -> Screen:
    """After Send: thanks, the receipt code, what happens next; the next board date for views,
    the offer to hear the answer for questions (on the web: check back with the code)."""
    t, council = content.texts, content.council
    web = channel is Channel.WEB
    code_line = say(t.web_ack_code if web else t.ack_code, audience, code=receipt.code)
    code = para(with_code(code_line, receipt.code))
    if receipt.kind is ItemKind.QUESTION and web:
        check = say(t.web_answer_check, audience, response_time=council.response_time)
        return screen(
            heading(t.ack_question_thanks.for_(audience)),
            code,
            para(check),
            actions=[nav_row(content)],
        )
    if receipt.kind is ItemKind.QUESTION:
        optin = say(
            t.answer_optin_question,
            audience,
            days=council.answer_opt_in_days,
            response_time=council.response_time,
        )
        answers = (
            button(t.button_tell_me, AnswerButton("yes", compact(receipt.code)).pack()),
            button(t.button_no_thanks, AnswerButton("no", compact(receipt.code)).pack()),
        )
        return screen(
            heading(t.ack_question_thanks.for_(audience)),
            code,
            heading(optin),
            actions=[answers, nav_row(content, menu=False)],
        )
    board = None
    if meeting is not None:
        board = para(
            say(
                t.ack_board,
                audience,
                date=short_date(meeting.day),
                views_by=nice_date(meeting.views_by),
            )
        )
    return screen(
        heading(t.ack_thanks.for_(audience)),
        code,
        para(
            say(
                t.ack_next,
                audience,
                reading_hours=council.reading_hours,
                response_time=council.response_time,
            )
        ),
        board,
        actions=[nav_row(content)],
    )


# --------------------------------------------------------------------------------------------
# Safety


@named
def crisis_view(content: Content, audience: Audience) -> Screen:
    """Fixed words, never the child's own: help numbers first, then the limits of privacy."""
    t, council = content.texts, content.council
    return screen(
        para(say(t.crisis_reply, audience, reading_hours=council.reading_hours)),
        para(*help_lines(content, audience, bold=True)),
        para(t.crisis_privacy.for_(audience)),
    )


@named
def safety_check_view(content: Content, audience: Audience, language: str = "en") -> Screen:
    """ "Are you safe right now?", the help numbers, and three equal-weight answers; first, for
    a message not in English, the help reply in that language where the content has one."""
    t = content.texts
    in_their_language = content.safeguarding.help_reply(language) if language != "en" else None
    answers = (
        choice(t.button_not_safe.for_(audience), "safe", "unsafe"),
        choice(t.button_unsure_safe.for_(audience), "safe", "unsure"),
        choice(t.button_safe_ok.for_(audience), "safe", "ok"),
    )
    return screen(
        para(in_their_language) if in_their_language else None,
        para(t.check_intro.for_(audience)),
        help_block(content, audience),
        heading(t.check_question.for_(audience)),
        actions=[answers],
    )


def compact(code: str) -> str:
    """A receipt code without its dashes, as buttons carry it."""
    return code.replace("-", "")


@named
def crisis_saved_view(
    content: Content, audience: Audience, code: str, *, numbers: bool = True
) -> Screen:
    """Saved as urgent: the code and the equal-weight contact choice. The help numbers come
    again only when the crisis reply with them has not got through yet (this may then be the
    only message that does); otherwise Get help now is one tap away."""
    t = content.texts
    # Equal weight: one row, same style, labels of the same length class.
    answers = (
        button(t.button_contact_me, ContactButton("yes", compact(code)).pack()),
        button(t.button_no_thanks, ContactButton("no", compact(code)).pack()),
    )
    return screen(
        para(with_code(say(t.crisis_saved, audience, code=code), code)),
        help_block(content, audience) if numbers else None,
        heading(t.contact_question.for_(audience)),
        actions=[answers] if numbers else [answers, nav_row(content, menu=False)],
    )


@named
def contact_how_view(
    content: Content,
    audience: Audience,
    code: str | None = None,
    channel: Channel = Channel.TELEGRAM,
) -> Screen:
    """Message me here (on the web: check back with my code) / Another way, equal weight."""
    t = content.texts
    here = t.button_check_back if channel is Channel.WEB else t.button_contact_here
    if code is not None:
        answers = (
            button(here, ContactButton("here", compact(code)).pack()),
            button(t.button_contact_other, ContactButton("other", compact(code)).pack()),
        )
    else:  # a reply shown before contact buttons named their item
        answers = (
            choice(t.button_contact_here, "how", "here"),
            choice(t.button_contact_other, "how", "other"),
        )
    return screen(
        para(t.contact_how_question.for_(audience)),
        actions=[answers, nav_row(content, menu=False)],
    )


@named
def contact_other_view(content: Content, audience: Audience) -> Screen:
    t = content.texts
    days = content.council.contact_opt_in_days
    return screen(
        para(say(t.contact_other_prompt, audience, days=days)),
        prompt=t.button_contact_other,
        actions=[(choice(t.button_no_thanks, "contact", "no"), *nav_row(content, menu=False))],
    )


@named
def contact_saved_view(
    content: Content, audience: Audience, *, here: bool, check_back: bool = False
) -> Screen:
    """What happens next, truthfully: when someone reads it, how they will get in touch (or,
    on the web, where their reply will be), and when the details are deleted."""
    council, t = content.council, content.texts
    wording = t.contact_saved_here if here else t.contact_saved
    text = say(
        t.web_contact_saved_check if check_back else wording,
        audience,
        reading_hours=council.reading_hours,
        days=council.contact_opt_in_days,
    )
    return screen(para(text), help_hint(content, audience), actions=[nav_row(content)])


@named
def rate_limited_view(content: Content, audience: Audience) -> Screen:
    council = content.council
    note = content.texts.rate_limited.for_(audience).format(
        per_hour=council.messages_per_hour, per_day=council.messages_per_day
    )
    return with_help_view(content, audience, note)


@named
def with_help_view(content: Content, audience: Audience, note: str) -> Screen:
    """A short note, then the help numbers (whenever safety may be on someone's mind)."""
    return screen(para(note), help_hint(content, audience), actions=[nav_row(content)])
