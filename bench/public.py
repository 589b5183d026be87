"""Public sign-up benchmark: intake under gunicorn against the floor of its stack.

    /work/venv/bin/python bench/public.py [--seconds 10] [--connections 16] [--only sqlite|postgres]

For SQLite and then PostgreSQL (database `intake_bench` on 127.0.0.1:5432, created if
missing, emptied every run), in the same run:

1. the floor (bench/floor_app.py) under gunicorn with 2 workers: GET of the form, then the
   POST that validates it and inserts one row;
2. intake under gunicorn with 2 workers, the same gunicorn.conf.py: GET /f/bench, then the
   full sign-up POST (CSRF, validation, capacity decision, insert, outbox, 303).

Load comes from wrk (C, one process, 2 threads, 16 connections) on 127.0.0.1; every POST
carries a distinct, pre-made body (unique e-mail and submission key). After each POST run
the rows in the database must equal the number of 303 answers.

The last lines are `ratio <name> <value>` and `p99_ms <name> <value>`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.htmlform import RenderedForm  # noqa: E402

VENV_BIN = Path(sys.executable).parent
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgresql+psycopg://postgres@127.0.0.1:5432/intake_bench"
LUA = ROOT / "bench" / "load.lua"
SECRET = "bench-secret-key-0123456789abcdef"
# Every sign-up comes from 127.0.0.1: the per-address limits are raised so that none is
# refused, but every limit is still checked on every POST (the cost stays in the figures).
LIMITS = {"SIGNUP_RATE_LIMIT": "1000000 per minute", "SIGNUP_POST_RATE_LIMIT": "1000000 per minute"}
ANSWERS = {
    "navn": "Mette Jensen", "stilling": "Udviklingschef", "organisation": "Jensen & Søn ApS",
    "telefon": "20 30 40 50", "cvr": "13748136", "postnummer": "7160", "sektor": "erhverv",
    "emner": ["arbejdsliv", "rammer"],
    "besked": "Vi vil gerne være med til at styrke samarbejdet mellem virksomheder og kommune.",
}


GOALS = ("form_get", "signup_post")
REDIS = ("127.0.0.1", 6379)
# production keeps the counters in Redis (docs/production.md)
REDIS_URI = "redis://127.0.0.1:6379/15"


def ensure_wrk() -> str | None:
    """The path of wrk; installs the Debian package when running as root. None if missing."""
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print("wrk is missing; installing it: apt-get install -y wrk", flush=True)
    for command in (["apt-get", "install", "-y", "wrk"], ["apt-get", "update"],
                    ["apt-get", "install", "-y", "wrk"]):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if command[1] == "install" and done.returncode == 0:
            break
    return shutil.which("wrk")


def ratelimit_storage() -> str:
    """Redis, as in production, when it answers on 127.0.0.1:6379; else each worker's memory."""
    try:
        with socket.create_connection(REDIS, timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return REDIS_URI
    except OSError:
        pass
    return "memory://"


def print_goal_lines(figures: dict[str, float], kinds: list[str], reason: str = "") -> None:
    """The goal lines, always: a case that could not be measured says so instead of a number."""
    for prefix in ("ratio", "p99_ms"):
        for kind in kinds:
            for goal in GOALS:
                name = f"{prefix} {goal}_{kind}"
                value = figures.get(name)
                print(
                    f"{name} {value:.2f}" if value is not None else f"{name} unmeasured ({reason})"
                )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- databases -------------------------------------------------------------------------

def prepare_databases(kind: str, workdir: Path) -> tuple[str, str]:
    """Fresh, empty schemas for intake and the floor; returns (intake_url, floor_url)."""
    if kind == "sqlite":
        intake_url = f"sqlite:///{workdir / 'intake.sqlite3'}"
        floor_url = f"sqlite:///{workdir / 'floor.sqlite3'}"
    else:
        admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = 'intake_bench'")):
                conn.execute(sa.text("CREATE DATABASE intake_bench"))
        admin.dispose()
        engine = sa.create_engine(PG_BENCH)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
        intake_url = floor_url = PG_BENCH

    from intake import create_app
    from intake.extensions import db

    app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": intake_url,
                      "INSTANCE_PATH": str(workdir), "FORMS_DIR": str(ROOT / "bench" / "forms")})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    os.environ["FLOOR_DATABASE_URL"] = floor_url
    from bench import floor_app

    floor = floor_app.create_app()
    with floor.app_context():
        floor_app.db.create_all()
        floor_app.db.engine.dispose()
    return intake_url, floor_url


