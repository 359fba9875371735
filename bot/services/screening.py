"""Screening service: reads a message for disclosures of harm, suggests themes, redacts details.

Three layers decide the level (urgent, check, none): rules on normalised words (phrases from
safeguarding.yaml, someone + a harm, risky combinations; guards for idiom and for harm told as
past), a learned model trained on corpus/screen/ (bot/data/screen_model.json.gz), and the
language (anything not in English is at least "check"; a risk word in another language is
urgent). Detection runs on a normalised copy; the original text is what gets stored. Every step
takes time in proportion to the message length, whatever the input. docs/screening.md explains it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.content import LanguageLexicon, RiskCategory, Theme
from bot.services import screen_guards as guard
from bot.services.redaction import REDACTION_MARKS, redact
from bot.services.screen_language import (
    UNDETERMINED,
    Language,
    Lexicon,
    detect,
    mostly_not_english,
)
from bot.services.screen_model import ScreenModel, Thresholds, load_packaged
from bot.services.screen_rules import (
    CHECK,
    URGENT,
    PhraseIndex,
    RuleHits,
    actor_harm,
    combinations,
    masked_tokens,
    run_together,
)
from bot.services.screen_text import (
    INVISIBLE,
    Vocabulary,
    as_displayed,
    hidden_characters,
    normalise,
    show_hidden,
    spelled_out,
    stem,
    words,
)
from bot.services.screen_themes import harm_themes, theme_scores

if TYPE_CHECKING:
    from bot.content import Content

__all__ = [
    "INVISIBLE",
    "REDACTION_MARKS",
    "Level",
    "ScreenResult",
    "Screener",
    "as_displayed",
    "hidden_characters",
    "normalise",
    "redact",
    "show_hidden",
]

# Risk words that spelling repair may lead to even when no phrase spells them out whole.
_EXTRA_RISK_WORDS = (
    "suicide suicidal overdose overdosed paracetamol ibuprofen myself kill killing abused abusing"
    " raped molested strangled threatened stabbed trafficked groomed anorexia bulimia laxatives"
    " homeless exploited exploiting sextortion nudes county passport"
)


# The model alone makes a message urgent only when it is also fairly sure it is a disclosure at
# all. Measured by cross-validation on the training split: with this, ordinary messages raising
# urgent stayed at 3 % while urgent disclosures made urgent rose from 78 % to 79 %, and plain
# moans ("the wifi in my room keeps dropping") stopped getting the crisis reply.
MODEL_ALONE_URGENT_RISK = 0.6


# How much a theme keyword from themes.yaml adds to a theme's probability when a model is shipped.
KEYWORD_NUDGE = 0.02


class Level(StrEnum):
    URGENT = "urgent"
    CHECK = "check"
    NONE = "none"


_LEVELS = {0: Level.NONE, CHECK: Level.CHECK, URGENT: Level.URGENT}


@dataclass(frozen=True, slots=True)
class ScreenResult:
    urgent: bool  # level is URGENT: crisis reply and officer alert now
    categories: tuple[str, ...]  # safeguarding category ids, the likeliest first
    themes: tuple[str, ...]  # theme ids, most likely first
    redacted: str
    level: Level = Level.NONE
    language: str = "en"  # ISO 639-1 code
    not_english: bool = False


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the screen reads from a message before the model has its say."""

    words: tuple[str, ...]
    tokens: tuple[str, ...]
    rules: RuleHits
    language: Language
    lexicon: tuple[str, ...]

    def signals(self) -> set[str]:
        """What the rules saw, as features for the learned model ("r " + what)."""
        rules = self.rules
        found = {f"r u {c}" for c in rules.urgent}
        found.update(f"r c {c}" for c in rules.check)
        found.update(f"r w {c}" for c in rules.weak)
        for name, on in (
            ("urgent", bool(rules.urgent)),
            ("check", bool(rules.check)),
            ("weak", bool(rules.weak)),
            ("idiom", rules.idiom),
            ("topic", rules.topic),
            ("past", rules.past),
            ("foreign", not self.language.english),
        ):
            if on:
                found.add(f"r {name}")
        return found


_PACKAGED = object()


