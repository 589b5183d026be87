"""Every staff download goes out with the same headers (issue 10 §2): no copy in any cache,
saved as an attachment under an RFC 6266 name, and never sniffed. The follow-up and status
workbooks, which hold names and answers, went out as `no-cache` before."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from intake.staff.downloads import as_download
from tests.exports.factory import FORMS, FULL_ANSWERS, add_signup
from tests.support.forms_on_page import form_posting_to
from tests.support.goals import FOLLOWUP_FORM, make_round, seed

ROOT = Path(__file__).resolve().parent.parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The ASCII fallback of a Danish name (the committee report's) spells æ, ø, å as Danes do.
DANISH_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
DISPOSITION = re.compile(
    r"""attachment; filename=(?P<plain>"[ -~]+"|[!#$%&'*+\-.^_`|~0-9A-Za-z]+); """
    r"""filename\*=UTF-8''(?P<exact>[!#$%&+\-.^_`|~0-9A-Za-z]+)"""
)
# A path that names a file (…/eksport.xlsx) is a download; so is this POST.
POSTED_DOWNLOADS = {"staff.gdpr_access"}
# Downloads behind a personal link, not a staff login; their headers are tested beside their
# page (tests/meetings/test_invite_and_rsvp.py).
INVITEE_DOWNLOADS = {"followup.meeting_ics"}
# Public downloads named by number, not by a file name (a published inspiration sheet); their
# headers (attachment, nosniff, application/pdf) are tested in tests/inspiration/test_staff.py.
PUBLIC_DOWNLOADS = {"public.inspiration_download"}


@pytest.fixture
def app(make_app, tmp_path):
    """A sign-up form with a repeat (for its own CSV sheet), the follow-up form and the
    collaboration groups' form (for a group's roster)."""
    forms = tmp_path / "download-forms"
    forms.mkdir()
    shutil.copy(FORMS / "eksport.yaml", forms)
    shutil.copy(FOLLOWUP_FORM, forms)
    shutil.copy(ROOT / "forms" / "samarbejdsgruppe.yaml", forms)
    return make_app(FORMS_DIR=str(forms))


def _gdpr_access(client, round_id):
    page = client.post("/staff/gdpr/", data=_search_form(client).data()).get_data(as_text=True)
    form = form_posting_to(page, "/staff/gdpr/indsigt")
    return client.post("/staff/gdpr/indsigt", data=form.data())


def _search_form(client):
    form = form_posting_to(client.get("/staff/gdpr/").get_data(as_text=True), "/staff/gdpr/")
    form.fill(q="soeren@example.dk")
    return form


def _get(url):
    return lambda client, round_id: client.get(url.format(round=round_id))


# endpoint -> [(what it is, how to fetch it, content type, name starts with, extension)]
DOWNLOADS = {
    "staff.export_xlsx": [
        ("sign-up workbook", _get("/staff/f/eksport/eksport.xlsx"), XLSX, "eksport-", ".xlsx"),
        ("sign-up workbook with codes", _get("/staff/f/eksport/eksport.xlsx?koder=1"), XLSX,
         "eksport-koder-", ".xlsx"),
    ],
    "staff.export_csv": [
        ("sign-up CSV for Danish Excel",
         _get("/staff/f/eksport/eksport.csv?ark=main&adskiller=semikolon"), CSV,
         "eksport-excel-", ".csv"),
        ("sign-up CSV with commas", _get("/staff/f/eksport/eksport.csv?ark=main&adskiller=komma"),
         CSV, "eksport-komma-", ".csv"),
        ("a repeat's CSV sheet with codes",
         _get("/staff/f/eksport/eksport.csv?ark=repeat:deltagere&koder=1&adskiller=semikolon"),
         CSV, "eksport-deltagere-koder-excel-", ".csv"),
    ],
    "staff.gdpr_access": [
        ("GDPR access workbook", _gdpr_access, XLSX, "indsigt", ".xlsx"),
    ],
    "staff.followup_workbook": [
        ("follow-up workbook", _get("/staff/maal/runder/{round}/opfoelgning.xlsx"), XLSX,
         "opfoelgning-opfoelgning-efteraar-2027", ".xlsx"),
    ],
    "staff.status_workbook": [
        ("status report", _get("/staff/maal/runder/{round}/statusrapport.xlsx"), XLSX,
         "statusrapport-opfoelgning-efteraar-2027", ".xlsx"),
    ],
    "staff.committee_report_pdf": [
        ("committee report PDF", _get("/staff/maal/runder/{round}/udvalgsrapport.pdf"), PDF,
         "Status på erhvervspolitikken 2027", ".pdf"),
    ],
    "staff.committee_report_docx": [
        ("committee report DOCX", _get("/staff/maal/runder/{round}/udvalgsrapport.docx"), DOCX,
         "Status på erhvervspolitikken 2027", ".docx"),
    ],
    "staff.group_roster_xlsx": [
        ("a group's roster", _get("/staff/grupper/arbejdsliv/deltagerliste.xlsx"), XLSX,
         "deltagerliste-arbejdsliv", ".xlsx"),
    ],
    "staff.import_template": [
        ("goal import template", _get("/staff/maal/import/skabelon.xlsx"), XLSX,
         "maal-skabelon", ".xlsx"),
    ],
    "staff.xlsform_download": [
        ("a form's draft as XLSForm", _get("/staff/skemaer/eksport/regneark.xlsx"), XLSX,
         "eksport-kladde", ".xlsx"),
        ("a published version as XLSForm",
         _get("/staff/skemaer/eksport/regneark.xlsx?version=1"), XLSX, "eksport-version-1",
         ".xlsx"),
    ],
    "staff.news_consents_xlsx": [
        ("current news consents", _get("/staff/nyheder/samtykker.xlsx"), XLSX,
         "samtykker-nyheder-", ".xlsx"),
    ],
    "staff.xlsform_template": [
        ("XLSForm template", _get("/staff/skemaer/regneark/skabelon.xlsx"), XLSX, "skabelon",
         ".xlsx"),
    ],
}
CASES = [(endpoint, *case) for endpoint, cases in DOWNLOADS.items() for case in cases]


def test_every_download_url_is_in_the_list(app):
    """A new download (a route naming a file) must be added to DOWNLOADS, so its headers are
    tested too."""
    file_routes = {rule.endpoint for rule in app.url_map.iter_rules()
                   if rule.endpoint != "static" and re.search(r"\.[a-z0-9]{2,4}$", rule.rule)}
    assert file_routes | POSTED_DOWNLOADS == set(DOWNLOADS) | INVITEE_DOWNLOADS
    assert {rule.endpoint for rule in app.url_map.iter_rules()} >= PUBLIC_DOWNLOADS


def test_every_file_leaves_through_the_one_helper():
    """Nothing in intake but intake/staff/downloads.py sends a file or names an attachment."""
    helper = ROOT / "intake" / "staff" / "downloads.py"
    mail_part = ROOT / "intake" / "mails" / "logo.py"  # the inline logo of a mail, not HTTP
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "intake").rglob("*.py")) if path not in (helper, mail_part)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"""\bsend_file\(|["']Content-Disposition["']|as_attachment=""", line)
    ]
    assert found == []


