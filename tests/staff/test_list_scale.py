"""The sign-up list stays fast with many rows: 20,000 sign-ups made by bulk insert, then the
page queries are timed and (on SQLite) their plans checked for index use."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from intake.extensions import db
from intake.formdefs.registry import current_registry
from intake.signups.models import Booking, BookingStatus, Signup
from intake.staff import listing, overview

ROWS = 20_000
BUDGET = 0.25  # seconds for one indexed page query, on a busy 2-core CI machine
SCAN_BUDGET = 0.5  # a name search reads the form's rows (no index can find "777" inside a name)


@pytest.fixture
def many(app, now):
    """20,000 sign-ups in the four groups; the last 1,000 on waiting lists."""
    codes = ["arbejdsliv", "erhvervsliv", "baeredygtige", "rammer"]
    with app.app_context():
        signups, bookings = [], []
        for n in range(1, ROWS + 1):
            created = now - timedelta(seconds=ROWS - n)
            code = codes[n % 4]
            signups.append(
                {
                    "id": n,
                    "reference": f"HE-{n:06d}",
                    "form_slug": "samarbejdsgruppe",
                    "form_version": 1,
                    "answers": {
                        "gruppe": code,
                        "sektor": "erhverv",
                        "navn": f"Person {n}",
                        "email": f"p{n}@firma.dk",
                    },
                    "email": f"p{n}@firma.dk",
                    "phone": None,
                    "locale": "da",
                    "submission_key": f"{n:032x}",
                    "source": "public",
                    "created_at": created,
                }
            )
            waiting = n > ROWS - 1000
            bookings.append(
                {
                    "signup_id": n,
                    "form_slug": "samarbejdsgruppe",
                    "bucket": f"option:{code}",
                    "seats": 1,
                    "status": BookingStatus.WAITLISTED if waiting else BookingStatus.CONFIRMED,
                    "is_over_capacity": False,
                    "created_at": created,
                    "confirmed_at": None if waiting else created,
                }
            )
        db.session.execute(sa.insert(Signup), signups)
        db.session.execute(sa.insert(Booking), bookings)
        db.session.commit()
        db.session.execute(sa.text("ANALYZE"))  # as autovacuum / a maintained database would have
        db.session.commit()
    return ROWS


def _timed(fn):
    fn()  # warm caches the way a running server has them
    started = time.perf_counter()
    result = fn()
    took = time.perf_counter() - started
    return result, took


def test_list_stays_fast_with_20000_signups(app, staff_client, many):
    _page_queries(app)
    _list_page_over_http(staff_client)
    _sqlite_plans_use_the_indexes(app)


def _page_queries(app):
    with app.test_request_context():
        form = current_registry().get("samarbejdsgruppe")
        first, took = _timed(lambda: listing.page(form, listing.Query()))
        assert len(first.rows) == listing.PER_PAGE and first.total == ROWS
        assert took < BUDGET, f"first page {took:.3f}s"

        cursor = first.next_cursor
        for _ in range(5):
            cursor = listing.page(form, listing.Query(after=cursor)).next_cursor
        deep, took = _timed(lambda: listing.page(form, listing.Query(after=cursor)))
        assert deep.rows[0].id == ROWS - 6 * listing.PER_PAGE
        assert took < BUDGET, f"keyset page {took:.3f}s"

        queries = {
            "waitlisted": listing.Query(status="waitlisted"),
            "bucket": listing.Query(bucket="option:rammer", status="confirmed", sort="oldest"),
            "reference": listing.Query(sort="reference", after="HE-010000"),
            "email": listing.Query(q="p1999"),
            "reference search": listing.Query(q="he-012345"),
            "name search": listing.Query(q="Person 777"),
        }
        for name, query in queries.items():
            result, took = _timed(lambda q=query: listing.page(form, q))
            assert result.rows, name
            assert took < (SCAN_BUDGET if "search" in name or name == "email" else BUDGET), (
                f"{name}: {took:.3f}s"
            )
        assert listing.page(form, listing.Query(q="he-012345")).rows[0].reference == "HE-012345"

        for name, fn in {"bucket rows": lambda: overview.bucket_rows(form),
                         "summary": lambda: overview.form_summary(form)}.items():
            _, took = _timed(fn)
            assert took < BUDGET, f"{name}: {took:.3f}s"


def _list_page_over_http(staff_client):
    url = "/staff/f/samarbejdsgruppe/tilmeldinger?status=waitlisted&sort=oldest"
    staff_client.get(url)
    started = time.perf_counter()
    response = staff_client.get(url)
    took = time.perf_counter() - started
    assert response.status_code == 200 and "1000 tilmeldinger" in response.get_data(as_text=True)
    assert took < 2 * BUDGET, f"{took:.3f}s"


def _sqlite_plans_use_the_indexes(app):
    with app.test_request_context():
        if db.engine.dialect.name != "sqlite":
            return
        form = current_registry().get("samarbejdsgruppe")
        filters = listing._filters(form, listing.Query())
        statement = (
            sa.select(Signup.id).where(*filters).order_by(*listing._order("newest")).limit(51)
        )
        compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
        plan = " ".join(
            str(row[-1]) for row in db.session.execute(sa.text(f"EXPLAIN QUERY PLAN {compiled}"))
        )
        assert "ix_signups_form_created" in plan and "TEMP B-TREE" not in plan, plan
