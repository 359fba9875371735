"""Callback data: packs into ≤ 64 bytes, round-trips, and refuses anything forged (A-07)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.callback_data import (
    BUTTON_FAMILIES,
    MAX_BYTES,
    AreaButton,
    AudienceButton,
    OfferItemButton,
    PromiseButton,
    ScreenButton,
    is_known,
)
from bot.domain import Audience, Place
from tests.conftest import shipped_content


def every_shipped_button() -> list[object]:
    content = shipped_content()
    buttons: list[object] = [AudienceButton(a) for a in Audience]
    buttons += [ScreenButton(s) for s in Place]
    buttons += [PromiseButton(p.id) for p in content.pledge.promises]
    for area in content.offer.areas:
        buttons.append(AreaButton(area.id))
        buttons += [OfferItemButton(area.id, item.id) for item in area.items]
    return buttons


@pytest.mark.parametrize("button", every_shipped_button(), ids=repr)
def test_every_shipped_button_fits_64_bytes_and_round_trips(button: object) -> None:
    packed = button.pack()  # type: ignore[attr-defined]

    assert len(packed.encode("utf-8")) <= MAX_BYTES
    assert type(button).unpack(packed) == button  # type: ignore[attr-defined]
    assert sum(family.matches(packed) for family in BUTTON_FAMILIES) == 1


def test_the_longest_possible_ids_still_fit() -> None:
    longest = "a" * 24

    assert len(OfferItemButton(longest, longest).pack().encode()) <= MAX_BYTES


def test_values_outside_the_allow_list_cannot_be_packed() -> None:
    with pytest.raises(ValueError, match="cannot be packed"):
        PromiseButton("../../etc").pack()
    with pytest.raises(ValueError, match="cannot be packed"):
        OfferItemButton("health", "a:b").pack()


@pytest.mark.parametrize(
    "forged",
    ["", "nav:", "nav:menu:extra", "aud:admin", "pl:", "pl:A", "oi:health", "of:x;drop", None, 42],
)
def test_forged_values_are_refused(forged: object) -> None:
    assert not is_known(forged)
    for family in BUTTON_FAMILIES:
        with pytest.raises(ValueError, match="not"):
            family.unpack(forged)


@given(st.text(max_size=80))
def test_arbitrary_text_is_either_a_valid_button_or_refused(data: str) -> None:
    for family in BUTTON_FAMILIES:
        if family.matches(data):
            assert family.unpack(data).pack() == data
        else:
            with pytest.raises(ValueError, match="not"):
                family.unpack(data)


def test_a_button_class_reads_its_field_types_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot import callback_data

    calls: list[type] = []
    real = callback_data.get_type_hints

    def counted(cls: type) -> dict[str, object]:
        calls.append(cls)
        return real(cls)

    monkeypatch.setattr(callback_data, "get_type_hints", counted)
    monkeypatch.setattr(callback_data, "_HINTS", {})
    for _ in range(5):
        assert callback_data.AudienceButton.unpack("aud:in_care").audience.value == "in_care"

    assert calls == [callback_data.AudienceButton]
