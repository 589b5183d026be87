"""Every staff page fits the screen: at 1280 px (and still at 1024 px) no page scrolls
sideways and nothing is clipped, neither a button pushed past the edge nor a table cut by its
scroll box (issue 8 §8: the round page's actions and the GDPR mail table were clipped).

The pages are filled with long, realistic data (long names, addresses and subjects), and the
pages that only a POST shows (GDPR result, erase preview, confirmations) are reached by
pressing their buttons.
"""

from __future__ import annotations

import shutil

import pytest

from intake.extensions import db
from intake.goals import service as goals
from intake.goals.models import Owner, Sector
from intake.rounds import answers
from intake.rounds.models import Invitation
from tests.browser.conftest import MOBILE, NOW, LiveServer
from tests.browser.test_staff import assert_no_violations, log_in, script_errors
from tests.conftest import ROOT
from tests.staff.conftest import SEED_FORMS, add_signup, create_staff, friday_answers, group_answers
from tests.staff.editor.conftest import seed_store
from tests.support.goals import make_round, seed
from tests.support.shipped import shipped_version

pytestmark = [pytest.mark.browser, pytest.mark.markup_only]

LONG_EMAIL = "henriette.skovgaard-christiansen@hedensted-erhvervsudvikling-og-turisme.dk"
LONG_NAME = "Henriette Skovgaard-Christiansen Østergaard"
LONG_ORG = "Østjyllands Bygge- og Anlægsentreprenørforening ApS"

# What the page must satisfy; returns Danish-free, readable problems (empty list: fits).
FITS = """() => {
  const doc = document.documentElement;
  const width = doc.clientWidth;
  const problems = [];
  const name = (el) => {
    const classes = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    const text = (el.innerText || el.value || '').trim().slice(0, 40);
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes + ' "' + text + '"';
  };
  if (doc.scrollWidth > width) {
    problems.push(`page scrolls sideways: ${doc.scrollWidth} > ${width}`);
  }
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    const hidden = style.display === 'none' || style.visibility === 'hidden';
    if (hidden || el.closest('.visually-hidden, .skip-link, .hp')) continue;
    // An input scrolls its own long text by design; every other box must show all it holds.
    if (el.clientWidth > 2 && !el.matches('input, textarea, select')
        && ['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)
        && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`cut inside ${name(el)}: ${el.scrollWidth} > ${el.clientWidth}`);
    }
    if (el.matches('button, a, input, select, textarea, th, td, img, svg')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && (box.right > width + 1 || box.left < -1)) {
        const span = `${Math.round(box.left)}..${Math.round(box.right)} of ${width}`;
        problems.push(`${name(el)} reaches past the window: ${span}`);
      }
    }
  }
  return problems;
}"""


# On a phone (375 px) a wide table may scroll inside its own named region
# (.table--responsive-scroll); the page itself never scrolls sideways, and nothing outside such
# a region reaches past the window.
PHONE_FITS = """() => {
  const doc = document.documentElement;
  const width = doc.clientWidth;
  const problems = [];
  if (doc.scrollWidth > width) {
    problems.push(`page scrolls sideways: ${doc.scrollWidth} > ${width}`);
  }
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || el.closest('.visually-hidden, .sr-only, .hp, .skipnav')) {
      continue;
    }
    if (el.parentElement && el.parentElement.closest('.table--responsive-scroll')) continue;
    const box = el.getBoundingClientRect();
    // A squeezed table (issue 12: the editor's titles wrapped letter by letter): a cell too
    // narrow for a short word, or a box that cuts the table it holds.
    const text = (el.innerText || '').trim();
    if (el.matches('th, td') && box.width > 0 && box.width < 64 && text.length > 4) {
      const cell = el.tagName.toLowerCase();
      problems.push(`${cell} "${text.slice(0, 40)}" squeezed to ${box.width}px`);
    }
    // (a named .table--responsive-scroll region may scroll, by design)
    if (el.scrollWidth > el.clientWidth + 1 && el.querySelector('table')
        && !el.matches('.table--responsive-scroll')
        && ['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) {
      problems.push(`${el.tagName.toLowerCase()}.${el.className} cuts its table`);
    }
    if (box.width > 0 && (box.right > width + 1 || box.left < -1)) {
      const text = (el.innerText || el.value || '').trim().slice(0, 40);
      problems.push(`${el.tagName.toLowerCase()}#${el.id} "${text}" reaches past the window`);
    }
  }
  return problems;
}"""


