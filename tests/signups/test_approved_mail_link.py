"""The approval mail words its link like every other sign-up mail: "Min tilmelding" (see,
change or cancel), not "Afmeld her" (the link leads to Min tilmelding since issue 13)."""

from __future__ import annotations

import pytest

from intake.formdefs.registry import current_registry
from intake.signups import approval
from intake.transactions import unit_of_work
from tests.signups.test_approval import BUCKET, SLUG, act, booking_of
from tests.support.signups import GROUP, NOW, group_form, html_part, mails_to, sign_up, text_part


@pytest.fixture(autouse=True)
def _now(frozen_clock):
    frozen_clock(NOW)


def test_the_approval_mail_links_to_min_tilmelding(app, client, smtp_server, deliver):
    with app.app_context(), unit_of_work(write=True):
        approval.set_required(current_registry().get(SLUG), BUCKET, True)
    reference = sign_up(client, GROUP, group_form(client, 1))
    act(app, approval.approve, booking_of(app, reference))
    deliver()
    mail = mails_to(smtp_server, "person1@firma1.dk")[-1]
    assert mail["Subject"].startswith("Tilmelding godkendt: ")
    text, html = text_part(mail), html_part(mail)
    assert "Se, ret eller afmeld din tilmelding under Min tilmelding: " in text
    assert "/min-tilmelding/" in text
    assert "Vil du se, rette eller afmelde din tilmelding?" in html
    assert ">Gå til Min tilmelding</a>" in html
    assert "Afmeld her" not in text + html
