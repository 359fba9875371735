"""A visitor to the web chat without a browser: reads each page's forms and presses its
buttons as a browser would post them (the browser tests drive real Chromium)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import httpx


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    textarea: str | None = None


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.sections: list[str] = []
        self.main_text: list[str] = []
        self.links: list[str] = []
        self._button: tuple[str, list[str]] | None = None
        self._in_main = False
        self._in_script = False
        self._in_textarea = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "main":
            self._in_main = True
        elif tag == "form":
            self.forms.append(Form(a.get("action", "")))
        elif tag == "input" and self.forms and a.get("type") == "hidden":
            self.forms[-1].fields[a["name"]] = a.get("value", "")
        elif tag == "textarea" and self.forms:
            self.forms[-1].textarea = a.get("name", "")
            self.forms[-1].fields[a.get("name", "")] = ""  # sent as a browser would
            self._in_textarea = True
        elif tag == "button" and self.forms:
            self._button = (a.get("value", ""), [])
        elif tag == "section":
            self.sections.append(a.get("data-screen", ""))
        elif tag == "a":
            self.links.append(a.get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._in_textarea = False
        if tag == "main":
            self._in_main = False
        elif tag == "button" and self._button is not None and self.forms:
            value, label = self._button
            self.forms[-1].buttons.append(("".join(label).strip(), value))
            self._button = None

    def handle_data(self, data: str) -> None:
        if self._in_textarea and self.forms and self.forms[-1].textarea:
            self.forms[-1].fields[self.forms[-1].textarea] += data  # what is in the box
        if self._button is not None:
            self._button[1].append(data)
        if self._in_main:
            self.main_text.append(data)


@dataclass
class Page:
    status: int
    html: str
    forms: list[Form]
    sections: list[str]
    text: str
    links: list[str]

    @classmethod
    def of(cls, response: httpx.Response) -> Page:
        parser = _PageParser()
        parser.feed(response.text)
        text = " ".join(" ".join(parser.main_text).split())
        return cls(
            response.status_code,
            response.text,
            parser.forms,
            parser.sections,
            text,
            parser.links,
        )

    def buttons(self) -> list[str]:
        return [label for form in self.forms for label, _ in form.buttons]

    def button(self, label: str) -> tuple[Form, str]:
        for form in self.forms:
            for shown, value in form.buttons:
                if shown == label:
                    return form, value
        raise AssertionError(f"no button {label!r}; buttons are {self.buttons()}")

    def text_form(self) -> Form:
        for form in self.forms:
            if form.textarea:
                return form
        raise AssertionError("this page has no text box")


class Visitor:
    """One person with one cookie jar."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.page: Page | None = None

    async def open(self, path: str = "/") -> Page:
        self.page = Page.of(await self.client.get(path))
        return self.page

    async def post(self, action: str, data: dict[str, str]) -> Page:
        self.page = Page.of(await self.client.post(action, data=data))
        return self.page

    async def press(self, label: str) -> Page:
        assert self.page is not None
        form, value = self.page.button(label)
        return await self.post(form.action, {**form.fields, "do": value})

    async def type(self, text: str) -> Page:
        assert self.page is not None
        form = self.page.text_form()
        return await self.post(form.action, {**form.fields, "text": text})
