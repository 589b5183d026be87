"""intake.inspiration.service as the public page (H1) and news (H4) use it: `published(area)`
newest first and never an unpublished sheet; `public_url` the download's path."""

from __future__ import annotations

from datetime import UTC, datetime

from intake.formdefs.types.file import Checked
from intake.goals.models import FocusArea
from intake.inspiration import service
from tests.support.files import PDF


def _make(title: str, area: FocusArea, published_at: datetime | None = None) -> int:
    sheet = service.create(area=area, title=f"  {title} ", description="",
                           file=Checked(f"{title}.pdf", "pdf", PDF), staff_id=None)
    if published_at is not None:
        service.publish(sheet, None)
        sheet.published_at = published_at
    return sheet.id


def test_published_per_area_newest_first(app, frozen_clock):
    with app.test_request_context():
        old = _make("Gammel", FocusArea.ARBEJDSLIV, datetime(2026, 3, 1, tzinfo=UTC))
        new = _make("Ny", FocusArea.ARBEJDSLIV, datetime(2026, 9, 1, tzinfo=UTC))
        other = _make("Andet", FocusArea.RAMMER, datetime(2026, 6, 1, tzinfo=UTC))
        _make("Kladde", FocusArea.ARBEJDSLIV)
        assert [s.id for s in service.published(FocusArea.ARBEJDSLIV)] == [new, old]
        assert [s.id for s in service.published(FocusArea.RAMMER)] == [other]
        assert service.published(FocusArea.BAEREDYGTIGE) == []
        assert [s.id for s in service.published()] == [new, other, old]
        assert service.published()[0].title == "Ny"  # typed spaces trimmed

        service.unpublish(service.get(new))
        assert [s.id for s in service.published(FocusArea.ARBEJDSLIV)] == [old]
        by_area = service.all_by_area()
        assert list(by_area) == list(FocusArea)
        assert [s.title for s in by_area[FocusArea.ARBEJDSLIV]] == ["Kladde", "Ny", "Gammel"]


def test_public_url_is_the_download_path(app):
    with app.test_request_context():
        sheet_id = _make("Ark", FocusArea.ERHVERVSLIV, datetime(2026, 3, 1, tzinfo=UTC))
        sheet = service.get(sheet_id)
        assert service.public_url(sheet) == f"/erhvervspolitik/inspiration/{sheet_id}"
        assert service.absolute_url(sheet) == (
            f"https://intake.example.dk/erhvervspolitik/inspiration/{sheet_id}")
    with app.app_context():  # outside a request too (the mail worker, a CLI command)
        assert service.public_url(sheet) == f"/erhvervspolitik/inspiration/{sheet_id}"
