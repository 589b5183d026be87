"""Error pages when the database fails in places Flask's own handlers do not reach."""

from __future__ import annotations

import re

from sqlalchemy.exc import OperationalError


def test_a_database_error_while_tearing_down_is_a_danish_503(app):
    """Seen in the PostgreSQL outage drill: the session's teardown on a dead connection raised
    after the response was made, and the server answered with its own bare 500."""

    broken = {"on": True}

    @app.teardown_appcontext
    def dead_connection(_error):
        if broken["on"]:
            raise OperationalError(
                "ROLLBACK", {}, Exception("server closed the connection unexpectedly")
            )

    response = app.test_client().get("/")
    broken["on"] = False
    assert response.status_code == 503
    text = response.get_data(as_text=True)
    assert "Prøv igen om lidt" in text and "Traceback" not in text
    assert response.headers["Retry-After"] == "30"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_error_page_survives_a_failing_rollback(app, monkeypatch):
    """A rollback on a dead connection must not turn the 503 page into a second error."""
    from intake.extensions import db

    def broken_rollback():
        raise OperationalError("ROLLBACK", {}, Exception("connection lost"))

    @app.get("/_test/database-down")
    def down():
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    with app.app_context():
        monkeypatch.setattr(db.session, "rollback", broken_rollback)
        response = app.test_client().get("/_test/database-down")
    assert response.status_code == 503
    assert "Prøv igen om lidt" in response.get_data(as_text=True)


def test_the_outage_page_carries_the_brand_and_its_stylesheet(make_app):
    """The last-resort 503 page looks like the others: the configured name, DKFDS classes and
    the hashed stylesheet, which the app still serves (static files need no database)."""
    app = make_app(BRAND_NAME="Testby Erhverv", BRAND_CONTACT_EMAIL="erhverv@testby.dk")
    broken = {"on": True}

    @app.teardown_appcontext
    def dead_connection(_error):
        if broken["on"]:
            raise OperationalError("ROLLBACK", {}, Exception("connection lost"))

    response = app.test_client().get("/")
    broken["on"] = False
    text = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Testby Erhverv" in text and "erhverv@testby.dk" in text and "alert-warning" in text
    href = re.search(r'<link rel="stylesheet" href="([^"]+)">', text).group(1)
    assert href.startswith("/static/css/intake.") and href.endswith(".css")
    assert app.test_client().get(href).status_code == 200
