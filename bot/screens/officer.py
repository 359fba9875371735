"""The officer chat. Alerts and queue cards carry no message text; only View shows it."""

from __future__ import annotations

from collections.abc import Sequence

from bot.callback_data import OfficerButton, OfficerThemeButton
from bot.content import Content, Wording
from bot.domain import Audience, ContactState, Item, ItemKind, ItemStatus
from bot.formatting import nice_date
from bot.screens.browse import short_date
from bot.screens.common import (
    button,
    conversation,
    language_name,
    nav_row,
    risk_labels,
    theme_labels,
    words,
)
from bot.screens.model import (
    Action,
    Block,
    Screen,
    heading,
    named,
    pairs,
    para,
    quote,
    say,
    screen,
    span,
)
from bot.services.officer_we_did import PUBLISHABLE
from bot.services.officers import ItemForOfficer

A = Audience.IN_CARE  # officer wording has one variant


@named
def answer_push_view(content: Content, audience: Audience, item: Item) -> Screen:
    """The answer, with the question it answers: its approved board text, or when it was
    asked and what about (never the young person's own words)."""
    t = content.texts
    if item.board_text:
        asked = say(t.answer_push_question, audience, question=item.board_text)
    else:
        labels = {th.id: th.label_for(audience) for th in content.themes.themes}
        theme = labels.get(item.theme or "", "") or "something"
        asked = say(t.answer_push_about, audience, date=short_date(item.created_on), theme=theme)
    return screen(
        heading(t.answer_push.for_(audience)),
        para(span(asked, italic=True)),
        quote(item.answer or ""),
        para(t.answer_push_after.for_(audience)),
        actions=[nav_row(content)],
    )


@named
def officer_reply_push_view(content: Content, audience: Audience, reply: str) -> Screen:
    """A participation officer writing to a young person who asked to be messaged here."""
    t = content.texts
    return screen(
        heading(t.reply_push_intro.for_(audience)),
        quote(reply),
        para(t.reply_push_outro.for_(audience)),
        actions=[nav_row(content)],
    )


def _officer_button(label: str, action: str, item_id: int) -> Action:
    return button(label, OfficerButton(action, item_id).pack())


def _alert_text(
    content: Content, item: Item, *, realert: bool, contact: bool, reply: bool = False
) -> str:
    t = content.texts
    if reply:
        return say(t.officer_alert_reply, A, number=item.id)
    if contact:
        return say(t.officer_alert_contact, A, number=item.id)
    if realert:
        text = say(t.officer_realert, A, number=item.id)
    elif item.urgent:
        text = say(
            t.officer_alert_urgent,
            A,
            kind=item.kind.value,
            number=item.id,
            categories=risk_labels(content, item.risk_categories) or "urgent",
            audience=words(item.audience.value),
            behalf=f" {t.officer_on_behalf.for_(A)}" if item.on_behalf else "",
        )
    else:
        text = say(
            t.officer_alert,
            A,
            kind=item.kind.value,
            number=item.id,
            theme=theme_labels(content).get(item.theme or "", "not sure"),
            audience=words(item.audience.value),
            behalf=f" {t.officer_on_behalf.for_(A)}" if item.on_behalf else "",
        )
    if item.language:
        text += say(t.officer_not_english, A, language=language_name(content, item))
    return text


@named
def officer_alert_view(
    content: Content,
    item: Item,
    *,
    realert: bool = False,
    contact: bool = False,
    reply: bool = False,
) -> Screen:
    """An alert for the officer chat: number, kind, theme, audience, urgency, a View button.
    A contact alert says a request is waiting, and a reply alert that they wrote back, never
    the message or the contact details."""
    view = _officer_button(content.texts.officer_button_view, "view", item.id)
    text = _alert_text(content, item, realert=realert, contact=contact, reply=reply)
    return screen(para(text), actions=[(view,)])


