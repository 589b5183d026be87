"""Every workbook of the hostile catalogue is refused with its Danish reason, within a fixed
bound of memory, and nothing about it is half read."""

from __future__ import annotations

import tracemalloc

import pytest

from intake.uploads.workbook import Limits, Refused, read_sheet
from tests.uploads import catalogue
from tests.uploads import factory as f

MEMORY_BOUND = 100 * 1024 * 1024  # bytes a single upload may make Python allocate at peak


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


@pytest.mark.parametrize("name", list(catalogue.HOSTILE))
def test_refused_with_its_reason(ctx, name):
    data = catalogue.make(name)
    with pytest.raises(Refused) as refused:
        read_sheet(data)
    assert catalogue.HOSTILE[name][1] in refused.value.message


@pytest.mark.parametrize("name", [
    "zip bomb: huge sharedStrings", "more shared strings than kept", "1,048,576 rows declared",
    "billion laughs (DTD)", "many sheets",
])
def test_memory_stays_under_a_fixed_bound(ctx, name):
    data = catalogue.make(name)
    tracemalloc.start()
    try:
        with pytest.raises(Refused):
            read_sheet(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_BOUND, f"{name}: {peak / 1048576:.0f} MB"


def test_the_largest_file_inside_the_bounds_reads_within_the_memory_bound(ctx):
    """A sheet just under the row bound, every row full of shared and inline text."""
    limits = Limits()
    strings = f.shared_xml(*(f.si_text(f"tekst {i}") for i in range(5000)))
    rows = "".join(
        f.row(n, *(f.cell(f"{c}{n}", str(n % 5000), "s") for c in "ABCDEFGHIJ"),
              f.text(f"K{n}", "Æ" * 40))
        for n in range(1, limits.max_rows + 1)
    )
    data = f.workbook(f.sheet_xml(rows), shared=strings)
    tracemalloc.start()
    try:
        sheet = read_sheet(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(sheet.rows) == limits.max_rows
    assert peak < MEMORY_BOUND, f"{peak / 1048576:.0f} MB"


def test_a_lying_member_size_cannot_inflate_past_what_it_declares(ctx):
    """The central directory says 1 kB, the data inflates to 50 MB: zipfile stops at the
    declared size and the CRC fails, so the file is refused as damaged."""
    import zipfile

    data = bytearray(f.workbook(f.sheet_xml(catalogue.HEADER),
                                shared=f.shared_xml(f.si_text("A" * 50_000_000))))
    with zipfile.ZipFile(__import__("io").BytesIO(bytes(data))) as package:
        info = package.getinfo("xl/sharedStrings.xml")
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"xl/sharedStrings.xml") + 1)
    data[central + 24:central + 28] = (1024).to_bytes(4, "little")  # uncompressed size
    assert info.file_size > 50_000_000
    tracemalloc.start()
    try:
        with pytest.raises(Refused) as refused:
            read_sheet(bytes(data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "ødelagt" in refused.value.message
    assert peak < MEMORY_BOUND
