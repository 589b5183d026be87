"""Reads a rendered <form> the way a browser would, so tests post back what the page offers."""

from __future__ import annotations

from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict


class _FormParser(HTMLParser):
    def __init__(self, form_index: int):
        super().__init__(convert_charrefs=True)
        self.form_index = form_index
        self.seen_forms = -1
        self.inside = False
        self.action = None
        self.fields: list[tuple[str, str, str, bool]] = []  # name, type, value, checked/selected
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.seen_forms += 1
            self.inside = self.seen_forms == self.form_index
            if self.inside:
                self.action = a.get("action")
            return
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            self.fields.append(
                (
                    a["name"],
                    kind,
                    a.get("value", "" if kind not in ("checkbox", "radio") else "on"),
                    "checked" in a,
                )
            )
        elif tag == "button" and a.get("name"):
            self.fields.append((a["name"], "button", a.get("value", ""), False))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select:
            self.fields.append((self._select, "option", a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._text = ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "textarea", self._text.lstrip("\n"), True))
            self._textarea = None


class RenderedForm:
    def __init__(self, html: str, form_index: int = 0):
        parser = _FormParser(form_index)
        parser.feed(html)
        self.action = parser.action
        self.fields = parser.fields
        self.names = {name for name, *_ in self.fields}
        self.values: dict[str, list[str]] = {}
        for name, kind, value, on in self.fields:
            if kind in ("checkbox", "radio", "option"):
                if on:
                    self.values.setdefault(name, []).append(value)
            elif kind not in ("submit", "button"):
                self.values.setdefault(name, []).append(value)

    def options(self, name: str) -> list[str]:
        return [
            v
            for n, kind, v, _ in self.fields
            if n == name and kind in ("checkbox", "radio", "option") and v
        ]

    def set(self, name: str, value) -> RenderedForm:
        """Fill a field as a person would; refuses names the page does not offer."""
        if name not in self.names:
            raise KeyError(f"the page has no field named {name!r}")
        values = value if isinstance(value, list) else [value]
        offered = self.options(name)
        if offered:
            for v in values:
                if v not in offered:
                    raise ValueError(f"{v!r} is not offered for {name!r}: {offered}")
        self.values[name] = [str(v) for v in values]
        return self

    def fill(self, **values) -> RenderedForm:
        for name, value in values.items():
            self.set(name, value)
        return self

    def press(self, name: str, value: str) -> RenderedForm:
        """Which submit button was clicked: a browser sends only that button's name=value."""
        if (name, "button", value, False) not in self.fields:
            raise KeyError(f"the page has no button {name}={value!r}")
        self.values[name] = [value]
        return self

    def data(self) -> MultiDict:
        return MultiDict([(name, v) for name, vs in self.values.items() for v in vs])
