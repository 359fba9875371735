"""Safety: every typed word is screened; a disclosure gets the help numbers at once, before any
database work, and is kept as urgent; a message the screen is unsure about gets "Are you safe
right now?" first."""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from bot import screens
from bot.domain import DuplicateUpdate, ItemKind, Receipt, StoreUnavailable
from bot.journeys import contact, writing
from bot.journeys.outlet import Outlet
from bot.journeys.session import Session, Stage, Worry
from bot.services import Services
from bot.services.intake import MAX_MESSAGE_UNITS
from bot.services.receipts import ReceiptCodes
from bot.services.screening import Level

log = logging.getLogger(__name__)

# Words typed while "Are you safe right now?" waits: each new message is screened with this
# much of what came before it, and at most WORRY_LIMIT characters are kept in memory.
WORRY_WINDOW = MAX_MESSAGE_UNITS
WORRY_LIMIT = 8 * MAX_MESSAGE_UNITS


# Typed answers to "Are you safe right now?" (after dropping case, apostrophes and punctuation).
TYPED_ANSWERS = {
    "unsafe": {"no", "nope", "nah", "not really", "no im not", "not safe", "im not safe"},
    "unsure": {"not sure", "im not sure", "dunno", "idk", "i dont know", "maybe"},
    "ok": {
        "yes",
        "yeah",
        "yep",
        "ok",
        "okay",
        "im ok",
        "im okay",
        "im fine",
        "fine",
        "im safe",
        "yes im safe",
        "yes im ok",
        "yes im fine",
        "im ok thanks",
        "im fine thanks",
        "all good",
        "were ok",
        "we are ok",
    },
}
_NOT_WORDS = re.compile(r"[^\w\s]")
# A short reply in other words ("im not ok", "help me", "ye im ok"): unsure words first, then
# any sign of not being safe, then a plain yes. When in doubt it is "not safe": a person checks.
SHORT_REPLY_WORDS = 6
_UNSURE_CUES = re.compile(
    r"\b(?:not sure|unsure|dunno|idk|i dont know|dont know|dont no|maybe|kinda|kind of|sort of"
    r"|sorta|not certain|i guess|i think|i think so|probably|i hope|hopefully|i suppose|ish)\b"
)
_UNSAFE_CUES = re.compile(
    r"\b(?:no|nope|nah|not|never|isnt|aint|help|scared|afraid|frightened|terrified|unsafe"
    r"|danger|hurt|hurting|sos)\b"
)
_OK_CUES = re.compile(
    r"\b(?:yes|yeah|yep|yup|ye|yh|ya|yea|ok|okay|k|kk|fine|safe|good|alright|all right|sound"
    r"|grand|sweet)\b"
)