def count_rows(url: str, table: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(sa.text(f"SELECT count(*) FROM {table}"))  # noqa: S608 (fixed names)
    finally:
        engine.dispose()


# -- servers ---------------------------------------------------------------------------

class Server:
    def __init__(self, name: str, target: str, env: dict[str, str], ready_path: str, log: Path):
        self.name, self.ready_path = name, ready_path
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")} | env
        self.access_log = log.with_suffix(".access.log")
        env |= {
            "INTAKE_BIND": f"127.0.0.1:{self.port}",
            "INTAKE_WEB_WORKERS": "2",
            "INTAKE_WEB_MAX_REQUESTS": "0",
            "INTAKE_ACCESS_LOG": str(self.access_log),
            "INTAKE_LOG_LEVEL": "warning",
            "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}",
        }
        self.log = open(log, "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), target],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"{name} did not start; see {log}")
            try:
                if fetch(self.port, "GET", ready_path)[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"{name} did not answer in 30 s; see {log}")

    def answered(self, status: int) -> int:
        """How many responses with this status the server sent, in flight or not.

        Counted from the server's access log.
        """
        marker = f'" {status} '
        with open(self.access_log, errors="replace") as log:
            return sum(1 for line in log if marker in line)

    def worker_cpu(self) -> float:
        """CPU seconds used so far by the master and its workers."""
        total = 0.0
        tick = os.sysconf("SC_CLK_TCK")
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(entry.name) == self.proc.pid or int(fields[1]) == self.proc.pid:
                total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.close()


def fetch(port: int, method: str, path: str, body: bytes | None = None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def session_and_form(port: int, path: str) -> tuple[str, RenderedForm]:
    status, headers, body = fetch(port, "GET", path)
    assert status == 200, (path, status)
    cookies = [v.split(";", 1)[0] for k, v in headers if k.lower() == "set-cookie"]
    return "; ".join(cookies), RenderedForm(body.decode())


def make_bodies(
    port: int, path: str, count: int, workdir: Path, name: str, intake: bool
) -> tuple[Path, str]:
    """`count` distinct POST bodies of the rendered form, sharing one session (and CSRF token)."""
    cookie, form = session_and_form(port, path)
    base = [(k, v) for k, v in form.data().items(multi=True) if k not in ANSWERS and k != "email"]
    answers = [
        (k, v)
        for k, value in ANSWERS.items()
        for v in (value if isinstance(value, list) else [value])
    ]
    target = workdir / f"{name}.bodies"
    run = uuid.uuid4().hex[:8]

    def body(tag: str) -> str:
        fields = [(k, v) for k, v in base if k != "submission_key"] + answers
        fields.append(("email", f"bench-{run}-{tag}@example.dk"))
        if intake:
            fields.append(("submission_key", uuid.uuid4().hex))
        return urlencode(fields)

    with open(target, "w") as out:
        for number in range(count):
            out.write(body(str(number)) + "\n")
    # One request by hand first: the body must really be a successful sign-up.
    sample = body("check")
    status, _, body = fetch(port, "POST", path, sample.encode(),
                            {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    if status != 303:
        raise SystemExit(
            f"{name}: a prepared sign-up was answered {status}, not 303:\n{body.decode()[:3000]}"
        )
    return target, cookie


# -- load ------------------------------------------------------------------------------

def wrk(
    port: int,
    path: str,
    seconds: int,
    connections: int,
    mode: str = "get",
    bodies: Path | None = None,
    cookie: str = "-",
    threads: int = 2,
    server: Server | None = None,
) -> dict:
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_before = server.worker_cpu() if server else 0.0
    command = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{port}{path}",
        "--",
        mode,
        str(bodies or "-"),
        cookie,
        str(threads),
        path,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next(x for x in output.splitlines() if x.startswith("WRKJSON "))
    result = json.loads(line[len("WRKJSON "):])
    seconds_run = result["duration_us"] / 1e6
    result["rps"] = result["requests"] / seconds_run
    result["p99_ms"] = result["p99_us"] / 1000
    result["p50_ms"] = result["p50_us"] / 1000
    load_cpu = (after_children.ru_utime - before_children.ru_utime) + (
        after_children.ru_stime - before_children.ru_stime
    )
    result["loadgen_cpu_pct"] = 100 * load_cpu / seconds_run
    if server:
        result["server_cpu_s"] = server.worker_cpu() - server_before
        result["server_cpu_pct"] = 100 * result["server_cpu_s"] / seconds_run
        result["per_cpu_s"] = result["requests"] / max(result["server_cpu_s"], 1e-9)
    result["load1"] = os.getloadavg()[0]
    result["errors"] = (result["connect"] + result["read"] + result["write"] + result["timeout"]
                        + result["other"] + result["exhausted"])
    return result


def describe(name: str, r: dict) -> str:
    return (
        f"  {name:<24} {r['rps']:8.1f} req/s  "
        f"p50 {r['p50_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms  "
        f"200:{r['s200']} 303:{r['s303']} errors:{r['errors']}  "
        f"server cpu {r.get('server_cpu_pct', 0):.0f}% "
        f"({r.get('per_cpu_s', 0):.0f} req per cpu-s)  "
        f"wrk cpu {r['loadgen_cpu_pct']:.0f}%  load {r['load1']:.1f}"
    )


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def settle(server: Server, url: str, table: str) -> None:
    """Wait until the server has answered everything it took (rows and log lines stop moving)."""
    last = None
    for _ in range(60):
        now = (count_rows(url, table), server.answered(303))
        if now == last:
            return
        last = now
        time.sleep(0.5)


def post_round(server: Server, url: str, table: str, bodies: Path, cookie: str, seconds: int,
               connections: int, path: str, outbox: bool = False) -> tuple[dict, list[str]]:
    """One POST run; checks that every 303 the server sent is a stored row."""
    settle(server, url, table)
    rows_before, sent_before = count_rows(url, table), server.answered(303)
    outbox_before = count_rows(url, "outbox") if outbox else 0
    result = wrk(server.port, path, seconds, connections, "post", bodies, cookie, server=server)
    settle(server, url, table)  # requests in flight when wrk stopped finish on the server
    rows = count_rows(url, table) - rows_before
    sent = server.answered(303) - sent_before
    result |= {"rows": rows, "sent303": sent}
    problems = []
    if rows != sent or not 0 <= sent - result["s303"] <= connections:
        problems.append(
            f"{server.name}: {rows} rows, {sent} answers 303 sent, {result['s303']} received"
        )
    if outbox:
        result["outbox"] = count_rows(url, "outbox") - outbox_before
        if result["outbox"] != 2 * rows:
            problems.append(
                f"{server.name}: {result['outbox']} outbox messages for {rows} sign-ups "
                "(want 2 each)"
            )
    return result, problems


def bench_database(kind: str, seconds: int, connections: int, rounds: int, workdir: Path,
                   storage: str) -> dict[str, float]:
    """Both servers run side by side; rounds alternate floor / intake so drift hits both alike."""
    intake_url, floor_url = prepare_databases(kind, workdir)
    bodies_needed = max(20000, seconds * 2500)
    print(
        f"== {kind}: {connections} connections, {rounds} rounds of {seconds} s per case", flush=True
    )
    floor = Server(f"floor-{kind}", "bench.floor_app:app", {"FLOOR_DATABASE_URL": floor_url,
                   "FLOOR_SECRET_KEY": SECRET}, "/form", workdir / f"floor-{kind}.log")
    intake = Server(f"intake-{kind}", "wsgi:app", {
        "INTAKE_SECRET_KEY": SECRET, "INTAKE_SQLALCHEMY_DATABASE_URI": intake_url,
        "INTAKE_FORMS_DIR": str(ROOT / "bench" / "forms"), "INTAKE_PUBLIC_BASE_URL": "https://intake.example.dk",
        "INTAKE_MAIL_FILE_DIR": str(workdir / "mail"), "INTAKE_RATELIMIT_STORAGE_URI": storage,
        **{f"INTAKE_{name}": value for name, value in LIMITS.items()},
    }, "/f/bench", workdir / f"intake-{kind}.log")
    results: dict[str, list[dict]] = {
        "floor_get": [],
        "intake_get": [],
        "floor_post": [],
        "intake_post": [],
    }
    problems: list[str] = []
    try:
        wrk(floor.port, "/form", 2, connections)  # warm-up
        wrk(intake.port, "/f/bench", 2, connections)
        for _ in range(rounds):
            results["floor_get"].append(
                wrk(floor.port, "/form", seconds, connections, server=floor)
            )
            print(describe("floor GET", results["floor_get"][-1]), flush=True)
            results["intake_get"].append(
                wrk(intake.port, "/f/bench", seconds, connections, server=intake)
            )
            print(describe("intake GET /f/bench", results["intake_get"][-1]), flush=True)
        for number in range(rounds):
            bodies, cookie = make_bodies(
                floor.port, "/form", bodies_needed, workdir, f"floor-{number}", intake=False
            )
            result, found = post_round(
                floor, floor_url, "floor_signups", bodies, cookie, seconds, connections, "/form"
            )
            results["floor_post"].append(result)
            problems += found
            print(
                describe("floor POST (insert)", result)
                + f"  rows:{result['rows']} sent-303:{result['sent303']}",
                flush=True,
            )
            bodies, cookie = make_bodies(
                intake.port, "/f/bench", bodies_needed, workdir, f"intake-{number}", intake=True
            )
            result, found = post_round(
                intake,
                intake_url,
                "signups",
                bodies,
                cookie,
                seconds,
                connections,
                "/f/bench",
                outbox=True,
            )
            results["intake_post"].append(result)
            problems += found
            print(
                describe("intake sign-up POST", result)
                + f"  rows:{result['rows']} sent-303:{result['sent303']} outbox:{result['outbox']}",
                flush=True,
            )
    finally:
        floor.stop()
        intake.stop()

    for name, want in (
        ("floor_get", "s200"),
        ("intake_get", "s200"),
        ("floor_post", "s303"),
        ("intake_post", "s303"),
    ):
        for result in results[name]:
            if result["errors"] or result[want] != result["requests"]:
                problems.append(
                    f"{name}: {result['errors']} errors, "
                    f"{result[want]} of {result['requests']} as expected"
                )
    for problem in problems:
        print(f"  PROBLEM {problem}", flush=True)

    rps = {name: median([r["rps"] for r in runs]) for name, runs in results.items()}
    per_cpu = {name: median([r["per_cpu_s"] for r in runs]) for name, runs in results.items()}
    p99 = {name: median([r["p99_ms"] for r in runs]) for name, runs in results.items()}
    return {
        f"ratio form_get_{kind}": rps["intake_get"] / rps["floor_get"],
        f"ratio signup_post_{kind}": rps["intake_post"] / rps["floor_post"],
        f"cpu_ratio form_get_{kind}": per_cpu["intake_get"] / per_cpu["floor_get"],
        f"cpu_ratio signup_post_{kind}": per_cpu["intake_post"] / per_cpu["floor_post"],
        f"p99_ms form_get_{kind}": p99["intake_get"],
        f"p99_ms signup_post_{kind}": p99["intake_post"],
        f"p99_ms floor_get_{kind}": p99["floor_get"],
        f"p99_ms floor_post_{kind}": p99["floor_post"],
        f"rps form_get_{kind}": rps["intake_get"],
        f"rps signup_post_{kind}": rps["intake_post"],
        f"rps floor_get_{kind}": rps["floor_get"],
        f"rps floor_post_{kind}": rps["floor_post"],
        f"errors {kind}": sum(r["errors"] for runs in results.values() for r in runs),
        f"lost_signups {kind}": sum(max(r["sent303"] - r["rows"], r["s303"] - r["rows"], 0)
                                    for r in results["intake_post"]),
        f"problems {kind}": len(problems),
    }


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal")) // 1024 // 1024
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores ({cpu}), {memory} GB RAM, Python {platform.python_version()}, "
            f"{platform.system()}; load average before the run {load}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--ratelimit-storage", help="Flask-Limiter storage URI for intake "
                        f"(default: {REDIS_URI} if Redis answers, else memory://)")
    args = parser.parse_args()
    kinds = [k for k in ("sqlite", "postgres") if not args.only or k == args.only]
    print(f"machine: {machine()}", flush=True)
    if ensure_wrk() is None:
        print("PROBLEM wrk, the load generator, is not installed and could not be installed here.\n"
              "        Install it (Debian/Ubuntu: sudo apt-get install wrk) and run again.",
              flush=True)
        print_goal_lines({}, kinds, "wrk is not installed")
        return 2
    storage = args.ratelimit_storage or ratelimit_storage()
    print(f"intake's rate-limit counters: {storage}", flush=True)
    figures: dict[str, float] = {}
    failure = ""
    try:
        with tempfile.TemporaryDirectory(prefix="intake-bench-") as tmp:
            for kind in kinds:
                workdir = Path(tmp) / kind
                workdir.mkdir()
                figures |= bench_database(kind, args.seconds, args.connections, args.rounds,
                                          workdir, storage)
    except (Exception, SystemExit, KeyboardInterrupt) as error:  # the goal lines still come
        failure = f"the run stopped: {error!r}"[:300]
        print(f"PROBLEM {failure}", flush=True)
    print()
    print(f"load average after the run {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for name, value in figures.items():  # context first; the run ends with the goal figures
        if name.startswith(
            ("rps", "cpu_ratio", "p99_ms floor", "errors", "lost_signups", "problems")
        ):
            print(
                f"{name} {value:.2f}"
                if name.startswith(("rps", "cpu_ratio", "p99"))
                else f"{name} {int(value)}"
            )
    print_goal_lines(figures, kinds, failure or "not measured")
    failed = failure or any(figures[n] for n in figures
                            if n.startswith(("errors", "lost_signups", "problems")))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
