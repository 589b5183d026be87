"""The municipality's branding: name, logo, primary colour, contact details and the address of
the accessibility statement, all settings (`INTAKE_BRAND_*` or instance/config.py), so a
municipality rebrands intake without code.

`brand` is a template global on every page and mail (shape: `Brand`). The stylesheet is built
once at start-up with the configured colour (stylesheet.py) and every static file is served
under a name with its content hash (intake/branding/assets.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app


@dataclass(frozen=True)
class Brand:
    """What pages and mails show. `logo` is an absolute path to an SVG or PNG, or None for the
    neutral text mark; `colour` is the primary colour as #rrggbb (WCAG 2.1 1.4.3: at least
    4.5:1 against white, checked at start-up)."""

    name: str
    authority: str
    colour: str
    email: str
    phone: str | None = None
    address: str | None = None
    logo: Path | None = None
    accessibility_url: str | None = None

    @property
    def logo_mimetype(self) -> str | None:
        if self.logo is None:
            return None
        return "image/svg+xml" if self.logo.suffix.lower() == ".svg" else "image/png"


def from_config(config) -> Brand:
    logo = config.get("BRAND_LOGO")
    return Brand(
        name=config["BRAND_NAME"],
        authority=config["BRAND_AUTHORITY"],
        colour=config["BRAND_PRIMARY_COLOUR"],
        email=config["BRAND_CONTACT_EMAIL"],
        phone=config.get("BRAND_CONTACT_PHONE"),
        address=config.get("BRAND_CONTACT_ADDRESS"),
        logo=Path(logo) if logo else None,
        accessibility_url=config.get("BRAND_ACCESSIBILITY_URL"),
    )


def current_brand() -> Brand:
    return current_app.extensions["intake.brand"]


def register(app: Flask) -> None:
    from intake.branding import assets

    brand = app.extensions["intake.brand"] = from_config(app.config)
    assets.register(app, brand)
    app.jinja_env.globals["brand"] = brand
    app.jinja_env.globals["brand_logo_filename"] = assets.logo_filename(brand)