def plain_words(text: str) -> str:
    """Lower case, no apostrophes or punctuation, single spaces: how a typed reply is matched."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    return " ".join(_NOT_WORDS.sub(" ", text).split())


def typed_answer(services: Services, session: Session, text: str) -> str | None:
    """ "unsafe", "unsure" or "ok" when the words answer "Are you safe right now?"."""
    said = plain_words(text)
    t, audience = services.content.texts, session.audience
    labels = {
        "unsafe": t.button_not_safe.for_(audience),
        "unsure": t.button_unsure_safe.for_(audience),
        "ok": t.button_safe_ok.for_(audience),
    }
    for answer, words in TYPED_ANSWERS.items():
        if said in words or said == plain_words(labels[answer]):
            return answer
    return short_reply(said)


# Words that go with a plain yes ("yes i am", "im ok thanks x"): what is left is screened.
_WITH_A_YES = frozenset(
    {"i", "im", "am", "its", "it", "is", "thanks", "thank", "you", "u", "ta", "right", "now"}
    | {"all", "really", "totally", "honestly", "and", "x", "xx", "xxx"}
)


def _beyond_ok(said: str) -> str:
    """What a "yes"-like reply says besides yes ("but my carer hits me"), or ""."""
    return " ".join(w for w in said.split() if w not in _WITH_A_YES and not _OK_CUES.fullmatch(w))


def short_reply(said: str) -> str | None:
    """A few words that answer the question in other words, or None (more words: more of the
    message, kept with it and screened)."""
    if not said or len(said.split()) > SHORT_REPLY_WORDS:
        return None
    if _UNSURE_CUES.search(said):
        return "unsure"
    if _UNSAFE_CUES.search(said):
        return "unsafe"
    if _OK_CUES.search(said):
        return "ok"
    return None


async def _typed_choice(services: Services, session: Session, out: Outlet, text: str) -> bool:
    """Words that answer the question on screen, typed instead of tapped: taken as the tap."""
    said, audience, content = plain_words(text), session.audience, services.content
    worry = session.worry
    waits = worry is not None or session.note_ok is not None
    answer = typed_answer(services, session, text) if waits else None
    if worry is None and answer is not None:  # typed after "I'm OK" about a note: a new answer
        worry, session.worry, session.note_ok = session.note_ok, session.note_ok, None
    if worry is not None and answer is None and _unreadable_answer(services, worry, said):
        answer = "unsure"  # a short reply we cannot read ("لا", "nac ydw"): a person checks
    if worry is not None and answer is not None:
        rest = _beyond_ok(said)
        if answer == "ok" and rest and services.intake.level(rest) is not Level.NONE:
            # "ok but my carer hits me", "im fine just tired of everything": more of what they
            # are telling us, not an answer; kept with the rest and screened (below).
            return False
        if answer != "ok" and said not in TYPED_ANSWERS[answer]:
            # "help me", "im scared": their own words go to the officer with the rest.
            session.worry = replace(worry, text=f"{worry.text}\n{text}")
        await answer_check(services, session, out, answer)
        return True
    draft = session.draft
    if draft is not None and draft.stage is Stage.TOPIC:
        for theme in content.themes.themes:
            if said == plain_words(theme.label_for(audience)):
                await writing.topic(services, session, out, theme.id)
                return True
    if draft is not None and draft.stage is Stage.BEHALF:
        t = content.texts
        own = {plain_words(t.button_own_view), "my own", "mine", "my view", "me"}
        theirs = {plain_words(t.button_childs_view), "a young persons", "young persons view"}
        if said in own | theirs:
            await writing.behalf(services, session, out, yes=said in theirs)
            return True
    if not session.audience_known:
        for who, label in screens.audience_labels(content).items():
            if said in {plain_words(label), plain_words(label).removeprefix("im ")}:
                await writing.choose_audience(services, session, out, who)
                return True
    return False


def _unreadable_answer(services: Services, worry: Worry, said: str) -> bool:
    """A short reply to the question asked in another language ("لا", "nac ydw"): we cannot
    tell "yes" from "no" in it, so it is not "OK"."""
    if not said or len(said.split()) > SHORT_REPLY_WORDS:
        return False
    return services.intake.screen(worry.text).not_english


def only_a_code(session: Session, text: str) -> bool:
    """The whole message is shaped like a receipt code, typed while nothing else waits for
    words (whether it names a message is for the status journey to say)."""
    draft = session.draft
    if session.worry is not None or session.contact_item is not None:
        return False
    if draft is not None and draft.writing:
        return False
    return ReceiptCodes.normalise(text) is not None


def _tail(text: str) -> str:
    """The last WORRY_WINDOW characters of a waiting worry, from a word boundary."""
    if len(text) <= WORRY_WINDOW:
        return text
    tail = text[-WORRY_WINDOW:]
    space = re.search(r"\s", tail)
    return tail[space.end() :] if space else tail


async def typed(services: Services, session: Session, out: Outlet, text: str) -> None:
    """Any typed message: a disclosure, a draft, contact details, or stray words."""
    if await _typed_choice(services, session, out, text):
        return
    worry = session.worry
    if worry is not None and worry.note:
        # A note beside a command waits for the buttons; what they type now goes on as usual.
        session.worry = None
        await typed(services, session, out, text)
        session.worry = session.worry or worry
        return
    if worry is not None:
        # They typed more while "Are you safe right now?" waited: the new words are screened
        # with what came just before them (not all of it again: a flood stays cheap), and kept.
        screened = services.intake.screen(f"{_tail(worry.text)}\n{text}")
        text = f"{worry.text}\n{text}"
        if screened.level is not Level.URGENT:
            # Kept up to a bound, so memory stays bounded however long they type; all of it
            # goes to an officer if they then say they are not safe.
            session.worry = replace(worry, text=text if len(text) <= WORRY_LIMIT else worry.text)
            await out.show(
                screens.safety_check_view(services.content, session.audience, screened.language)
            )
            return
    else:
        screened = services.intake.screen(text)
    session.worry = None
    if screened.level is Level.URGENT:
        await disclosure(services, session, out, text)
        if session.contact_item is not None:
            # They were typing how to contact them: these words answer that too, so they are
            # kept as the details (and the next, ordinary message is not taken for them).
            await contact.save_details(services, session, out, text)
        return
    if session.contact_item is not None:
        await contact.save_details(services, session, out, text)
        return
    if screened.level is Level.CHECK:
        # Worrying but unclear (or not in English): ask, with the help numbers, before anything.
        session.worry = Worry(text, out.message_key)
        await out.show(
            screens.safety_check_view(services.content, session.audience, screened.language)
        )
        return
    await writing.take_text(services, session, out, text, screened)


async def edited(
    services: Services, session: Session, out: Outlet, text: str, source: str
) -> bool:
    """They changed a message after sending it. If its words are the draft's (not sent yet),
    the new words are taken as typed: screened, and shown in a new preview, so Send sends what
    they now say. True if so; otherwise the edit is only screened (screened_elsewhere)."""
    draft = session.draft
    if draft is None or draft.source != source or not draft.text:
        return False
    if draft.stage not in {Stage.TOPIC, Stage.BEHALF, Stage.PREVIEW}:
        return False
    await typed(services, session, out, text)
    return True


async def screened_elsewhere(
    services: Services,
    session: Session,
    out: Outlet,
    text: str,
    *,
    ask: bool = True,
    note: bool = False,
    urgent: bool = True,
) -> bool:
    """Words typed outside the journey (a caption, text after a command, a poll, an edit),
    screened at every level: True if they were a disclosure (the help numbers went out), or the
    screen was unsure and "Are you safe right now?" was asked, the words waiting with it.
    `ask=False`: only a disclosure counts (a deep link's one word); `note`: words beside a
    command, asked about after it ran, and "I'm OK" then sends nothing; `urgent=False`: a
    disclosure was answered already (before the command ran)."""
    if not text:
        return False
    screened = services.intake.screen(text)
    if screened.level is Level.URGENT and urgent:
        await disclosure(services, session, out, text)
        return True
    if not ask or screened.level is not Level.CHECK:
        return False
    draft = session.draft
    if draft is not None and draft.writing and draft.text and draft.text not in text:
        text = f"{draft.text}\n{text}"  # what they were writing waits too: nothing is lost
    worry = session.worry
    if worry is not None:  # a question already waits: these words wait with it
        session.worry = Worry(f"{worry.text}\n{text}"[:WORRY_LIMIT], worry.token, worry.note)
    else:
        session.worry = Worry(text, out.message_key, note)
    await out.show(
        screens.safety_check_view(services.content, session.audience, screened.language)
    )
    return True


async def disclosure(
    services: Services,
    session: Session,
    out: Outlet,
    text: str,
    *,
    token: str | None = None,
    said_unsafe: bool = False,
) -> None:
    """Help numbers at once on the crisis lane, then keep the words as urgent (one item and one
    alert per flood), then the code and the equal-weight contact choice. `said_unsafe`: the
    screen was unsure, and the young person said they are not safe (or not sure)."""
    audience = session.audience
    # First the help numbers: no database, no rate limit, nothing queued ahead of it.
    helped = await out.crisis(screens.crisis_view(services.content, audience))
    draft = session.draft
    writing_now = draft if draft is not None and draft.writing else None
    if writing_now is not None and writing_now.text and writing_now.text not in text:
        # A message they wrote and had not sent yet goes with it: nothing they wrote is lost.
        text = f"{writing_now.text}\n{text}"
    fold = services.urgent_flood.fold_into(out.person)
    token = token or out.message_key
    try:
        # A redelivered update, or a second tap, was stored already: never fold it in twice;
        # it goes on below to show the same code again.
        if fold is not None and await services.intake.receipt_again(token) is not None:
            fold = None
        if fold is not None and await services.intake.add_to_urgent(fold, text):
            await out.send(writing.with_help(services, session, lambda t: t.crisis_added))
            return
        try:
            receipt: Receipt | None = await services.intake.submit(
                kind=writing_now.kind if writing_now else ItemKind.FEEDBACK,
                audience=audience,
                text=text,
                token=token,
                theme=writing_now.theme if writing_now else None,
                on_behalf=writing_now.on_behalf if writing_now else False,
                urgent=said_unsafe,
            )
        except DuplicateUpdate:  # redelivered after a crash: show the same code again
            receipt = await services.intake.receipt_again(token)
    except StoreUnavailable:
        log.error("Could not store an urgent message: the database is unavailable")
        out.retry_later()
        await out.send(writing.with_help(services, session, lambda t: t.crisis_not_saved))
        return
    if receipt is None:
        return
    services.urgent_flood.record(out.person, receipt.item_id)
    if writing_now:
        session.draft = None
    session.last_item = receipt.item_id
    session.stored(receipt.item_id)
    out.wake_delivery()
    saved = screens.crisis_saved_view(services.content, audience, receipt.code, numbers=not helped)
    await out.crisis(saved, once_per_window=False)


async def answer_check(services: Services, session: Session, out: Outlet, answer: str) -> None:
    """ "Are you safe right now?" — not safe, or not sure, makes it urgent at once; OK keeps
    it ordinary (and, if they weren't writing, offers to send it)."""
    worry = session.worry
    waiting = session.after_audience
    if worry is None and answer in {"unsafe", "unsure"} and isinstance(waiting, Worry):
        # They said OK, were asked who they are, then changed their mind: their words wait
        # there, and go to an officer with the answer.
        session.after_audience = None
        worry = waiting
    if worry is None and session.note_ok is not None:  # OK'd note, then "not safe" or OK again
        worry, session.note_ok = session.note_ok, None
    if worry is None:
        answered = session.check_answered
        if answer in {"unsafe", "unsure"} and answered is not None:
            # Tapped again (or redelivered): the same code and help, never "nothing to send".
            receipt = await services.intake.receipt_again(answered)
            if receipt is not None:
                await out.show(
                    screens.crisis_saved_view(services.content, session.audience, receipt.code)
                )
                return
        if answer in {"unsafe", "unsure"}:
            # What they wrote went with a restart (it was only in memory): "not safe" still
            # gets the help numbers, and an officer is told, with a note in place of the words.
            note = services.content.texts.lost_words_unsafe.for_(session.audience)
            session.check_answered = out.message_key
            await disclosure(services, session, out, note, said_unsafe=True)
            return
        if session.draft is None and session.after_audience is None:
            # Nothing of theirs is here (the bot restarted): say so, and ask them to type it again.
            await out.show(writing.note(services, session, lambda t: t.check_words_gone))
            return
        await out.show(writing.note(services, session, lambda t: t.nothing_to_send))
        return
    session.worry = None
    if answer in {"unsafe", "unsure"}:
        session.check_answered = worry.token
        await disclosure(services, session, out, worry.text, token=worry.token, said_unsafe=True)
        return
    if worry.note:  # a note beside a command ("/delete CODE i want it gone"): never sent
        session.note_ok = worry if worry.keep else None
        await writing.resume(services, session, out, lambda t: t.check_ok_note)
        return
    draft = session.draft
    if draft is not None and draft.writing:
        await writing.take_text(services, session, out, worry.text)
        return
    if not session.audience_known:  # ask who they are before it can be sent: never guess
        session.after_audience = worry
        await out.show(screens.audience_first_view(services.content))
        return
    await writing.offer_to_send(services, session, out, worry)
