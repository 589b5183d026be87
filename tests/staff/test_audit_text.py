"""The audit log reads Danish to staff (issue 8 §8): every action a sentence made from the
entry's structured data, with option and date labels from the form definition, never a code,
a bucket key or a Python dict. The stored data stays structured."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from intake.clock import now
from intake.extensions import db
from intake.staff.audit_text import ACTIONS, describe
from intake.staff.models import AuditEntry
from tests.staff.conftest import add_signup, friday_answers, group_answers


def _entry(action: str, target: str | None = None, details: dict | None = None) -> AuditEntry:
    return AuditEntry(
        actor="medarbejder@hedensted.dk",
        action=action,
        target=target,
        details=details or {},
        created_at=now(),
    )


@pytest.fixture
def refs(app, now):
    return {
        "group": add_signup(app, "samarbejdsgruppe", group_answers(1)),
        "friday": add_signup(app, "ivaerksaetterfredag", friday_answers(1, dates=["2026-12-04"])),
    }


def _samples(refs: dict) -> dict[str, tuple[str | None, dict, str]]:
    """action → (target, details, a Danish text the sentence must contain)."""
    group, friday = refs["group"], refs["friday"]
    return {
        "signup.create": (
            f"signup:{group}",
            {"source": "staff"},
            f"Oprettede tilmelding {group} (Tilmelding til en samarbejdsgruppe)",
        ),
        "signup.cancel": (
            f"signup:{friday}",
            {"promoted": ["HE-AAAAAA"]},
            f"Afmeldte tilmelding {friday} (fredag 4. december 2026",
        ),
        "signup.cancel_date": (
            f"signup:{friday}",
            {
                "form": "ivaerksaetterfredag",
                "bucket": "occasion:2026-12-04",
                "promoted": ["HE-BBBBBB"],
            },
            f"Afmeldte fredag 4. december 2026 kl. 08.30–10.00, Rugekassen, Spettrupvej, 8722 "
            f"Hedensted af tilmelding {friday}; de andre datoer står fast; 1 rykket op fra "
            "ventelisten: HE-BBBBBB",
        ),
        "signup.promote": (
            f"signup:{group}",
            {"bucket": "option:rammer", "over_capacity": True},
            "op fra ventelisten til De gode rammer (over kapaciteten)",
        ),
        "signup.move": (
            f"signup:{group}",
            {
                "from": "option:erhvervsliv",
                "to": "option:arbejdsliv",
                "status": "confirmed",
                "promoted": [],
            },
            "fra Det gode erhvervsliv til Det gode arbejdsliv",
        ),
        "capacity.change": (
            "bucket:samarbejdsgruppe:option:erhvervsliv",
            {"from": 12, "to": None},
            "kapaciteten for Det gode erhvervsliv",
        ),
        "mail.resend": ("mail:7", {"kind": "signup_promoted"}, "Besked om plads fra ventelisten"),
        "export.xlsx": (
            "form:samarbejdsgruppe",
            {"codes": False},
            "Hentede regneark for Tilmelding til en samarbejdsgruppe",
        ),
        "export.csv": (
            "form:samarbejdsgruppe",
            {"codes": True, "sheet": "main"},
            "Hentede CSV for",
        ),
        "file.download": (
            f"signup:{group}",
            {"file": 3, "field": "plan", "form": "samarbejdsgruppe"},
            f"Hentede en vedhæftet fil fra tilmelding {group}",
        ),
        "gdpr.find": (None, {"kind": "email"}, "Søgte en person frem på e-mail"),
        "gdpr.access_export": (None, {"rows": 12}, "12 rækker"),
        "gdpr.erase": (
            "deletion:abc",
            {"counts": {"signups": 1, "outbox": 3}},
            "3 mails, 1 tilmelding",
        ),
        "staff.login": ("staff:1", {}, "Loggede ind"),
        "staff.login_failed": ("staff:1", {}, "Forkert adgangskode til medarbejder@hedensted.dk"),
        "staff.logout": (None, {}, "Loggede ud"),
        "staff.create": ("staff:1", {}, "Oprettede medarbejderkontoen"),
        "staff.disable": ("staff:1", {}, "Spærrede"),
        "staff.enable": ("staff:1", {}, "Åbnede"),
        "staff.set_password": ("staff:1", {}, "Satte ny adgangskode"),
        "staff.roles": (
            "staff:1", {"before": ["admin"], "after": ["forms", "gdpr"]},
            "Gav medarbejder@hedensted.dk rollerne: Formularer (redigere og offentliggøre), "
            "GDPR (indsigt og sletning)",
        ),
        "staff.password_link": ("staff:1", {}, "Sendte et nyt engangslink til medarbejder@"),
        "staff.password_link_used": ("staff:1", {}, "medarbejder@hedensted.dk valgte sin"),
        "staff.own_password": ("staff:1", {}, "Skiftede sin egen adgangskode"),
        "goal.create": ("goal:99", {}, "Oprettede målet nr. 99 (slettet)"),
        "goal.update": ("goal:99", {}, "Rettede målet"),
        "goal.delete": (
            "goal:99",
            {"title": "Flere lærepladser", "year": 2027},
            "Slettede målet «Flere lærepladser»",
        ),
        "goal.add_owner": ("goal:99", {"owner": 5}, "en slettet målejer"),
        "goal.remove_owner": ("goal:99", {"owner": 5}, "Fjernede"),
        "goal.import": ("period:2027", {"goals": 4}, "Importerede 4 mål til 2027"),
        "period.create": ("period:2027", {}, "Oprettede perioden 2027"),
        "period.dates": ("period:2027", {}, "Rettede datoerne for 2027"),
        "period.carry_forward": (
            "period:2027",
            {"to": 2028, "goals": 3},
            "Førte 3 åbne mål fra 2027 videre til 2028",
        ),
        "round.create": ("round:4", {}, "Oprettede runden nr. 4"),
        "round.update": ("round:4", {}, "Rettede runden"),
        "round.start": ("round:4", {"invited": 17}, "inviterede 17 målejere"),
        "round.remind_now": ("round:4", {"sent": 2}, "Sendte 2 påmindelser"),
        "round.resend": ("invitation:3", {}, "Sendte invitationen i runden"),
        "round.revoke": ("invitation:3", {"links": 2}, "Lukkede 2 links"),
        "round.add_owner": ("round:4", {"goal": 1, "owner": 2}, "som målejer af"),
        "round.export": ("round:4", {"workbook": "status"}, "Hentede statusrapporten"),
        "round.accept_late": (
            "invitation:3",
            {"late_answer": 8, "version": 2},
            "Tog et sent svar fra en slettet målejer med i runden (ukendt runde) som version 2",
        ),
        "owner.change_email": ("owner:2", {"reissued": 1}, "Ændrede e-mailen"),
        # The form editor's actions (intake/staff/editor/audit_sentences.py).
        "form.create": (
            "form:messe-2028",
            {"from": "netvaerksmesse"},
            "Oprettede skemaet messe-2028 som kopi af netvaerksmesse",
        ),
        "form.field_add": (
            "form:netvaerksmesse",
            {"field": "stand"},
            "Tilføjede feltet stand til skemaet netvaerksmesse",
        ),
        "form.field_edit": (
            "form:netvaerksmesse",
            {"field": "branche"},
            "Rettede feltet branche i skemaet netvaerksmesse",
        ),
        "form.field_remove": (
            "form:netvaerksmesse",
            {"field": "branche"},
            "Fjernede feltet branche fra skemaet netvaerksmesse",
        ),
        "form.settings": (
            "form:netvaerksmesse",
            {"section": "generelt"},
            "Rettede indstillingerne (generelt) i skemaet netvaerksmesse",
        ),
        "form.publish": (
            "form:netvaerksmesse",
            {"version": 2, "told": 3},
            "Offentliggjorde version 2 af skemaet netvaerksmesse; 3 tilmeldte fik en opdateret",
        ),
        "form.restore": (
            "form:netvaerksmesse",
            {"version": 1},
            "Gendannede version 1 af skemaet netvaerksmesse som kladde",
        ),
        "form.close": ("form:netvaerksmesse", {}, "Lukkede skemaet netvaerksmesse"),
        "form.reopen": ("form:netvaerksmesse", {}, "Åbnede skemaet netvaerksmesse igen"),
        "form.preview_signup": (
            "form:netvaerksmesse",
            {},
            "Sendte en prøvetilmelding i forhåndsvisningen af netvaerksmesse",
        ),
        # XLSForm (intake/staff/xlsform_views.py).
        "form.xlsform_download": (
            "form:netvaerksmesse",
            {"version": 2},
            "Hentede version 2 af skemaet netvaerksmesse som regneark (XLSForm)",
        ),
        "form.xlsform_upload": (
            "form:netvaerksmesse",
            {},
            "Gemte et regneark (XLSForm) som kladde til skemaet netvaerksmesse",
        ),
        # Invitations to a form by personal link (intake/staff/invitation_audit.py).
        "form_invitation.send": (
            "form:ivaerksaetterfredag",
            {"sending": 4, "invited": 12, "skipped": 2},
            "Sendte skemaet ivaerksaetterfredag med personlige links til 12 personer "
            "(udsendelse 4); 2 var allerede inviteret",
        ),
        "form_invitation.remind_now": (
            "sending:4",
            {"sent": 3},
            "Sendte en påmindelse til 3, der ikke havde svaret (udsendelse 4)",
        ),
        "form_invitation.resend": (
            "invitation:9", {"sending": 4}, "Sendte et nyt personligt link (udsendelse 4)",
        ),
        "form_invitation.withdraw": (
            "invitation:9",
            {"sending": 4, "links": 2},
            "Tilbagekaldte en invitation (udsendelse 4); 2 links virker ikke længere",
        ),
        # Meetings (intake/staff/meeting_views.py; sentences in meeting_audit.py).
        "meeting.create": ("meeting:99", {}, "Oprettede mødet nr. 99"),
        "meeting.update": (
            "meeting:99", {"changed": ["starts_at"], "told": 3},
            "Rettede mødet nr. 99; 3 inviterede fik en opdatering",
        ),
        "meeting.invite": (
            "meeting:99", {"invited": 12}, "Sendte invitationer til mødet nr. 99 til 12 medlemmer",
        ),
        "meeting.add_guest": (
            "meeting:99", {"invitation": 7},
            "Tilføjede en slettet inviteret som gæst til mødet nr. 99",
        ),
        "meeting.cancel": ("meeting:99", {"told": 4}, "Aflyste mødet nr. 99; 4 inviterede fik"),
        "meeting.remind_now": ("meeting:99", {"sent": 2}, "Sendte 2 påmindelser om mødet nr. 99"),
        "meeting.resend": (
            "meeting:99", {"invitation": 7}, "Sendte invitationen til mødet nr. 99 igen til",
        ),
        "meeting.attendance": (
            "meeting:99", {"attended": 5}, "Registrerede fremmøde til mødet nr. 99: 5 deltog",
        ),
        "meeting.minutes": ("meeting:99", {}, "Gemte referatet af mødet nr. 99"),
        # Publishing a round on /erhvervspolitik (intake/publishing/audit.py).
        "publication.save": ("round:99", {"goals": 2}, "Gemte offentliggørelsen af runden nr. 99"),
        "publication.publish": (
            "round:99", {"goals": 2}, "Offentliggjorde status for 2 mål fra runden nr. 99",
        ),
        "publication.withdraw": (
            "round:99", {}, "Trak offentliggørelsen af runden nr. 99 tilbage",
        ),
        "group.approval": (
            "group:rammer", {"area": "rammer", "required": True},
            "Slog godkendelse af nye tilmeldinger til i De gode rammer",
        ),
        "signup.approve": (
            f"signup:{group}", {"area": "erhvervsliv", "status": "waitlisted"},
            f"Godkendte tilmelding {group} til Det gode erhvervsliv; personen kom på ventelisten",
        ),
        "signup.decline": (
            f"signup:{group}", {"area": "erhvervsliv"},
            f"Afviste tilmelding {group} til Det gode erhvervsliv",
        ),
        "group.end_membership": (
            f"signup:{group}", {"area": "erhvervsliv", "promoted": ["HE-AAAAAA"]},
            f"Afsluttede medlemskab {group} i Det gode erhvervsliv; 1 rykket op fra ventelisten",
        ),
        "group.roster_xlsx": (
            "group:arbejdsliv", {"area": "arbejdsliv"},
            "Hentede deltagerlisten for Det gode arbejdsliv som regneark",
        ),
        # Inspiration sheets (intake/staff/inspiration_views.py; intake/inspiration/audit.py).
        **{f"inspiration.{action}": ("inspiration:3", {"title": "Lærlinge", "area": "rammer"}, text)
           for action, text in (
               ("create", "Oprettede inspirationsarket «Lærlinge» (De gode rammer)"),
               ("update", "Rettede inspirationsarket «Lærlinge» (De gode rammer)"),
               ("publish", "Offentliggjorde inspirationsarket «Lærlinge» under De gode rammer"),
               ("unpublish", "Tog inspirationsarket «Lærlinge» (De gode rammer) af den offentlige"),
               ("delete", "Slettede inspirationsarket «Lærlinge» (De gode rammer) og dets PDF-fil"),
           )},
        # News (intake/staff/news_views.py; intake/news/audit.py).
        "news.send": (
            "news:999", {"recipients": 3, "areas": ["rammer"], "trade": ""},
            "Sendte en nyhed til 3, der har sagt ja tak til nyheder (udsendelse 999)",
        ),
        "news.consents_export": (
            None, {}, "Hentede regnearket over dem, der har sagt ja tak til nyheder",
        ),
        # Consents (intake/staff/consent_views.py; intake/consents/audit.py).
        "consent.withdraw": (
            f"signup:{group}", {"withdrawn": 1},
            f"Trak 1 samtykke(r) til nyheder tilbage på anmodning fra personen bag tilmelding "
            f"{group}",
        ),
    }


def test_every_action_reads_as_a_danish_sentence(app, refs, staff_user):
    samples = _samples(refs)
    assert set(samples) == set(ACTIONS)  # a new action needs a sentence (and a sample here)
    with app.test_request_context():
        for action, (target, details, expected) in samples.items():
            text = describe(_entry(action, target, details))
            assert expected in text, (action, text)
            assert action not in text and "{" not in text and "option:" not in text, (action, text)
            assert "bucket:" not in text and "[" not in text, (action, text)


def _recorded_actions() -> dict[str, str]:
    """Every action code the code base writes: the first argument of each `record(...)` call
    (intake.staff.audit.record), found in the source, so a new action cannot slip past."""
    root = Path(__file__).resolve().parents[2] / "intake"
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = getattr(func, "attr", None) or getattr(func, "id", None)
            first = node.args[0]
            is_text = isinstance(first, ast.Constant) and isinstance(first.value, str)
            if name == "record" and is_text:
                found.setdefault(first.value, str(path.relative_to(root.parent)))
    return found


def test_every_recorded_action_has_a_label_and_a_sentence(app, refs):
    recorded = _recorded_actions()
    assert {"signup.cancel_date", "round.accept_late", "signup.cancel"} <= set(recorded)
    missing = {a: where for a, where in recorded.items() if a not in ACTIONS}
    assert not missing, missing  # add a label in ACTIONS and a sentence in DESCRIBERS
    assert set(recorded) <= set(_samples(refs)), set(recorded) - set(_samples(refs))


def test_an_older_entry_is_read_with_the_labels_of_today(app, refs):
    """Entries written before the form and buckets were stored: looked up from the sign-up."""
    with app.test_request_context():
        text = describe(_entry("signup.cancel", f"signup:{refs['group']}", {"promoted": []}))
    assert text == f"Afmeldte tilmelding {refs['group']} (Det gode erhvervsliv)"


def test_an_unknown_action_is_still_readable(app):
    with app.test_request_context():
        text = describe(
            _entry("signup.something_new", "signup:HE-X", {"dates": ["a", "b"], "flag": True})
        )
    assert text == "signup.something_new (dates: a, b; flag: ja)"


def test_audit_page_speaks_danish_and_keeps_the_structured_data(app, refs, staff_client):
    with app.app_context():
        db.session.add(
            _entry(
                "capacity.change",
                "bucket:samarbejdsgruppe:option:erhvervsliv",
                {"form": "samarbejdsgruppe", "bucket": "option:erhvervsliv", "from": 12, "to": 10},
            )
        )
        db.session.commit()
    html = staff_client.get("/staff/log/").get_data(as_text=True)
    assert (
        "Ændrede kapaciteten for Det gode erhvervsliv (Tilmelding til en samarbejdsgruppe)" in html
        and "fra 12 til 10" in html
    )
    assert "bucket:samarbejdsgruppe:option:erhvervsliv" not in html and "{&#39;" not in html
    with app.app_context():
        stored = db.session.query(AuditEntry).filter_by(action="capacity.change").one()
        assert stored.details["bucket"] == "option:erhvervsliv"