@pytest.fixture
def live_server(make_app, frozen_clock, tmp_path):
    forms = tmp_path / "layout-forms"
    forms.mkdir()
    for name in [*SEED_FORMS, "opfoelgning.yaml"]:
        shutil.copy(ROOT / "forms" / name, forms / name)
    frozen_clock(NOW)
    app = make_app(FORMS_DIR=str(forms))
    seed_store(app)  # the editor's pages read the stored forms
    create_staff(app)
    create_staff(app, email=LONG_EMAIL, roles=[])
    with LiveServer(app) as server:
        yield server


def _pending_in_rammer(app) -> None:
    """De gode rammer requires approval, and one long-named sign-up awaits it (the group
    page's approve and decline forms)."""
    from intake.formdefs.registry import current_registry
    from intake.signups import approval

    with app.app_context():
        approval.set_required(current_registry().get("samarbejdsgruppe"), "option:rammer", True)
        db.session.commit()
    add_signup(app, "samarbejdsgruppe", group_answers(
        99, gruppe="rammer", rolle="andet", rolle_andet=LONG_ORG, navn=LONG_NAME,
        organisation=LONG_ORG, email=f"99.{LONG_EMAIL}"))


def _data(app) -> dict:
    refs = [
        add_signup(
            app,
            "samarbejdsgruppe",
            group_answers(
                n,
                navn=f"{LONG_NAME} {n}",
                organisation=LONG_ORG,
                email=f"{n}.{LONG_EMAIL}",
                sektor=["kommune", "erhverv", "andre"][n % 3],
            ),
        )
        for n in range(1, 15)
    ]
    _pending_in_rammer(app)
    friday = add_signup(
        app,
        "ivaerksaetterfredag",
        friday_answers(
            1,
            dates=["2027-04-02", "2027-05-07"],
            navn=LONG_NAME,
            email=LONG_EMAIL,
            virksomhed="Iværksætterselskabet for bæredygtig byggeri og energirenovering",
        ),
    )
    ids = seed(app, year=2027)
    with app.app_context():
        period = goals.period_for_year(2027)
        long_owner = goals.upsert_owner(LONG_NAME, "owner." + LONG_EMAIL, LONG_ORG, Sector.ERHVERV)
        goal = goals.create_goal(
            period,
            goals.GoalData(
                goals.FocusArea.ERHVERVSLIV,
                "Flere virksomheder i Hedensted Kommune arbejder systematisk med grøn "
                "omstilling og cirkulær økonomi i hele værdikæden",
            ),
            [long_owner],
        )
        db.session.commit()
        ids["long_goal"] = goal.id
    round_id = make_round(app, year=2027)
    draft_round = make_round(
        app, year=2027, start=False, title="Forårsrunde med en meget lang titel 2027"
    )
    with app.app_context():
        carl = (
            db.session.query(Invitation).join(Owner).filter(Owner.email == "carl@example.dk").one()
        )
        answers.submit(
            carl,
            {
                "goals": {
                    str(ids["g3"]): {"status": "i_gang", "fremdrift": 40, "gjort": "x" * 400}
                },
                "general": {},
            },
            1,
        )
        db.session.commit()
    return {
        "refs": refs,
        "friday": friday,
        "ids": ids,
        "round": round_id,
        "draft_round": draft_round,
    }


