"""The stylesheet in the municipality's colour.

DKFDS builds its theme from three Sass variables (primary, primary-dark, primary-darker). The
built stylesheet (assets/, virk.dk theme) carries the virk.dk values; the configured colour
replaces them here once at start-up, with the darker shades derived the way virk.dk's are, so
no Sass compiler is needed on the server. Relative url()s are rewritten to the hashed names of
the files they point to.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

# The virk.dk theme's three primary shades, as assets/scss compiles them (lower case).
VIRK_SHADES = ("#0059b3", "#004993", "#003972")
# virk.dk's dark and darker shades are its primary at 82 % and 64 % of each channel.
SHADE_FACTORS = (1.0, 0.82, 0.64)
URL = re.compile(r"url\((['\"]?)(?!data:|https?:|/)([^'\")]+)\1\)")


def shades(colour: str) -> tuple[str, str, str]:
    """(primary, dark, darker) as #rrggbb for a primary colour #rrggbb."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return tuple(
        "#" + "".join(f"{round(c * factor):02x}" for c in rgb) for factor in SHADE_FACTORS
    )  # type: ignore[return-value]


def branded(css: str, colour: str, css_path: str, url_for_file: Callable[[str], str]) -> str:
    """`css` (the text of static/`css_path`) in `colour`, its url()s through `url_for_file`,
    which maps a static path ("fonts/x.woff2") to its public URL."""
    for virk, own in zip(VIRK_SHADES, shades(colour), strict=True):
        css = re.sub(re.escape(virk), own, css, flags=re.IGNORECASE)
    base = posixpath.dirname(css_path)

    def rewrite(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(base, match.group(2)))
        return f'url("{url_for_file(target)}")'

    return URL.sub(rewrite, css)
