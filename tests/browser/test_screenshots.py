"""The pages look as they should: screenshots at 375 and 1280 px compared with committed
reference images (tests/browser/screenshots/*.png), so a broken or missing stylesheet fails.

Pages: the index, a form submitted empty (error summary and field errors), a receipt, and a
staff list (the sign-ups of a form). Everything that varies is frozen: the form definition
(a copy in tests/browser/screenshot_forms/, not the live forms/), the clock, the reference
numbers, the mouse (moved away, no hover), the caret and animations (Playwright's
`caret="hide"`, `animations="disabled"`; the CSP forbids injecting a test stylesheet).

Tolerance: a pixel differs when one of its channels differs by more than THRESHOLD (of 255);
at most MAX_DIFFERING of the pixels may differ (anti-aliasing on another machine). On a
failure the message names the actual and the diff image (differing pixels in red).

After an intended change of the look, write the references anew and commit them:
    .venv/bin/python -m pytest tests/browser/test_screenshots.py --update-screenshots
(see tests/browser/README.md).
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from tests.browser.conftest import NOW, LiveServer
from tests.staff.conftest import STAFF_EMAIL, STAFF_PASSWORD, add_signup, create_staff
from tests.staff.conftest import group_answers as staff_group_answers

pytestmark = [pytest.mark.browser, pytest.mark.markup_only]

HERE = Path(__file__).resolve().parent
REFERENCES = HERE / "screenshots"
FORMS = HERE / "screenshot_forms"
WIDTHS = {375: 740, 1280: 900}  # width: viewport height; screenshots are full pages
THRESHOLD = 48
MAX_DIFFERING = 0.01
SLUG = "samarbejdsgruppe"
GOOD_ANSWERS = {
    "radio": {"gruppe": "baeredygtige", "sektor": "erhverv"},
    "select": {"rolle": "baeredygtige-industri"},
    "fill": {
        "navn": "Anne Industri",
        "stilling": "Direktør",
        "organisation": "Fabrikken A/S",
        "cvr": "13748136",
        "email": "anne@fabrikken.dk",
        "telefon": "20304050",
        "motivation": "Grøn omstilling.",
    },
}


@pytest.fixture
def fixed_references(monkeypatch):
    """Reference numbers HE-SKRM22, HE-SKRM23 … in the order sign-ups are made."""
    from intake.signups import service

    numbers = itertools.count(22)
    monkeypatch.setattr(service, "_reference", lambda: f"HE-SKRM{next(numbers)}")


@pytest.fixture
def live_server(make_app, frozen_clock, fixed_references, tmp_path):
    """The frozen form, three sign-ups and a staff account, served over real HTTP."""
    forms = tmp_path / "forms"
    shutil.copytree(FORMS, forms)
    frozen_clock(NOW)
    app = make_app(FORMS_DIR=str(forms))
    create_staff(app)
    for n in range(1, 4):
        add_signup(app, SLUG, staff_group_answers(n))
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def update(request) -> bool:
    return request.config.getoption("--update-screenshots")


def difference(actual: Path, reference: Path, diff: Path) -> tuple[float, str]:
    """(fraction of differing pixels, what differs); writes the diff image when any does."""
    with Image.open(actual) as shot, Image.open(reference) as wanted:
        shot, wanted = shot.convert("RGB"), wanted.convert("RGB")
        if shot.size != wanted.size:
            return 1.0, f"size {shot.size} instead of {wanted.size}"
        channels = ImageChops.difference(shot, wanted).split()
        largest = ImageChops.lighter(ImageChops.lighter(channels[0], channels[1]), channels[2])
        mask = largest.point(lambda value: 255 if value > THRESHOLD else 0)
        differing = mask.histogram()[255]
        fraction = differing / (shot.width * shot.height)
        if differing:
            faded = Image.blend(wanted, Image.new("RGB", wanted.size, "white"), 0.7)
            Image.composite(Image.new("RGB", wanted.size, "red"), faded, mask).save(diff)
        return fraction, f"{differing} pixels ({fraction:.2%}) differ by more than {THRESHOLD}"


def shoot(page, path: Path) -> None:
    page.mouse.move(0, 0)
    page.evaluate("document.fonts.ready.then(() => true)")
    page.screenshot(path=str(path), full_page=True, caret="hide", animations="disabled")


def check(page, name: str, update: bool, out: Path) -> None:
    """Compares the page with its reference, or writes the reference with --update-screenshots."""
    reference = REFERENCES / f"{name}.png"
    if update:
        REFERENCES.mkdir(exist_ok=True)
        shoot(page, reference)
        with Image.open(reference) as image:
            image.load()
            image.save(reference, optimize=True)  # smaller in git, same pixels
        return
    assert reference.is_file(), f"no reference {reference}: run pytest --update-screenshots"
    actual, diff = out / f"{name}.png", out / f"{name}.diff.png"
    shoot(page, actual)
    fraction, what = difference(actual, reference, diff)
    assert fraction <= MAX_DIFFERING, (
        f"{name} looks different from {reference}: {what}; actual {actual}, diff {diff}"
    )


def submit(page) -> None:
    with page.expect_navigation():
        page.click("form.signup-form button[type=submit]")


@pytest.fixture(params=sorted(WIDTHS), ids=[f"{w}px" for w in sorted(WIDTHS)])
def width(request) -> int:
    return request.param


@pytest.fixture
def screen(make_page, width):
    return make_page(viewport={"width": width, "height": WIDTHS[width]})


def test_index(screen, width, update, tmp_path):
    screen.goto("/")
    check(screen, f"index-{width}", update, tmp_path)


def test_form_with_errors(screen, width, update, tmp_path):
    screen.goto(f"/f/{SLUG}")
    submit(screen)
    assert screen.locator("#error-summary").is_visible()
    check(screen, f"form-errors-{width}", update, tmp_path)


def test_receipt(screen, width, update, tmp_path):
    screen.goto(f"/f/{SLUG}")
    for name, value in GOOD_ANSWERS["radio"].items():
        screen.check(f'input[name="{name}"][value="{value}"]')
    for key, value in GOOD_ANSWERS["select"].items():
        screen.select_option(f"#{key}", value)
    for key, value in GOOD_ANSWERS["fill"].items():
        screen.fill(f"#{key}", value)
    submit(screen)
    assert screen.url.endswith("/kvittering/HE-SKRM25"), screen.url
    check(screen, f"receipt-{width}", update, tmp_path)


def test_staff_signup_list(screen, width, update, tmp_path):
    screen.goto("/staff/login")
    screen.get_by_label("E-mail").fill(STAFF_EMAIL)
    screen.get_by_label("Adgangskode").fill(STAFF_PASSWORD)
    screen.get_by_role("button", name="Log ind").click()
    screen.wait_for_url("**/staff/")
    screen.goto(f"/staff/f/{SLUG}/tilmeldinger")
    check(screen, f"staff-list-{width}", update, tmp_path)


def test_a_page_without_its_stylesheet_fails_the_comparison(make_page, tmp_path):
    """The check is not vacuous: the index served with an empty stylesheet does not pass."""
    page = make_page(viewport={"width": 1280, "height": WIDTHS[1280]})
    page.route("**/*.css", lambda route: route.fulfill(body="", content_type="text/css"))
    page.goto("/")
    reference = REFERENCES / "index-1280.png"
    assert reference.is_file()
    actual = tmp_path / "unstyled.png"
    shoot(page, actual)
    fraction, what = difference(actual, reference, tmp_path / "unstyled.diff.png")
    assert fraction > MAX_DIFFERING, what


def test_the_comparison_tolerates_a_few_pixels_only(tmp_path):
    base = Image.new("RGB", (100, 100), "white")
    base.save(tmp_path / "a.png")
    few = base.copy()
    for x in range(50):  # 0.5 % of the pixels, and faint changes anywhere
        few.putpixel((x, 0), (0, 0, 0))
    few = Image.blend(few, Image.new("RGB", (100, 100), (240, 240, 240)), 0.1)
    few.save(tmp_path / "b.png")
    fraction, _ = difference(tmp_path / "b.png", tmp_path / "a.png", tmp_path / "d.png")
    assert 0 < fraction <= MAX_DIFFERING
    many = base.copy()
    for x in range(100):
        for y in range(2):
            many.putpixel((x, y), (0, 0, 0))
    many.save(tmp_path / "c.png")
    fraction, _ = difference(tmp_path / "c.png", tmp_path / "a.png", tmp_path / "d.png")
    assert fraction == 0.02 and (tmp_path / "d.png").is_file()
    Image.new("RGB", (100, 99)).save(tmp_path / "e.png")
    assert difference(tmp_path / "e.png", tmp_path / "a.png", tmp_path / "d.png")[0] == 1.0
