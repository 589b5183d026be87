"""The back-office form editor (issue 12 §2), server-rendered and usable without JavaScript:
each change is a POST answered by a redirect, order is changed with up and down buttons.

Routes live on the `staff` blueprint under /staff/skemaer, one module per area:
- forms_views: the list, a new form from a starter, a clone for the next edition;
- form_views: one form's page (fields, the checker's report), add/move/remove a field;
- settings_views: the form's own settings (general, capacity, mail, privacy, eligibility,
  occasions);
- field_views: a field's properties (generated from its type, see props.py), its options and
  its show_if;
- preview_views: the draft as the public sees it; publish_views: publish, close, reopen;
- history_views: versions, the difference between two, restore as draft.

Every view wears `forms_role` (intake/staff/roles.py, Role.FORMS); every save goes through
`store.save_draft` with the revision the page was opened at (common.save).
"""

from flask_babel import lazy_gettext as _l

from intake.staff import bp


@bp.record_once
def _menu(state) -> None:
    from intake.staff.editor import audit_sentences
    from intake.staff.nav import add_link

    add_link(state.app, "staff.editor_forms", _l("Skemaer"), 30, "/staff/skemaer")
    audit_sentences.register()


from intake.staff.editor import (  # noqa: E402,F401  (routes register themselves on bp)
    field_views,
    form_views,
    forms_views,
    history_views,
    option_views,
    preview_views,
    publish_views,
    settings_views,
)
