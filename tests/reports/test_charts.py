"""The SVG status chart as pure markup: parsed with xml.etree, bars and labels checked, the
text alternative and the table rows carry the same figures, colour never alone."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from intake.branding.kinds import contrast_with_white
from intake.goals.models import GoalStatus
from intake.reports import charts
from intake.rounds.figures import STATUSES

SVG = "{http://www.w3.org/2000/svg}"
GROUPS = [
    ("Det gode arbejdsliv", {GoalStatus.I_GANG: 2, GoalStatus.NAAET: 1, None: 1}),
    ("Fokus <&> \"citat\"", {GoalStatus.OPGIVET: 4}),
    ("De gode rammer", {}),
]


@pytest.fixture
def chart(app):
    with app.test_request_context():
        yield charts.status_chart(GROUPS, title="Status & fremdrift", chart_id="diagram-1")


def _rows(root):
    return root.findall(f".//{SVG}g[@class='chart-row']")


def test_svg_is_an_image_labelled_by_its_title_and_description(chart):
    root = ET.fromstring(str(chart.svg))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "diagram-1-title diagram-1-desc"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert (title.get("id"), title.text) == ("diagram-1-title", "Status & fremdrift")
    assert desc.get("id") == "diagram-1-desc"
    assert desc.text == chart.text


def test_a_labelled_bar_with_its_count_for_every_status_in_every_group(chart):
    root = ET.fromstring(str(chart.svg))
    groups = root.findall(f".//{SVG}g[@class='chart-group']")
    assert [g.get("data-group") for g in groups] == [name for name, _ in GROUPS]
    labels = [g.find(f"{SVG}text").text for g in groups]
    assert labels == [name for name, _ in GROUPS]  # escaped in, read back as typed
    for group, (_name, counts) in zip(groups, GROUPS, strict=True):
        rows = _rows(group)
        assert [r.get("data-status") for r in rows] == [
            s.value if s else "ikke_besvaret" for s in STATUSES
        ]
        for row, status in zip(rows, STATUSES, strict=True):
            count = counts.get(status, 0)
            texts = {t.get("class"): t.text for t in row.findall(f"{SVG}text")}
            assert texts["chart-label"] in {"Ikke startet", "I gang", "Delvist nået", "Nået",
                                            "Udskudt", "Opgivet", "Ikke besvaret"}
            assert texts["chart-count"] == str(count)
            bars = row.findall(f"{SVG}rect")
            assert len(bars) == (1 if count else 0)
    lengths = {r.get("data-count"): float(r.find(f"{SVG}rect").get("width"))
               for r in _rows(root) if r.find(f"{SVG}rect") is not None}
    assert lengths["4"] == charts.BAR_SPACE  # the longest bar fills the space
    assert lengths["2"] == charts.BAR_SPACE / 2 and lengths["1"] == charts.BAR_SPACE / 4


def test_text_alternative_and_table_rows_hold_the_same_figures(chart):
    assert chart.text == (
        "Status & fremdrift. Det gode arbejdsliv: 2 i gang, 1 nået, 1 ikke besvaret. "
        'Fokus <&> "citat": 4 opgivet. De gode rammer: ingen mål.'
    )
    assert chart.header == ("Fokusområde", "Ikke startet", "I gang", "Delvist nået", "Nået",
                            "Udskudt", "Opgivet", "Ikke besvaret", "I alt")
    assert chart.rows == [
        ("Det gode arbejdsliv", 0, 2, 0, 1, 0, 0, 1, 4),
        ('Fokus <&> "citat"', 0, 0, 0, 0, 0, 4, 0, 4),
        ("De gode rammer", 0, 0, 0, 0, 0, 0, 0, 0),
        ("I alt", 0, 2, 0, 1, 0, 4, 1, 8),
    ]


def test_markup_escapes_what_it_is_given(chart):
    markup = str(chart.svg)
    assert "<&>" not in markup and "&lt;&amp;&gt;" in markup
    assert "<script" not in markup


def test_every_fill_has_contrast_and_an_outline(chart):
    root = ET.fromstring(str(chart.svg))
    assert all(contrast_with_white(c) >= 4.5 for c in charts.COLOURS.values())
    assert len(set(charts.COLOURS.values())) == len(STATUSES)
    for rect in root.findall(f".//{SVG}rect[@class='chart-bar']"):
        assert rect.get("stroke") == charts.OUTLINE


def test_no_goals_at_all_draws_labels_without_bars(app):
    with app.test_request_context():
        chart = charts.status_chart([("Eneste", {})], title="Tom")
    root = ET.fromstring(str(chart.svg))
    assert root.findall(f".//{SVG}rect[@class='chart-bar']") == []
    assert chart.rows == [("Eneste", 0, 0, 0, 0, 0, 0, 0, 0)]  # no total row for one group


@pytest.mark.parametrize("bad", ["", "1abc", 'x" onload="y', "a b"])
def test_a_chart_id_must_be_a_plain_identifier(app, bad):
    with app.test_request_context(), pytest.raises(ValueError):
        charts.status_chart(GROUPS, title="x", chart_id=bad)


def test_english_labels_follow_the_locale(app):
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("en"):
        chart = charts.status_chart(GROUPS[:1], title="Status")
    assert chart.header[0] == "Focus area"