@named
def officer_digest_view(content: Content, items: Sequence[Item]) -> Screen:
    labels = theme_labels(content)
    listed = "; ".join(
        f"#{i.id} {i.kind.value} ({labels.get(i.theme or '', 'not sure')})" for i in items
    )
    text = say(content.texts.officer_digest, A, count=len(items), items=listed)
    first = items[0].id if items else 0
    return screen(
        para(text), actions=[(_officer_button(content.texts.officer_button_view, "view", first),)]
    )


@named
def officer_queue_view(
    content: Content,
    counts: dict[ItemStatus, int],
    urgent: int,
    contacts: int,
    next_item: Item | None,
) -> Screen:
    t = content.texts
    waiting = counts.get(ItemStatus.RECEIVED, 0) + counts.get(ItemStatus.READ, 0)
    summary = [
        say(
            t.officer_queue,
            A,
            open=waiting,
            urgent=urgent,
            for_board=counts.get(ItemStatus.FOR_BOARD, 0),
            not_for_board=counts.get(ItemStatus.NOT_FOR_BOARD, 0),
            answered=counts.get(ItemStatus.ANSWERED, 0),
            referred=counts.get(ItemStatus.REFERRED, 0),
            no_action=counts.get(ItemStatus.NO_ACTION, 0),
        )
    ]
    if contacts:
        summary.insert(0, say(t.officer_queue_contacts, A, count=contacts))
    if next_item is None:
        return screen(para(*summary), para(t.officer_queue_empty.for_(A)))
    waiting_contact = next_item.contact is ContactState.REQUESTED
    card = _alert_text(content, next_item, realert=False, contact=waiting_contact)
    buttons = (
        _officer_button(t.officer_button_view, "view", next_item.id),
        _officer_button(t.officer_button_next, "next", next_item.id),
    )
    return screen(para(*summary), para(card), actions=[buttons])


@named
def officer_item_view(content: Content, shown: ItemForOfficer) -> Screen:
    """The item's text (sent with protect_content), its suggestion for the board, the actions."""
    t = content.texts
    item = shown.item
    blocks: list[Block | None] = [
        heading(
            say(
                t.officer_item,
                A,
                number=item.id,
                kind=item.kind.value,
                status=words(item.status.value),
                theme=theme_labels(content).get(item.theme or "", "not sure"),
                audience=words(item.audience.value),
                day=nice_date(item.created_on),
            )
        )
    ]
    if item.on_behalf:
        blocks.append(para(t.officer_on_behalf.for_(A).strip()))
    if item.risk_categories:
        categories = risk_labels(content, item.risk_categories)
        blocks.append(para("🔴 " + say(t.officer_risk, A, categories=categories)))
    if item.language:
        language = language_name(content, item)
        blocks.append(para(say(t.officer_not_english, A, language=language).strip(" ·")))
    if shown.hidden:
        blocks.append(para(say(t.officer_hidden, A, names=", ".join(shown.hidden))))
    blocks.append(quote(shown.shown_text))
    blocks.append(para(span(t.officer_suggestion.for_(A), bold=True), shown.suggestion))
    if item.decision_reason:
        blocks.append(para(say(t.officer_reason, A, reason=item.decision_reason)))
    if item.answer:
        blocks.append(para(say(t.officer_answer, A, answer=item.answer)))
    if item.contact is ContactState.REQUESTED:
        if shown.contact_here:
            blocks.append(para("📞 " + say(t.officer_contact_here, A, number=item.id)))
        else:
            how = shown.contact_how or ""
            blocks.append(para("📞 " + say(t.officer_contact_other, A, how=how)))
    elif item.contact is not None:
        blocks.append(para(say(t.officer_contact_closed, A, outcome=words(item.contact.value))))
    blocks += conversation(
        content, A, shown.replies, team=t.web_replies_team, them=t.officer_replies_them
    )
    actions = officer_actions(content, item, declined=shown.declined, missed=shown.item.missed)
    return screen(*blocks, actions=actions)


