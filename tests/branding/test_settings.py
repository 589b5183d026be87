"""The INTAKE_BRAND_* settings are checked at start-up (intake/branding/kinds.py, through
intake/setting_kinds.py): each wrong value stops intake with one Danish problem that names
the setting, before any page or mail could show a broken brand."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PIL import Image

from intake import create_app
from intake.branding.kinds import contrast_with_white
from intake.settings import StartupError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    for name in list(os.environ):
        if name.startswith("INTAKE_") and name != "INTAKE_TEST_DATABASE_URL":
            monkeypatch.delenv(name)


def _start(tmp_path: Path, **settings):
    return create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k" * 32, **settings})


def _problem(tmp_path: Path, **settings) -> str:
    with pytest.raises(StartupError) as raised:
        _start(tmp_path, **settings)
    assert str(raised.value.code).startswith("intake kan ikke starte")
    [problem] = raised.value.problems
    return problem


def _write_png(path: Path, size=(120, 40)) -> Path:
    Image.new("RGB", size, "#0b3d91").save(path, format="PNG")
    return path


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("#ffcc00", "(#ffcc00) er for lys: kontrasten til hvid er 1,51:1"),  # yellow
        ("#767676", None),  # 4.54:1: just dark enough, see the next test
        # 4.48:1: just too light, and never shown rounded up to the limit it fails
        ("#777777", "kontrasten til hvid er 4,47:1, og den skal være mindst 4,5:1"),
        ("0059b3x", "skal være en farve som #rrggbb"),
        ("blå", "skal være en farve som #rrggbb"),
        ("#05b", "skal være en farve som #rrggbb"),
    ],
)
def test_primary_colour_must_be_hex_and_dark_enough_for_white_text(tmp_path, value, fragment):
    if fragment is None:
        assert _start(tmp_path, BRAND_PRIMARY_COLOUR=value).config["BRAND_PRIMARY_COLOUR"] == value
        return
    problem = _problem(tmp_path, BRAND_PRIMARY_COLOUR=value)
    assert problem.startswith("BRAND_PRIMARY_COLOUR ") and fragment in problem
    if "for lys" in problem:
        assert "4,5:1" in problem and "WCAG 2.1" in problem


def test_contrast_is_computed_as_wcag_defines_it():
    assert round(contrast_with_white("#000000"), 1) == 21.0
    assert round(contrast_with_white("#ffffff"), 1) == 1.0
    assert round(contrast_with_white("#767676"), 2) == 4.54
    assert round(contrast_with_white("#0059b3"), 2) == 6.82  # virk.dk's primary


def test_a_colour_is_normalised_to_lower_case_with_its_hash(tmp_path):
    app = _start(tmp_path, BRAND_PRIMARY_COLOUR="7A1F1F")
    assert app.config["BRAND_PRIMARY_COLOUR"] == "#7a1f1f"


def test_logo_that_is_missing(tmp_path):
    problem = _problem(tmp_path, BRAND_LOGO="logo.png")
    assert problem.startswith("BRAND_LOGO findes ikke: ") and str(tmp_path / "logo.png") in problem


@pytest.mark.parametrize("name", ["logo.gif", "logo.jpg", "logo"])
def test_logo_of_another_type(tmp_path, name):
    (tmp_path / name).write_bytes(b"GIF89a")
    problem = _problem(tmp_path, BRAND_LOGO=name)
    assert problem == "BRAND_LOGO skal være en .svg- eller .png-fil i mappen instance/."


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "PNG"),
        ("logo.svg", PNG_SIGNATURE + b"\x00" * 40, "SVG"),
        ("logo.svg", b"<html><body>no svg here</body></html>", "SVG"),
    ],
)
def test_logo_whose_content_is_not_its_type(tmp_path, name, content, kind):
    (tmp_path / name).write_bytes(content)
    problem = _problem(tmp_path, BRAND_LOGO=name)
    assert problem == f"BRAND_LOGO er ikke en gyldig {kind}-fil."


def test_logo_that_is_too_big(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG_SIGNATURE + os.urandom(201 * 1024))
    problem = _problem(tmp_path, BRAND_LOGO=str(logo))
    assert problem.startswith("BRAND_LOGO er for stor (201 kB); højst 200 kB")


def test_logo_in_instance_is_found_by_its_name(tmp_path):
    _write_png(tmp_path / "logo.png")
    app = _start(tmp_path, BRAND_LOGO="logo.png")
    assert app.config["BRAND_LOGO"] == str((tmp_path / "logo.png").resolve())


@pytest.mark.parametrize("value", ["123", "+45 12", "ring til os", "+1 555"])
def test_contact_phone_must_be_a_valid_number(tmp_path, value):
    problem = _problem(tmp_path, BRAND_CONTACT_PHONE=value)
    assert problem.startswith("BRAND_CONTACT_PHONE skal være ")
    assert "telefonnummer, fx 79 75 50 00" in problem


def test_contact_phone_is_shown_in_international_form(tmp_path):
    app = _start(tmp_path, BRAND_CONTACT_PHONE="79755000")
    assert app.config["BRAND_CONTACT_PHONE"] == "+45 79 75 50 00"


@pytest.mark.parametrize(
    "value",
    [
        "http://www.was.digst.dk/intake-hedensted-dk",
        "www.was.digst.dk/intake-hedensted-dk",
        "https://",
        "javascript:alert(1)",
    ],
)
def test_accessibility_url_must_be_a_full_https_address(tmp_path, value):
    problem = _problem(tmp_path, BRAND_ACCESSIBILITY_URL=value)
    assert problem.startswith("BRAND_ACCESSIBILITY_URL skal være en fuld https-adresse")


@pytest.mark.parametrize(
    ("setting", "value", "fragment"),
    [
        ("BRAND_CONTACT_EMAIL", "erhverv på hedensted", "skal være en e-mailadresse"),
        ("BRAND_NAME", "   ", "skal være en tekst på 1 til 120 tegn"),
        ("BRAND_AUTHORITY", "K" * 121, "skal være en tekst på 1 til 120 tegn"),
        ("BRAND_CONTACT_ADDRESS", "", "skal være en tekst på 1 til 120 tegn"),
    ],
)
def test_other_brand_texts(tmp_path, setting, value, fragment):
    problem = _problem(tmp_path, **{setting: value})
    assert problem.startswith(f"{setting} ") and fragment in problem


def test_every_bad_brand_setting_is_reported_at_once(tmp_path):
    with pytest.raises(StartupError) as raised:
        _start(
            tmp_path,
            BRAND_PRIMARY_COLOUR="#eeeeee",
            BRAND_LOGO="mangler.svg",
            BRAND_CONTACT_PHONE="1",
            BRAND_ACCESSIBILITY_URL="http://x.dk",
        )
    named = sorted(re.match(r"BRAND_\w+", p).group(0) for p in raised.value.problems)
    assert named == [
        "BRAND_ACCESSIBILITY_URL",
        "BRAND_CONTACT_PHONE",
        "BRAND_LOGO",
        "BRAND_PRIMARY_COLOUR",
    ]


def test_intake_brand_variables_from_the_environment(tmp_path, monkeypatch):
    """INTAKE_BRAND_* in the environment (create_app() with no mapping, as wsgi.py does)."""
    monkeypatch.setenv("INTAKE_SECRET_KEY", "a-long-production-secret-from-the-environment")
    monkeypatch.setenv("INTAKE_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'e.sqlite3'}")
    monkeypatch.setenv("INTAKE_BRAND_NAME", "Vejle Erhverv")
    monkeypatch.setenv("INTAKE_BRAND_PRIMARY_COLOUR", "#7a1f1f")
    app = create_app()
    assert app.config["BRAND_NAME"] == "Vejle Erhverv"
    monkeypatch.setenv("INTAKE_BRAND_PRIMARY_COLOUR", "#fafafa")
    with pytest.raises(StartupError) as raised:
        create_app()
    [problem] = raised.value.problems
    assert problem.startswith("BRAND_PRIMARY_COLOUR (#fafafa) er for lys")


def test_mail_is_signed_by_the_brand_unless_a_sender_is_set(tmp_path):
    """Rebranding is settings only: the sender follows BRAND_NAME and BRAND_CONTACT_EMAIL."""
    app = _start(tmp_path, BRAND_NAME="Erhverv Testby, Kommune", BRAND_CONTACT_EMAIL="e@testby.dk")
    assert app.config["MAIL_DEFAULT_SENDER"] == '"Erhverv Testby, Kommune" <e@testby.dk>'
    assert _start(tmp_path).config["MAIL_DEFAULT_SENDER"] == (
        "Hedensted Erhverv <erhverv@hedensted.dk>")
    chosen = _start(tmp_path, MAIL_DEFAULT_SENDER="Erhverv <noreply@hedensted.dk>")
    assert chosen.config["MAIL_DEFAULT_SENDER"] == "Erhverv <noreply@hedensted.dk>"
