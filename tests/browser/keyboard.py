"""A person with a keyboard and no mouse: Tab to move, type to fill, Space/arrows to choose.

Every helper moves focus only with Tab / Shift+Tab, so reaching a control at all proves it is in
the tab order; nothing here clicks or sets values behind the page's back.
"""

from __future__ import annotations

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "<body>";
  return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.name ? "[name=" + el.name + "]" : "")
    + (el.value !== undefined && el.type !== "text" ? "=" + el.value : "");
}"""


def focused(page) -> str:
    return page.evaluate(FOCUSED)


def is_focused(page, selector: str) -> bool:
    return page.evaluate(
        "(s) => !!document.activeElement && document.activeElement.matches(s)", selector
    )


def tab_to(page, selector: str, *, limit: int = 150, backwards: bool = False) -> None:
    """Press Tab until the focused element matches `selector`."""
    if is_focused(page, selector):
        return
    trail = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if is_focused(page, selector):
            return
        trail.append(focused(page))
    raise AssertionError(f"Tab never reached {selector}; visited: {' → '.join(trail[-30:])}")


def type_into(page, selector: str, text: str, *, replace: bool = False) -> None:
    tab_to(page, selector)
    if replace:
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
    page.keyboard.type(text)


def type_date(page, selector: str, iso: str, *, focus: bool = True) -> None:
    """Types a date into a browser date picker the way its owner would.

    The picker's segment order follows the browser's own language (this Chromium only ships
    en-US, month first), so type day-month-year as a Dane, and if the browser read it the other
    way round, go back to the first segment and type it month first.
    """
    if focus:
        tab_to(page, selector)
    year, month, day = iso.split("-")
    page.keyboard.type(day + month + year)
    if page.input_value(selector) != iso:
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        page.keyboard.type(month + day + year)
    assert page.input_value(selector) == iso


def choose_radio(page, name: str, value: str) -> None:
    """Tab into the radio group, then Space / arrow keys as a keyboard user does."""
    tab_to(page, f'input[type=radio][name="{name}"]')
    if page.evaluate("() => !document.activeElement.checked"):
        page.keyboard.press("Space")
    for _ in range(30):
        if is_focused(page, f'input[name="{name}"][value="{value}"]'):
            break
        page.keyboard.press("ArrowDown")
    assert page.is_checked(f'input[name="{name}"][value="{value}"]'), focused(page)


def tick(page, selector: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Space")
    assert page.is_checked(selector)


def choose_option(page, selector: str, value: str) -> None:
    """Arrow keys on a closed <select>; hidden (filtered) options are skipped by the browser."""
    tab_to(page, selector)
    page.keyboard.press("Home")
    for _ in range(80):
        if page.input_value(selector) == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(
        f"{value!r} never came up in {selector}; stuck at {page.input_value(selector)!r}"
    )


def option_values(page, selector: str) -> list[str]:
    """The options a person can actually pick right now (not hidden, not disabled)."""
    return page.eval_on_selector(
        selector,
        "s => Array.from(s.options)"
        ".filter(o => !o.hidden && !o.disabled && o.value).map(o => o.value)",
    )


def press_and_wait(page, key: str) -> None:
    """A key that submits or follows a link, waiting for the next page to load."""
    with page.expect_navigation():
        page.keyboard.press(key)