@pytest.mark.parametrize(("endpoint", "what", "fetch", "content_type", "prefix", "extension"),
                         CASES, ids=[case[1] for case in CASES])
def test_download_headers(app, staff_client, endpoint, what, fetch, content_type, prefix,
                          extension):
    add_signup(app, "eksport", FULL_ANSWERS)
    seed(app)
    round_id = make_round(app)
    response = fetch(staff_client, round_id)
    assert response.status_code == 200, (what, response.status_code)
    headers = response.headers
    assert headers["Cache-Control"] == "no-store, private", what
    assert headers["X-Content-Type-Options"] == "nosniff", what
    assert headers["Content-Type"] == content_type, what
    assert "ETag" not in headers and "Last-Modified" not in headers, what
    match = DISPOSITION.fullmatch(headers["Content-Disposition"])
    assert match, (what, headers["Content-Disposition"])
    name = unquote(match["exact"])
    assert match["plain"].strip('"') == name.translate(DANISH_ASCII), what
    assert name.startswith(prefix) and name.endswith(extension), (what, name)
    body = response.get_data()
    if extension == ".pdf":
        assert body.startswith(b"%PDF-"), what
    elif extension in (".xlsx", ".docx"):
        assert body.startswith(b"PK\x03\x04"), what
    else:
        assert b";" in body or b"," in body, what


def test_a_danish_name_has_an_ascii_fallback_and_the_exact_name(app):
    with app.test_request_context():
        response = as_download(app.response_class(b"x"), 'Opfølgning "efterår" Å.xlsx')
    match = DISPOSITION.fullmatch(response.headers["Content-Disposition"])
    assert match, response.headers["Content-Disposition"]
    assert match["plain"] == '"Opfoelgning efteraar Aa.xlsx"'
    assert unquote(match["exact"]) == 'Opfølgning "efterår" Å.xlsx'
    assert response.headers["Cache-Control"] == "no-store, private"