class Screener:
    """Safeguarding phrases, theme keywords, lexicons and the learned model, built at start-up:
    `Screener.from_content(content)` (the positional form has no other-language lexicons)."""

    def __init__(
        self,
        categories: Sequence[RiskCategory],
        themes: Sequence[Theme],
        languages: Sequence[LanguageLexicon] = (),
        *,
        model: ScreenModel | object | None = _PACKAGED,
    ) -> None:
        self._category_order = [c.id for c in categories]
        self._category_theme = {c.id: c.theme for c in categories}
        phrases = [(p, c.id) for c in categories for p in c.phrases]
        weak = [(p, c.id) for c in categories for p in c.check_phrases]
        risk_words = {w for text, _ in phrases + weak for w in words(text)}
        risk_words.update(_EXTRA_RISK_WORDS.split())
        self.vocabulary = Vocabulary(risk_words)
        self._urgent = PhraseIndex(self._forms(phrases))
        self._check = PhraseIndex(self._forms(weak))
        self._theme_order = [t.id for t in themes]
        self._themes = PhraseIndex(
            (tuple(normalise(k, squash_all=False)), t.id) for t in themes for k in t.keywords
        )
        self._lexicon = Lexicon([(lang.code, lang.phrases) for lang in languages])
        self.model: ScreenModel | None = (
            load_packaged() if model is _PACKAGED else model  # type: ignore[assignment]
        )

    @classmethod
    def from_content(
        cls, content: Content, *, model: ScreenModel | object | None = _PACKAGED
    ) -> Screener:
        return cls(
            content.safeguarding.categories,
            content.themes.themes,
            content.safeguarding.languages,
            model=model,
        )

    @staticmethod
    def _forms(phrases: Sequence[tuple[str, str]]) -> list[tuple[tuple[str, ...], str]]:
        # Each phrase stemmed, and as written, so "killing myself" also matches when its letters
        # were spelt out one by one and rejoined into a single word that no stemmer would cut.
        forms: list[tuple[tuple[str, ...], str]] = []
        for text, label in phrases:
            written = tuple(words(text))
            forms.append((tuple(stem(w) for w in written), label))
            forms.append((written, label))
        return forms

    # -----------------------------------------------------------------------------------------

    def analyse(self, text: str) -> Analysis:
        """Rules, guards and language: everything but the learned model."""
        found = tuple(words(text, self.vocabulary))
        tokens = tuple(stem(w) for w in found)
        joined = " ".join(found)
        spans, unsure = guard.idiom_spans(joined), guard.unsure_spans(joined)
        in_idiom = masked_tokens(tokens, joined, spans)
        masked = masked_tokens(in_idiom, joined, unsure)
        hits = RuleHits(
            idiom=bool(spans or unsure),
            topic=guard.about_a_topic(joined),
            past=guard.recovered_past(joined),
            cry=guard.short_cry_for_help(found, joined),
            meant=guard.meant_it(joined),
        )
        plain_hits = self._urgent.find(tokens)
        for label, _ in plain_hits if not (spans or unsure) else self._urgent.find(masked):
            hits.urgent.add(label)
        for label, _ in actor_harm(masked):
            hits.urgent.add(label)
        hits.urgent.update(combinations(masked))
        # Inside an idiom, or beside a weaker phrase, a risk word is for the model to weigh.
        for label, _ in plain_hits:  # unsure hyperbole: a person checks
            if label not in hits.urgent:
                (hits.check if unsure else hits.weak).add(label)
        # A weaker sign inside an idiom ("the wifi keeps cutting out") is no sign at all; inside
        # unsure hyperbole ("my nan will kill me, i lost my keys") a person checks.
        weak = {label for label, _ in self._check.find(masked)}
        hits.weak |= weak
        if unsure:
            lowered = {label for label, _ in self._check.find(in_idiom)}
            hits.check |= lowered - weak
        # Words typed with no spaces ("iwanttodie", "#nowheretosleep"): a phrase inside one is
        # unsure ("#selfharmawareness" is a campaign), so a person checks.
        joined_up = run_together(found, self.vocabulary)
        if joined_up:
            hits.check.update(label for label, _ in self._urgent.within(found, joined_up))
            hits.weak.update(label for label, _ in self._check.within(found, joined_up))
        if spelled_out(text):  # "h o m e l e s s  a s  o f  t o d a y": phrases across letters
            letters = [stem(w) for w in words(text, self.vocabulary, spelled=True)]
            hits.urgent.update(label for label, _ in self._urgent.find(letters))
            hits.weak.update(label for label, _ in self._check.find(letters))
        if hits.past:  # harm told as over: a person should still check
            hits.check |= hits.urgent
            hits.urgent.clear()
        elif hits.topic:  # a talk about county lines is not a disclosure by itself
            hits.weak |= hits.urgent
            hits.urgent.clear()
        hits.weak -= hits.urgent | hits.check
        language = detect(text)
        if language.english and mostly_not_english(found):
            language = Language(UNDETERMINED, english=False)
        lexicon = tuple(dict.fromkeys(self._lexicon.find(text, english=language.english)))
        return Analysis(found, tokens, hits, language, lexicon)

    def decide(
        self,
        analysis: Analysis,
        level_probabilities: dict[str, float] | None,
        thresholds: Thresholds | None = None,
    ) -> tuple[Level, tuple[str, ...]]:
        """The level and the rules' categories, from the analysis and the model's opinion."""
        level = self.level_of(analysis, level_probabilities, thresholds)
        categories = analysis.rules.categories()
        return _LEVELS[level], tuple(c for c in self._category_order if c in categories)

    def level_of(
        self,
        analysis: Analysis,
        level_probabilities: dict[str, float] | None,
        thresholds: Thresholds | None = None,
    ) -> int:
        """0 (none), CHECK or URGENT."""
        rules = analysis.rules
        level = rules.level
        if level_probabilities is None:
            if rules.weak:  # no model to weigh a weaker sign: a person checks
                level = max(level, CHECK)
        else:
            limits = thresholds or (self.model.thresholds if self.model else Thresholds())
            risk = level_probabilities.get("risk", 0.0)
            urgent = level_probabilities.get("urgent", 0.0)
            if rules.weak and risk >= limits.weak_check:
                level = max(level, CHECK)
            if rules.weak and not rules.capped and risk >= limits.weak:
                level = URGENT
            # Alone, the model needs evidence: more than an empty message would score.
            floor = level_probabilities.get("risk_floor", 0.0)
            by_urgent = urgent >= limits.urgent_check and risk >= floor
            if risk >= max(limits.check, floor) or by_urgent:
                level = max(level, CHECK)
            alone = max(limits.urgent, level_probabilities.get("urgent_floor", 0.0))
            sure = max(limits.check, MODEL_ALONE_URGENT_RISK)
            if urgent >= alone and risk >= sure and not rules.capped:
                level = URGENT
        if not analysis.language.english:
            level = max(level, CHECK)
        if analysis.lexicon:
            level = URGENT
        return level

    def screen(self, text: str) -> ScreenResult:
        """Level, categories, themes, language and the redacted text of one message."""
        return self._screen(text, with_redaction=True)

    def _screen(self, text: str, *, with_redaction: bool) -> ScreenResult:
        analysis = self.analyse(text)
        level_probabilities: dict[str, float] | None = None
        theme_probabilities: dict[str, float] = {}
        guess: dict[str, float] = {}
        if self.model is not None:
            level_probabilities, theme_probabilities, guess = self.model.opinions(
                analysis.tokens, analysis.signals()
            )
        level, found = self.decide(analysis, level_probabilities)
        categories: tuple[str, ...] = ()
        if level is not Level.NONE:
            categories = self._rank_categories(found, guess, level_probabilities)
        harm = harm_themes(found, guess, self._category_theme)
        risk = (level_probabilities or {}).get("risk", 0.0)
        themes = theme_scores(theme_probabilities, harm, risk)
        language = analysis.language
        not_english = not language.english or bool(analysis.lexicon)
        return ScreenResult(
            urgent=level is Level.URGENT,
            categories=categories,
            themes=self._rank_themes(analysis, categories, level, themes),
            redacted=redact(text) if with_redaction else "",
            level=level,
            language=analysis.lexicon[0]
            if language.english and analysis.lexicon
            else language.code,
            not_english=not_english,
        )

    def warm_up(self) -> None:
        """Load what is otherwise loaded on first use (the language model takes ~2 s), so the
        first message in another language is not kept waiting. Call it off the event loop."""
        self.screen("Bonjour, je voudrais savoir quand est la prochaine réunion")

    def level(self, text: str) -> Level:
        return self._screen(text, with_redaction=False).level

    def is_urgent(self, text: str) -> bool:
        """Whether the crisis reply is due: the same decision as screen(), without redaction."""
        return self._screen(text, with_redaction=False).urgent

    def risk_categories(self, text: str) -> tuple[str, ...]:
        """Categories when the message is urgent, in content order; empty when it is not.

        Kept for callers that decide the crisis reply from `bool(risk_categories(...))`; an urgent
        message whose category is unknown (another language) returns ("urgent",).
        """
        result = self._screen(text, with_redaction=False)
        if not result.urgent:
            return ()
        return result.categories or ("urgent",)

    def _rank_categories(
        self,
        found: tuple[str, ...],
        guess: dict[str, float],
        level: dict[str, float] | None,
    ) -> tuple[str, ...]:
        """The rules' categories, the likeliest first by the model; or the model's own guess
        when the rules found none and the model thinks it a disclosure."""
        if self.model is None or level is None:
            return found
        if found:
            return tuple(sorted(found, key=lambda c: -guess.get(c, 0.0)))
        if level.get("risk", 0.0) >= self.model.thresholds.check and guess:
            best = max(guess, key=guess.__getitem__)
            if best in self._category_theme:
                return (best,)
        return ()

    def _rank_themes(
        self,
        analysis: Analysis,
        categories: Sequence[str],
        level: Level,
        probabilities: dict[str, float],
    ) -> tuple[str, ...]:
        scores: dict[str, float] = defaultdict(float)
        for theme, p in probabilities.items():
            if theme in self._theme_order:
                scores[theme] += p
        # Keywords from themes.yaml decide when there is no model, and break near-ties when there
        # is one, so a council's new keyword counts without retraining.
        bonus = KEYWORD_NUDGE if self.model is not None else 1.0
        keywords = [stem(w, squash_all=False) for w in analysis.words]
        for theme, _ in self._themes.find(keywords):
            scores[theme] += bonus
        order = {theme: n for n, theme in enumerate(self._theme_order)}
        ranked = sorted(scores, key=lambda t: (-scores[t], order[t]))
        top = scores[ranked[0]] if ranked else 0.0
        chosen = [t for t in ranked if scores[t] >= max(0.04, top / 3)]
        # An urgent message is filed under its harm's theme; below that, the everyday theme and
        # the harm's theme were already weighed by how likely the message is a disclosure.
        if level is Level.URGENT and categories:
            lead = self._category_theme[categories[0]]
            chosen = [lead, *(t for t in chosen if t != lead)]
        return tuple(chosen[:4])
