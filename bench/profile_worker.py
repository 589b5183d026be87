"""Where a sign-up's CPU goes inside a real gunicorn worker (the table in bench/README.md).

    .venv/bin/python bench/profile_worker.py [--seconds 8] [--db sqlite|postgres] [--top 60]

Starts intake under gunicorn exactly as bench/public.py does (2 sync workers, Redis counters
when Redis answers), sends wrk's distinct sign-ups for a few seconds, and profiles every
POST in the workers (after each one's first five) with cProfile on a CPU-time clock, so time
spent waiting for the neighbours, PostgreSQL or Redis is not counted. Prints the CPU per
sign-up and the cumulative listing of both workers together.
"""

from __future__ import annotations

import argparse
import atexit
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = "BENCH_PROFILE_DIR"

if os.environ.get(OUT):  # imported by gunicorn as bench.profile_worker:app
    from wsgi import app

    _profile = cProfile.Profile(time.process_time)
    _posts = [0, 0.0]
    _warm_up = [5]  # a worker's first sign-ups configure mappers and compile templates
    _wsgi_app = app.wsgi_app

    def _profiled(environ, start_response):
        """Middleware, so `app` stays the Flask app gunicorn.conf.py's post_fork expects."""
        is_post = environ["REQUEST_METHOD"] == "POST"
        if is_post and _warm_up[0] > 0:
            _warm_up[0] -= 1
            return list(_wsgi_app(environ, start_response))
        started = time.process_time()
        if is_post:
            _profile.enable()
        try:
            return list(_wsgi_app(environ, start_response))
        finally:
            if is_post:
                _profile.disable()
                _posts[0] += 1
                _posts[1] += time.process_time() - started

    app.wsgi_app = _profiled

    @atexit.register
    def _dump() -> None:
        if _posts[0]:  # the master (and an idle worker) served no POST
            out = Path(os.environ[OUT])
            _profile.dump_stats(out / f"worker-{os.getpid()}.prof")
            (out / f"worker-{os.getpid()}.txt").write_text(f"{_posts[0]} {_posts[1]}\n")


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from bench import public

    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--top", type=int, default=60)
    args = parser.parse_args()
    if public.ensure_wrk() is None:
        raise SystemExit("wrk is needed: sudo apt-get install wrk")
    with tempfile.TemporaryDirectory(prefix="intake-profile-") as tmp:
        workdir = Path(tmp)
        intake_url, _ = public.prepare_databases(args.db, workdir)
        server = public.Server("intake", "bench.profile_worker:app", {
            OUT: str(workdir), "INTAKE_SECRET_KEY": public.SECRET,
            "INTAKE_SQLALCHEMY_DATABASE_URI": intake_url,
            "INTAKE_FORMS_DIR": str(ROOT / "bench" / "forms"),
            "INTAKE_PUBLIC_BASE_URL": "https://intake.example.dk",
            "INTAKE_MAIL_FILE_DIR": str(workdir / "mail"),
            "INTAKE_RATELIMIT_STORAGE_URI": public.ratelimit_storage(),
            **{f"INTAKE_{name}": value for name, value in public.LIMITS.items()},
        }, "/f/bench", workdir / "intake.log")
        try:
            bodies, cookie = public.make_bodies(server.port, "/f/bench", 20000, workdir, "p",
                                                intake=True)
            result = public.wrk(server.port, "/f/bench", args.seconds, 16, "post", bodies,
                                cookie, server=server)
            print(public.describe("intake sign-up POST (profiled)", result))
        finally:
            server.stop()
        dumps = sorted(workdir.glob("worker-*.prof"))
        posts = [tuple(map(float, p.read_text().split())) for p in workdir.glob("worker-*.txt")]
        count, cpu = sum(n for n, _ in posts), sum(s for _, s in posts)
        print(f"{int(count)} sign-ups, {1000 * cpu / max(count, 1):.2f} ms CPU each (profiled)")
        stats = pstats.Stats(str(dumps[0]))
        for dump in dumps[1:]:
            stats.add(str(dump))
        stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
