"""Staff accounts in the browser: the administrator's pages (list, create, roles, disable),
the one-time set-password page (no session) and the own password page (any staff member).
The rules and the audit are in intake/staff/accounts.py."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from intake.staff import accounts, audit, bp, mails, passwords
from intake.staff.account_forms import AccountForm, NewPasswordForm, OwnPasswordForm, RolesForm
from intake.staff.auth import current_staff, staff_required, start_session
from intake.staff.forms import ButtonForm
from intake.staff.roles import ALL_ROLES, Role, requires_role


def _account_or_404(account_id: int):
    return accounts.find(account_id) or abort(404)


@bp.get("/konti/")
@requires_role(Role.ADMIN)
def accounts_list():
    return render_template("staff/accounts/list.html", accounts=accounts.all_accounts())


@bp.route("/konti/ny", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def account_new():
    default = None if request.method == "POST" else {"roles": sorted(ALL_ROLES - {Role.ADMIN})}
    form = AccountForm(data=default)
    if form.validate_on_submit():
        me = current_staff()
        try:
            user, token = accounts.create(
                form.email.data, form.name.data, form.roles.data, by=me.email
            )
        except accounts.AccountError as error:
            form[error.field].errors.append(str(error))
        else:
            mails.account_created(user, token, by=me.name or me.email)
            flash(
                _(
                    "Kontoen %(email)s er oprettet. Der er sendt et link til at vælge en "
                    "adgangskode.",
                    email=user.email,
                )
            )
            return redirect(url_for("staff.account", account_id=user.id), 303)
    status = 422 if form.errors else 200
    return render_template("staff/accounts/new.html", form=form), status


def _render_account(user, form: RolesForm | None = None, status: int = 200, problem=None):
    form = form or RolesForm(data={"roles": sorted(user.roles)})
    return render_template(
        "staff/accounts/account.html",
        account=user,
        form=form,
        button=ButtonForm(),
        me=current_staff(),
        problem=problem,
    ), status


@bp.get("/konti/<int:account_id>")
@requires_role(Role.ADMIN)
def account(account_id: int):
    return _render_account(_account_or_404(account_id))


@bp.post("/konti/<int:account_id>/roller")
@requires_role(Role.ADMIN)
def account_roles(account_id: int):
    user = _account_or_404(account_id)
    form = RolesForm()
    if not form.validate_on_submit():
        return _render_account(user, form, 400)
    try:
        changed = accounts.set_roles(user, form.roles.data, me=current_staff())
    except accounts.AccountError as error:
        form.roles.errors = [str(error)]
        return _render_account(user, form, 422)
    flash(_("Rollerne er gemt.") if changed else _("Rollerne var uændrede."))
    return redirect(url_for("staff.account", account_id=user.id), 303)


@bp.post("/konti/<int:account_id>/aktiv")
@requires_role(Role.ADMIN)
def account_active(account_id: int):
    """One button: disable an active account, enable a disabled one."""
    user = _account_or_404(account_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        accounts.set_active(user, not user.is_active, me=current_staff())
    except accounts.AccountError as error:
        return _render_account(user, status=422, problem=str(error))
    flash(
        _("Kontoen er aktiv igen.") if user.is_active else _("Kontoen er deaktiveret og logget ud.")
    )
    return redirect(url_for("staff.account", account_id=user.id), 303)


@bp.post("/konti/<int:account_id>/nyt-link")
@requires_role(Role.ADMIN)
def account_new_link(account_id: int):
    """Send a fresh set-password link (the old ones stop working), e.g. after it expired."""
    user = _account_or_404(account_id)
    if not ButtonForm().validate_on_submit() or not user.is_active:
        abort(400)
    me = current_staff()
    mails.account_created(user, accounts.new_link(user), by=me.name or me.email)
    audit.record("staff.password_link", f"staff:{user.id}")
    flash(_("Der er sendt et nyt link til %(email)s.", email=user.email))
    return redirect(url_for("staff.account", account_id=user.id), 303)


@bp.route("/adgangskode/<token>", methods=["GET", "POST"])
def set_password(token: str):
    """No session needed: the link is the key. A GET only shows the form."""
    link = accounts.valid_link(token)
    if link is None:
        return render_template("staff/accounts/link_invalid.html"), 404
    form = NewPasswordForm()
    user = accounts.find(link.staff_user_id)
    if form.validate_on_submit():
        found = passwords.problems(form.password.data, user.email)
        if not found:
            accounts.use_link(link, form.password.data)
            flash(_("Din adgangskode er gemt. Log ind med din e-mail og den nye adgangskode."))
            return redirect(url_for("staff.login"), 303)
        form.password.errors = list(form.password.errors) + found
    status = 422 if form.errors else 200
    return render_template("staff/accounts/set_password.html", form=form, account=user), status


@bp.route("/min-adgangskode", methods=["GET", "POST"])
@staff_required
def own_password():
    form = OwnPasswordForm()
    if form.validate_on_submit():
        me = current_staff()
        found = accounts.change_own_password(me, form.current.data, form.password.data)
        if not found:
            start_session(me)  # the other sessions ended; this browser stays logged in
            flash(_("Din adgangskode er skiftet. Dine andre sessioner er logget ud."))
            return redirect(url_for("staff.dashboard"), 303)
        wrong_current = found == [_("Den nuværende adgangskode er forkert.")]
        (form.current if wrong_current else form.password).errors = found
    status = 422 if form.errors else 200
    return render_template("staff/accounts/own_password.html", form=form), status
