"""Page setup for every sheet intake writes, so a workbook prints as staff expect.

Landscape A4, as wide as one page (as many pages down as needed), the header row repeated
on every page, gridlines printed, and a header and footer that say what the paper is:
the workbook's title and the sheet at the top, when it was made and "Side 1 af 3" below.
The header and footer use Excel's codes (&A sheet name, &P page, &N pages; ECMA-376 Part 1,
18.3.1.46 oddHeader), so a literal & in a title is written &&.
"""

from __future__ import annotations

from datetime import datetime

A4 = 9  # Excel's paper code for A4
# Excel refuses a header or footer longer than 255 characters, codes included.
MAX_TITLE = 120


def escape(text: str) -> str:
    """A text for a header or footer: & doubled, line breaks as spaces, at most MAX_TITLE."""
    text = " ".join(text.split())
    if len(text) > MAX_TITLE:
        text = text[: MAX_TITLE - 1].rstrip() + "…"
    return text.replace("&", "&&")


def set_up_page(worksheet, *, title: str, made_at: datetime, header_row: bool = True) -> None:
    """Landscape A4, fit to one page wide, gridlines, header row repeated, header and footer.

    `made_at`: Danish wall-clock time the file was made (shown in the footer)."""
    worksheet.set_landscape()
    worksheet.set_paper(A4)
    worksheet.fit_to_pages(1, 0)
    worksheet.hide_gridlines(0)  # 0: shown on screen and printed
    worksheet.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.75)
    if header_row:
        worksheet.repeat_rows(0)
    worksheet.set_header(f"&L&\"-,Bold\"{escape(title)}&R&A", {"margin": 0.3})
    worksheet.set_footer(f"&LDannet {made_at:%d-%m-%Y} kl. {made_at:%H.%M}&RSide &P af &N",
                         {"margin": 0.3})
