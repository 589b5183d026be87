"""Real processes for production tests and fault drills: gunicorn, the mail worker, a private
PostgreSQL, and a small HTTP client that behaves like a browser (cookies, no redirects).

Every process is started with a clean INTAKE_* environment built from keyword settings,
in its own process group, and is stopped by its pid only.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from tests.support.htmlform import RenderedForm
from tests.support.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def intake_env(**settings) -> dict[str, str]:
    """The parent's environment without any INTAKE_* variable, plus these settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    env["PATH"] = f"{VENV_BIN}:{env.get('PATH', '/usr/bin:/bin')}"
    env["PYTHONUNBUFFERED"] = "1"
    for key, value in settings.items():
        env[f"INTAKE_{key}"] = value if isinstance(value, str) else json.dumps(value)
    return env


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with suppress(OSError):
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                found.append(int(entry.name))
    return sorted(found)


class Process:
    """A child process in its own group, with its output in a file for the failure report."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path):
        self.args, self.env, self.log_path = args, env, log
        self.proc: subprocess.Popen | None = None

    def start(self):
        self.log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            self.args, env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    @property
    def pid(self) -> int:
        return self.proc.pid

    def kill9(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    stop_signal = signal.SIGTERM

    def stop(self, timeout: float = 15) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(self.stop_signal)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # the group we started, nothing else
                self.proc.wait(5)
        self.log.close()
        self.proc = None

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


class Gunicorn(Process):
    """`gunicorn -c gunicorn.conf.py wsgi:app`, exactly as production starts it."""

    stop_signal = signal.SIGINT  # quick shutdown; SIGTERM would wait for idle keep-alives

    def stop(self, timeout: float = 1) -> None:
        """Tests need no graceful shutdown: after a second the process group is killed."""
        super().stop(timeout)

    def __init__(self, env: dict[str, str], log: Path, workers: int = 2, port: int | None = None,
                 extra: list[str] | None = None):
        self.port = port or free_port()
        env = {**env, "INTAKE_BIND": f"127.0.0.1:{self.port}", "INTAKE_WEB_WORKERS": str(workers)}
        env.setdefault("INTAKE_ACCESS_LOG", str(log.with_suffix(".access.log")))
        self.workers = workers
        super().__init__([str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
                          *(extra or []), "wsgi:app"], env, log)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: float = 30):
        super().start()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.output()[-4000:]}")
            with suppress(OSError, http.client.HTTPException):
                if Client(self.port, timeout=2).get("/tilgaengelighed").status == 200 \
                        and len(self.worker_pids()) >= self.workers:
                    return self
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer within {wait}s:\n{self.output()[-4000:]}")

    def worker_pids(self) -> list[int]:
        return _children(self.proc.pid)


class MailWorker(Process):
    def __init__(self, env: dict[str, str], log: Path):
        super().__init__([str(VENV_BIN / "flask"), "--app", "wsgi", "mail", "worker"], env, log)


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes, elapsed: float):
        self.status, self.headers, self.body, self.elapsed = status, headers, body, elapsed

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Client:
    """One visitor: keeps its cookies, never follows redirects, one connection per request."""

    def __init__(self, port: int, timeout: float = 10, headers: dict[str, str] | None = None):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self.headers = headers or {}

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Response:
        sent = {**self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        started = time.monotonic()
        try:
            conn.request(method, path, body=body, headers=sent)
            raw = conn.getresponse()
            data = raw.read()
        finally:
            conn.close()
        elapsed = time.monotonic() - started
        for value in raw.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data, elapsed)

    def get(self, path: str, **kw) -> Response:
        return self.request("GET", path, **kw)

    def post_form(self, path: str, data, **kw) -> Response:
        pairs = (
            list(data.items(multi=True))
            if hasattr(data, "items") and hasattr(data, "getlist")
            else list(data.items() if hasattr(data, "items") else data)
        )
        body = urlencode(pairs).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", **kw.pop("headers", {})}
        return self.request("POST", path, body=body, headers=headers, **kw)

    def open_form(self, path: str) -> RenderedForm:
        response = self.get(path)
        if response.status != 200:
            raise AssertionError(f"GET {path}: {response.status}")
        return RenderedForm(response.text)


RECEIPT = re.compile(r"/kvittering/(HE-[A-Z0-9]+)")


def reference_of(response: Response) -> str | None:
    match = RECEIPT.search(response.headers.get("location", ""))
    return match.group(1) if match else None


class OwnPostgres:
    """A private PostgreSQL cluster in a temporary directory, on a free port.

    Drills stop and start this one; the shared server on 5432 is never touched. initdb
    refuses to run as root, so as root the cluster runs as the `postgres` system user.
    """

    def __init__(self, directory: Path | None = None):
        # Not under pytest's tmp_path: its parents are private to root, and the cluster runs
        # as `postgres`.
        self.directory = directory or Path(tempfile.mkdtemp(prefix="intake-pg-"))
        self.data = self.directory / "pgdata"
        self.sockets = self.directory / "sock"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/intake"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = list(args)
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=60)

    def init(self) -> OwnPostgres:
        try:
            return self._init()
        except BaseException:
            self.destroy()
            raise

    def _init(self) -> OwnPostgres:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.sockets.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
            shutil.chown(self.sockets, "postgres", "postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
        self.start()
        self._run(
            str(PG_BIN / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "intake",
        )
        return self

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-t", "30",
                  "-l", str(self.directory / "postgres.log"), "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False
        )

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)
