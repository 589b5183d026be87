"""A real SMTP server (aiosmtpd) on an ephemeral port, with faults the tests can switch on."""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Handler:
    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []  # each DATA exactly as received, for standards checks
        self.data_replies: list[str] = []  # consumed one per DATA, e.g. "451 4.3.0 later"
        self.reject_recipients = False
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_recipients:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.data_replies:
                return self.data_replies.pop(0)
            message = message_from_bytes(envelope.content, policy=default)
            message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
            message["X-Envelope-From"] = envelope.mail_from
            self.messages.append(message)
            self.raw.append(envelope.content)
        return "250 Message accepted"


class SmtpServer:
    def __init__(self):
        self.handler = Handler()
        self.port = free_port()
        self.controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self.handler.messages

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


class BlackholeServer:
    """Accepts TCP connections and never says a word, like a firewalled or hung server."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]
        self.connections: list[socket.socket] = []
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
                self.connections.append(conn)
            except OSError:
                continue

    def stop(self):
        self._stop.set()
        for conn in self.connections:
            conn.close()
        self.sock.close()
