"""How a message leaves: Flask-Mail over SMTP (with a socket timeout), or .eml files."""

from __future__ import annotations

import secrets
import smtplib
import time
from email.charset import QP, Charset
from email.header import Header
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import formataddr
from pathlib import Path

from flask import current_app
from flask_mail import Connection, Message

from intake.mails import logo
from intake.outbox.addresses import configured_sender, smtp_form
from intake.outbox.models import OutboxMessage
from intake.outbox.service import clean_headers

# Headers are folded at 76 columns: every line stays under RFC 5322's 78, and every
# RFC 2047 encoded-word (a line's only content after the folding space) under its 75.
SMTP_COMPAT = compat32.clone(linesep="\r\n", max_line_length=76)
_LONGEST_PLAIN_WORD = 60  # an ASCII word longer than this cannot fold; it goes encoded


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
        # The classic generator folds Header objects at SMTP_COMPAT's width; OutboxMail
        # replaces Flask-Mail's pre-encoded address and subject strings with such objects.
        return self._message().as_bytes(policy=SMTP_COMPAT)


def text_header(value: str, name: str) -> Header:
    """An unstructured header (Subject) that folds within RFC 5322 and RFC 2047 limits.

    Plain ASCII stays readable and folds at spaces; anything else, or a word too long to
    fold, becomes UTF-8 encoded-words, which can be split anywhere between characters.
    """
    if value.isascii() and max(map(len, value.split() or [""])) <= _LONGEST_PLAIN_WORD:
        return Header(value, "us-ascii", header_name=name)
    return Header(value, "utf-8", header_name=name)


def mailbox_header(display_name: str, address: str, name: str) -> Header:
    """`Navn <adresse>` with the name quoted (RFC 5322) or encoded (RFC 2047) as needed.

    `address` must already be ASCII (smtp_form). An ASCII name with a comma is quoted by
    formataddr; any other name goes as encoded-words, which RFC 2047 allows in a phrase.
    """
    if not display_name:
        return Header(address, "us-ascii", header_name=name)
    plain = display_name.isascii() and max(map(len, display_name.split())) <= _LONGEST_PLAIN_WORD
    if plain:
        return Header(formataddr((display_name, address)), "us-ascii", header_name=name)
    header = Header(display_name, "utf-8", header_name=name)
    header.append(f" <{address}>", "us-ascii")
    return header


class UnfoldedHeader(Header):
    """An ASCII header kept on one line: a URI in angle brackets (List-Unsubscribe) is not
    folded before it, so every reader sees it as written. The value is at most 900
    characters (intake.outbox.service.clean_headers), within RFC 5322's 998 per line."""

    def encode(self, splitchars=";, \t", maxlinelen=None, linesep="\n"):
        return super().encode(splitchars, 0, linesep)


class OutboxMail(QuotedPrintableMessage):
    """A Flask-Mail message whose address and subject headers are built here.

    Flask-Mail re-parses the sender with parseaddr (an unquoted comma in the name loses the
    address), encodes a long name or subject as one over-long encoded-word, and passes
    a non-ASCII local part on to smtplib, which raises UnicodeEncodeError.
    """

    def __init__(self, record: OutboxMessage, **kwargs):
        self._bytes: bytes | None = None
        mailbox = configured_sender()
        self.display_name, self.envelope_from = mailbox.display_name, mailbox.ascii_address
        self.ascii_recipients = [smtp_form(a) for a in record.recipients]
        self.ascii_reply_to = smtp_form(record.reply_to) if record.reply_to else None
        # Checked again here (a row edited by hand must not add a header either).
        self.list_headers = clean_headers(record.headers) or {}
        super().__init__(
            subject=record.subject, recipients=list(self.ascii_recipients), body=record.body_text,
            html=record.body_html, sender=self.envelope_from, charset="utf-8", **kwargs,
        )

    def _message(self):
        message = super()._message()
        logo.relate(message, self.html)  # the brand's PNG logo as an inline part, if referred to
        message.policy = SMTP_COMPAT  # Flask-Mail sets policy.SMTP, which takes no Header objects
        message.replace_header("Subject", text_header(self.subject, "Subject"))
        sender = mailbox_header(self.display_name, self.envelope_from, "From")
        message.replace_header("From", sender)
        to = Header(", ".join(self.ascii_recipients), "us-ascii", header_name="To")
        message.replace_header("To", to)
        if self.ascii_reply_to:
            message["Reply-To"] = Header(self.ascii_reply_to, "us-ascii", header_name="Reply-To")
        for name, value in self.list_headers.items():
            # ASCII as written: a URI in angle brackets is never folded or encoded (RFC 2369).
            message[name] = UnfoldedHeader(value, "us-ascii", header_name=name)
        return message

    def as_bytes(self) -> bytes:
        if self._bytes is None:  # built once in `build`, then sent as is
            self._bytes = super().as_bytes()
        return self._bytes


def build(record: OutboxMessage) -> OutboxMail:
    """The message for one outbox row. Raises UndeliverableAddress (a ValueError) for an
    address that cannot be sent, and whatever a broken attachment raises."""
    message = OutboxMail(record)
    message.msgId = record.message_id  # the same on every attempt: duplicates are recognisable
    for item in record.attachments or []:
        message.attach(item["filename"], item["content_type"], item["data"].encode("utf-8"))
    message.date = time.time()
    message.as_bytes()  # builds every part now, so a failure is this message's, before any SMTP
    return message


class SmtpTransport:
    def __init__(self):
        self.connection: TimeoutConnection | None = None

    def __enter__(self):
        return self

    def send(self, record: OutboxMessage) -> None:
        message = build(record)  # first: a message that cannot be built fails alone, before SMTP
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
            self.connection.send(message, envelope_from=message.envelope_from)
        except (smtplib.SMTPServerDisconnected, OSError):
            self.close()
            raise
        except smtplib.SMTPException:
            raise
        except Exception:
            # Unexpected mid-transaction: the server may be waiting for DATA; start afresh.
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
        return self

    def send(self, record: OutboxMessage) -> None:
        # Made here, not on entering: like a refused SMTP connection, an unusable directory
        # is an OSError of the send, so the batch is given back to retry, not left claimed.
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{record.id:06d}-{record.kind}.eml"
        path.write_bytes(build(record).as_bytes())

    def __exit__(self, *exc):
        return None


def open_transport():
    return SmtpTransport() if current_app.config["MAIL_BACKEND"] == "smtp" else FileTransport()