# The form editor, the XLSForm pages and the account pages (issue 12: their tables were cut on a
# phone); the phone test visits them too.
EDITOR = "/staff/skemaer/netvaerksmesse"
V = shipped_version("netvaerksmesse")
EDITOR_GETS = [
    ("/staff/skemaer", "editor: forms"),
    (EDITOR, "editor: form"),
    (f"{EDITOR}/felter/firmanavn", "editor: a field"),
    (f"{EDITOR}/felter/deltagere", "editor: a repeat field"),
    (f"{EDITOR}/felter/netvaerk/svar", "editor: options"),
    (f"{EDITOR}/felter/branche/show_if?felt=netvaerk", "editor: show_if"),
    (f"{EDITOR}/indstillinger/generelt", "editor: general settings"),
    (f"{EDITOR}/indstillinger/kapacitet", "editor: capacity"),
    (f"{EDITOR}/indstillinger/mail", "editor: mail"),
    (f"{EDITOR}/indstillinger/privatliv", "editor: privacy"),
    (f"{EDITOR}/indstillinger/datoer", "editor: dates"),
    (f"{EDITOR}/indstillinger/betingelser", "editor: eligibility"),
    ("/staff/skemaer/ivaerksaetterfredag/indstillinger/maanedlig", "editor: monthly rule"),
    (f"{EDITOR}/forhaandsvisning", "editor: preview"),
    (f"{EDITOR}/offentliggoer", "editor: publish"),
    (f"{EDITOR}/historik?a={V}&b={V}", "editor: history"),
    ("/staff/skemaer/regneark", "XLSForm: new form"),
    (f"{EDITOR}/regneark", "XLSForm: a form's workbook"),
    ("/staff/konti/", "accounts"),
    ("/staff/konti/ny", "new account"),
    ("/staff/min-adgangskode", "own password"),
]


def _editor_gets(app) -> list[tuple[str, str]]:
    """EDITOR_GETS and the page of the account with the long e-mail address."""
    import sqlalchemy as sa

    from intake.staff.models import StaffUser

    with app.app_context():
        account = db.session.scalar(sa.select(StaffUser.id).where(StaffUser.email == LONG_EMAIL))
    return [*EDITOR_GETS, (f"/staff/konti/{account}", "one account")]


def _check(page, what: str, found: dict, script: str = FITS) -> None:
    page.wait_for_load_state()
    problems = page.evaluate(script)
    if problems:
        found[f"{what} ({page.url})"] = problems


