"""How a message leaves: Flask-Mail over SMTP (with a socket timeout), or .eml files."""

from __future__ import annotations

import secrets
import smtplib
from email.charset import QP, Charset
from email.mime.text import MIMEText
from email.policy import compat32
from pathlib import Path

from flask import current_app
from flask_mail import Connection, Message

from intake.outbox.models import OutboxMessage

SMTP_COMPAT = compat32.clone(linesep="\r\n", max_line_length=998)


class TimeoutConnection(Connection):
    """Flask-Mail's connection with a socket timeout, so a silent server cannot hang delivery."""

    def configure_host(self):
        timeout = float(current_app.config["MAIL_TIMEOUT"])
        cls = smtplib.SMTP_SSL if self.mail.use_ssl else smtplib.SMTP
        host = cls(self.mail.server, self.mail.port, timeout=timeout)
        if self.mail.use_tls:
            host.starttls()
        if self.mail.username and self.mail.password:
            host.login(self.mail.username, self.mail.password)
        return host


class QuotedPrintableMessage(Message):
    """Flask-Mail sends UTF-8 bodies as 8bit, unwrapped; a long answer or the HTML table makes
    a line over SMTP's 998-byte limit and the server refuses the whole mail ("500 Line too
    long"). Quoted-printable wraps every line and keeps Danish letters intact.

    Two costs of the standard library are avoided, because the outbox sends in bulk (a round
    of 1,000 invitations): a body whose lines all fit goes as 8bit without the QP encoder,
    and each multipart gets a random boundary up front, since otherwise the generator
    compiles a fresh regular expression per boundary to prove it is absent from the text.
    """

    def _mimetext(self, text, subtype="plain"):
        if text is not None and max(map(len, text.encode("utf-8").splitlines() or [b""])) <= 900:
            return super()._mimetext(text, subtype)
        charset = Charset("utf-8")
        charset.body_encoding = QP
        return MIMEText(text, _subtype=subtype, _charset=charset)

    def _message(self):
        message = super()._message()
        for part in message.walk():
            if part.is_multipart():
                part.set_boundary(f"=_intake_{secrets.token_hex(16)}")
        return message

    def as_bytes(self) -> bytes:
        # Flask-Mail has already encoded every header (RFC 2047), so the classic generator
        # writes them as they are; the modern policy would parse and refold each one again.
        return self._message().as_bytes(policy=SMTP_COMPAT)


def build(record: OutboxMessage) -> Message:
    message = QuotedPrintableMessage(
        subject=record.subject, recipients=list(record.recipients), body=record.body_text,
        html=record.body_html, sender=current_app.config["MAIL_DEFAULT_SENDER"],
        charset="utf-8",
    )
    message.msgId = record.message_id  # the same Message-ID on every attempt makes duplicates recognisable
    for item in record.attachments or []:
        message.attach(item["filename"], item["content_type"], item["data"].encode("utf-8"))
    return message


class SmtpTransport:
    def __init__(self):
        self.connection: TimeoutConnection | None = None

    def __enter__(self):
        return self

    def send(self, record: OutboxMessage) -> None:
        if self.connection is None:
            connection = TimeoutConnection(current_app.extensions["mail"])
            connection.__enter__()  # may raise (server down); then nothing half-open is kept
            self.connection = connection
        if self.connection.host is None:
            # Flask-Mail's send() silently does nothing without a host, and the message
            # would be marked sent. Never report a mail as delivered that did not leave.
            self.connection = None
            raise smtplib.SMTPServerDisconnected("no SMTP connection (MAIL_SUPPRESS_SEND?)")
        try:
            self.connection.send(build(record))
        except (smtplib.SMTPServerDisconnected, OSError):
            self.close()
            raise

    def close(self) -> None:
        if self.connection is not None and self.connection.host is not None:
            try:
                self.connection.host.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.host.close()
        self.connection = None

    def __exit__(self, *exc):
        self.close()


class FileTransport:
    """For a machine with no mail server: each message becomes instance/mail/<id>-<kind>.eml."""

    def __enter__(self):
        self.directory = Path(current_app.config["MAIL_FILE_DIR"])
        self.directory.mkdir(parents=True, exist_ok=True)
        return self

    def send(self, record: OutboxMessage) -> None:
        path = self.directory / f"{record.id:06d}-{record.kind}.eml"
        path.write_bytes(build(record).as_bytes())

    def __exit__(self, *exc):
        return None


def open_transport():
    return SmtpTransport() if current_app.config["MAIL_BACKEND"] == "smtp" else FileTransport()
