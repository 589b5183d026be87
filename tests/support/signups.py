"""Filling the three seed forms the way a person would, and reading what came of it.

Every helper GETs the rendered page and posts back what it offers (tests/support/htmlform.py).
"""

from __future__ import annotations

import re
from datetime import datetime
from email.message import EmailMessage

import icalendar
import sqlalchemy as sa

from intake.clock import LOCAL
from intake.extensions import db
from intake.outbox.models import OutboxMessage
from intake.signups.models import Booking, BookingStatus, CapacityBucket, Signup
from tests.support.htmlform import RenderedForm

# A fixed "now" inside every seed form's open window; its first Fridays are
# 4 Dec 2026, 1 Jan, 5 Feb, 5 Mar, 2 Apr and 7 May 2027.
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=LOCAL)
GROUP, FAIR, FRIDAY = "/f/samarbejdsgruppe", "/f/netvaerksmesse", "/f/ivaerksaetterfredag"


def page(client, url: str) -> RenderedForm:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return RenderedForm(response.get_data(as_text=True))


def apply(form: RenderedForm, values: dict) -> RenderedForm:
    for name, value in values.items():
        form.set(name.replace("__", "-"), value)
    return form


def group_form(client, n: int = 1, **values) -> RenderedForm:
    """A complete samarbejdsgruppe answer from a business (Erhverv); `values` override."""
    base = {
        "gruppe": "erhvervsliv", "sektor": "erhverv", "rolle": "erhvervsliv-byggeri",
        "navn": f"Person {n}", "stilling": "Direktør", "organisation": f"Firma {n} ApS",
        "cvr": "13748136", "email": f"person{n}@firma{n}.dk", "telefon": "20 30 40 50",
        "motivation": "Vi vil gerne bidrage til erhvervslivet.",
    }
    return apply(page(client, GROUP), base | values)


def fair_form(client, n: int = 1, people: int = 1, **values) -> RenderedForm:
    base = {
        "firmanavn": f"Firma {n} ApS", "cvr": "DK 13 74 81 36", "postnummer": "8722",
        "telefon": "0045 20304050", "kontakt_email": f"kontakt{n}@firma{n}.dk",
        "netvaerk": ["brancheopdelt", "geografisk"], "branche": "Byggeri",
    }
    for row in range(people):
        base[f"deltagere__{row}__navn"] = f"Deltager {n}.{row + 1}"
        base[f"deltagere__{row}__email"] = f"d{row + 1}@firma{n}.dk"
    return apply(page(client, FAIR), base | values)


def friday_form(client, n: int = 1, dates=("2026-12-04",), **values) -> RenderedForm:
    base = {
        "datoer": list(dates), "navn": f"Iværksætter {n}", "virksomhed": f"Start {n} IVS",
        "har_cvr": "ja", "cvr": "13748136", "startdato": "2024-03-01",
        "email": f"ivaerk{n}@start{n}.dk", "telefon": "+45 20 30 40 50", "emne": "Finansiering",
    }
    return apply(page(client, FRIDAY), base | values)


def inspiration_form(client, n: int = 1, **values) -> RenderedForm:
    """An input to an inspiration sheet (forms/inspiration.yaml), without a file."""
    base = {
        "omraade": "baeredygtige", "input": "Vi deler overskudsvarme med naboen.",
        "navn": f"Person {n}", "email": f"input{n}@firma{n}.dk",
        "organisation": f"Firma {n} ApS", "cvr": "13748136",
    }
    return apply(page(client, "/f/inspiration"), base | values)


def post(client, url: str, form: RenderedForm, follow: bool = False):
    return client.post(url, data=form.data(), follow_redirects=follow)


def sign_up(client, url: str, form: RenderedForm) -> str:
    """Posts and expects the receipt; returns the reference number."""
    response = post(client, url, form)
    assert response.status_code == 303, field_errors(response)
    return response.headers["Location"].rsplit("/", 1)[-1]


# A field's DKFDS error message: <span class="form-error-message" id="err-KEY"><span
# class="sr-only">Fejl: </span>message</span> (templates/public/_fields.html); field_errors
# gives the visible message, HIDDEN_ERROR_PREFIX finds what a screen reader says first.
ERROR_MESSAGE = (r'<span class="form-error-message" id="err-([\w-]+)">'
                 r'<span class="sr-only">[^<]*</span>(.*?)</span>')
HIDDEN_ERROR_PREFIX = (r'<span class="form-error-message" id="err-[\w-]+">'
                       r'<span class="sr-only">([^<]*)</span>')



def field_errors(response) -> dict[str, str]:
    import html

    text = response.get_data(as_text=True)
    found = re.findall(ERROR_MESSAGE, text, re.S)
    return {k: html.unescape(re.sub(r"<[^>]+>", " ", v)).strip() for k, v in found}


def text_of(response) -> str:
    import html

    return html.unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


# --- the database, read after the fact -----------------------------------------------------------

def signups(app) -> list[Signup]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Signup).order_by(Signup.id)).all()
        for row in rows:
            _ = row.bookings  # load before the session closes
        db.session.expunge_all()
        return rows


def statuses(app, slug: str, bucket: str | None = None) -> dict[str, int]:
    """Bookings per status; "pending" only when some are (only a bucket that requires
    approval has them)."""
    with app.app_context():
        query = sa.select(Booking.status, sa.func.count()).where(Booking.form_slug == slug)
        if bucket:
            query = query.where(Booking.bucket == bucket)
        counts = dict(db.session.execute(query.group_by(Booking.status)).all())
    return {status.value: counts.get(status, 0) for status in BookingStatus
            if status != BookingStatus.PENDING or counts.get(status)}


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        rows = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
        return rows


def mails_to(smtp, address: str) -> list[EmailMessage]:
    return [m for m in smtp.messages if address in m["X-Envelope-To"]]


def text_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def cancel_link(message: EmailMessage) -> str:
    """The mail's link to "Min tilmelding" (old mails: /afmeld/, which leads there)."""
    return re.search(r"https?://\S+/(?:min-tilmelding|afmeld)/\S+", text_part(message)).group(0)


def seats(app, slug: str, bucket: str, n: int) -> None:
    """A staff override of the seats in one bucket, so capacity can be reached quickly."""
    with app.app_context():
        db.session.merge(CapacityBucket(form_slug=slug, bucket=bucket, seats_override=n, version=0))
        db.session.commit()


def ics_events(message) -> list:
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, "one .ics attachment"
    calendar = icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))
    return list(calendar.walk("VEVENT"))
