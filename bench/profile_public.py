"""Profile intake's public form GET and sign-up POST in one process with pyinstrument.

    /work/venv/bin/pip install pyinstrument        # a tool, not a dependency of intake
    /work/venv/bin/python bench/profile_public.py [--requests 300] [--html out.html] [--db URL]

Runs the same requests as bench/public.py through Flask's test client (no network, no
gunicorn) so the profile shows only intake's own code and its libraries.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.public import ANSWERS, LIMITS, SECRET  # noqa: E402
from tests.support.htmlform import RenderedForm  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--html")
    parser.add_argument("--db")
    parser.add_argument("--interval", type=float, default=0.0005)
    args = parser.parse_args()
    from pyinstrument import Profiler

    from intake import create_app
    from intake.extensions import db

    tmp = Path(tempfile.mkdtemp(prefix="intake-profile-"))
    url = args.db or f"sqlite:///{tmp / 'intake.sqlite3'}"
    app = create_app(
        {
            "SECRET_KEY": SECRET,
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": str(tmp),
            "FORMS_DIR": str(ROOT / "bench" / "forms"),
            "PUBLIC_BASE_URL": "https://intake.example.dk",
            **LIMITS,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    client = app.test_client()
    page = client.get("/f/bench")
    form = RenderedForm(page.get_data(as_text=True))
    for key, value in ANSWERS.items():
        form.set(key, value)

    def post(number: int):
        form.set("email", f"profile-{number}@example.dk")
        form.values["submission_key"] = [uuid.uuid4().hex]
        response = client.post("/f/bench", data=form.data())
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]

    for number in range(20):  # warm caches, as a long-running worker would have
        client.get("/f/bench")
        post(-number - 1)

    for name, action in (
        ("GET /f/bench", lambda n: client.get("/f/bench")),
        ("POST /f/bench", post),
    ):
        profiler = Profiler(interval=args.interval)
        started = time.perf_counter()
        profiler.start()
        for number in range(args.requests):
            action(number)
        profiler.stop()
        elapsed = time.perf_counter() - started
        print(f"== {name}: {1000 * elapsed / args.requests:.2f} ms per request (profiled)")
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        if args.html:
            Path(args.html.replace(".html", f"-{name.split()[0].lower()}.html")).write_text(
                profiler.output_html()
            )


if __name__ == "__main__":
    main()