def referral_buttons(content: Content, item_id: int) -> tuple[Action, ...]:
    t = content.texts
    return (
        _officer_button(t.officer_button_referred, "referred", item_id),
        _officer_button(t.officer_button_no_action, "noaction", item_id),
    )


def _decision(content: Content, item: Item) -> tuple[Action, ...]:
    """The decision an item is waiting for: the board, or for urgent items the referral."""
    t = content.texts
    if item.urgent:
        return referral_buttons(content, item.id)
    return (
        _officer_button(t.officer_button_board, "board", item.id),
        _officer_button(t.officer_button_not_board, "notboard", item.id),
    )


def officer_actions(
    content: Content, item: Item, *, declined: bool = False, missed: bool = False
) -> list[tuple[Action, ...]]:
    t = content.texts

    def act(label: str, action: str) -> Action:
        return _officer_button(label, action, item.id)

    first = _decision(content, item)
    second = (
        act(t.officer_button_redact, "redact"),
        act(t.officer_button_theme, "theme"),
        act(t.officer_button_next, "next"),
    )
    rows = [first, second]
    if missed and not item.urgent:  # the screen let it through: it can be referred now
        rows.insert(0, referral_buttons(content, item.id))
    if item.kind is ItemKind.QUESTION and not item.urgent and item.answer is None:
        rows.insert(0, (act(t.officer_button_answer, "answer"),))
    if item.contact is ContactState.REQUESTED:
        contacted = (
            act(t.officer_button_contacted, "contacted"),
            act(t.officer_button_unreachable, "unreachable"),
        )
        rows.insert(0, contacted)
    publishable = item.answer is not None and item.status in PUBLISHABLE
    if publishable and not item.published and not item.urgent and not declined:
        rows.append((act(t.officer_button_publish, "publish"),))
    # How the screen did, in the field: counted (never the text) for the digest and report.
    if item.urgent:
        rows.append((act(t.officer_button_false_alarm, "falsealarm"),))
    else:
        rows.append((act(t.officer_button_missed, "missed"),))
    return rows


@named
def officer_theme_view(content: Content, item_id: int) -> Screen:
    buttons = [
        button(theme.label, OfficerThemeButton(item_id, theme.id).pack())
        for theme in content.themes.themes
    ]
    text = say(content.texts.officer_pick_theme, A, number=item_id)
    return screen(para(text), actions=pairs(buttons))


@named
def officer_theme_set_view(content: Content, item: Item, theme: str) -> Screen:
    """A theme chosen: the next step (the board decision) is the next button."""
    t = content.texts
    text = say(t.officer_theme_set, A, number=item.id, theme=theme)
    return screen(para(text), actions=[_decision(content, item)])


def officer_note(content: Content, pick: Wording, **values: object) -> Screen:
    return screen(para(say(pick, A, **values)))


@named
def officer_marked_view(content: Content, item_id: int, mark: str) -> Screen:
    """Thanks for a mark; after "Missed: needed help", the referral it may need, at hand."""
    t = content.texts
    thanks = para(say(t.officer_screen_marked, A, number=item_id))
    if mark != "missed":
        return screen(thanks)
    return screen(
        thanks,
        para(say(t.officer_missed_next, A, number=item_id)),
        actions=[referral_buttons(content, item_id)],
    )


@named
def officer_daily_view(
    content: Content,
    count: int,
    by_theme: dict[str, int],
    urgent_unopened: int,
    marks: dict[str, int] | None = None,
) -> Screen:
    labels = theme_labels(content)
    themes = ", ".join(f"{labels.get(k, 'not sure')} {v}" for k, v in by_theme.items())
    text = say(
        content.texts.officer_digest_daily,
        A,
        count=count,
        themes=f" ({themes})" if themes else "",
        urgent=urgent_unopened,
    )
    if marks:
        text += " " + say(
            content.texts.officer_digest_marks,
            A,
            missed=marks.get("missed", 0),
            false_alarms=marks.get("false_alarm", 0),
        )
    return screen(para(text))