def _visit_all(page, data: dict, width: int, script: str = FITS, extra=()) -> dict:
    found: dict = {}
    ids, refs = data["ids"], data["refs"]
    gets = [
        *extra,
        ("/staff/", "dashboard"),
        ("/staff/f/", "forms"),
        ("/staff/f/samarbejdsgruppe/", "form overview"),
        ("/staff/f/ivaerksaetterfredag/", "dates overview"),
        ("/staff/f/netvaerksmesse/", "fair overview"),
        ("/staff/f/samarbejdsgruppe/tilmeldinger", "list"),
        ("/staff/f/ivaerksaetterfredag/tilmeldinger", "dates list"),
        (f"/staff/t/{refs[0]}", "sign-up"),
        (f"/staff/t/{refs[-1]}", "waiting sign-up"),
        (f"/staff/t/{data['friday']}", "sign-up with dates"),
        ("/staff/f/samarbejdsgruppe/grupper", "seat map"),
        ("/staff/grupper/", "groups"),
        ("/staff/grupper/erhvervsliv/", "a group"),
        ("/staff/grupper/erhvervsliv/deltagerliste", "a group's roster"),
        ("/staff/grupper/rammer/", "a group with a sign-up awaiting approval"),
        ("/staff/f/samarbejdsgruppe/ny", "add by hand"),
        ("/staff/f/samarbejdsgruppe/eksport", "export page"),
        ("/staff/post/", "mail log"),
        ("/staff/post/1", "mail"),
        ("/staff/log/", "audit log"),
        ("/staff/gdpr/", "GDPR search"),
        ("/staff/gdpr/sletninger", "deletion log"),
        ("/staff/maal/", "periods"),
        ("/staff/maal/perioder/2027", "period"),
        ("/staff/maal/perioder/2027/datoer", "cycle dates"),
        ("/staff/maal/perioder/2027/maal/ny", "new goal"),
        (f"/staff/maal/maal/{ids['g1']}", "goal"),
        (f"/staff/maal/maal/{ids['long_goal']}", "long goal"),
        ("/staff/maal/perioder/2027/import", "import"),
        ("/staff/maal/perioder/2027/runder/ny", "new round"),
        (f"/staff/maal/runder/{data['round']}", "round page"),
        (f"/staff/maal/runder/{data['draft_round']}", "draft round page"),
        (f"/staff/maal/runder/{data['round']}/svar", "answers side by side"),
        (f"/staff/maal/runder/{data['round']}/status", "round status"),
        ("/staff/maal/perioder/2027/status", "period status"),
        (f"/staff/maal/runder/{data['round']}/rediger", "edit round"),
    ]
    for path, what in gets:
        response = page.goto(path)
        assert response.status == 200, (path, response.status)
        _check(page, what, found, script)

    # Pages a POST shows: the GDPR result and erase preview, and the confirmations.
    page.goto("/staff/gdpr/")
    page.get_by_label("E-mail eller telefonnummer").fill(f"1.{LONG_EMAIL}")
    page.get_by_role("button", name="Søg").click()
    _check(page, "GDPR result with mails", found, script)
    page.get_by_role("button", name="Vis, hvad der slettes").click()
    _check(page, "erase preview", found, script)
    page.goto(f"/staff/t/{refs[0]}")
    page.get_by_role("button", name="Afmeld hele tilmeldingen").click()
    _check(page, "cancel confirmation", found, script)
    page.goto(f"/staff/maal/runder/{data['draft_round']}")
    page.get_by_role("button", name="Start runden og send invitationer").click()
    _check(page, "round start confirmation", found, script)
    page.goto(f"/staff/maal/runder/{data['round']}")
    page.get_by_role("button", name="Send påmindelse nu til dem, der ikke har svaret").click()
    _check(page, "reminder confirmation", found, script)
    return found


@pytest.mark.parametrize("width", [1280, 1024])
def test_every_staff_page_fits_the_screen(live_server, make_page, width):
    data = _data(live_server.app)
    page = make_page(viewport={"width": width, "height": 900})
    log_in(page)
    found = _visit_all(page, data, width)
    assert found == {}, "\n".join(f"{what}:\n  " + "\n  ".join(p) for what, p in found.items())
    assert script_errors(page) == []


def test_no_staff_page_scrolls_sideways_on_a_phone(live_server, make_page):
    """The sign-up list and the other tables stack (DKFDS responsive headers) or scroll in their
    own region at 375 px; before issue 11 the sign-up list made the whole page scroll. The
    editor's, XLSForm and account pages too (issue 12: their tables were cut)."""
    data = _data(live_server.app)
    page = make_page(viewport=MOBILE)
    log_in(page)
    found = _visit_all(page, data, MOBILE["width"], PHONE_FITS, _editor_gets(live_server.app))
    assert found == {}, "\n".join(f"{what}:\n  " + "\n  ".join(p) for what, p in found.items())
    assert script_errors(page) == []


def test_cancel_confirmation_then_the_flash_below_the_menu(live_server, make_page):
    data = _data(live_server.app)
    page = make_page(viewport={"width": 1280, "height": 900})
    log_in(page)
    page.goto(f"/staff/t/{data['refs'][0]}")
    page.get_by_role("button", name="Afmeld hele tilmeldingen").click()
    page.get_by_text("rykker op fra ventelisten").wait_for()  # the confirmation says who moves up
    assert_no_violations(page, "cancel confirmation")
    page.get_by_role("button", name="Ja, afmeld tilmeldingen").click()
    page.wait_for_url(f"**/staff/t/{data['refs'][0]}")
    notice = page.locator("main .alert").bounding_box()
    menu = page.locator("nav.staff-nav").bounding_box()
    assert notice["y"] >= menu["y"] + menu["height"]
