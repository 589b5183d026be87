"""Log in and log out. Views stay thin: the work is in auth, passwords and throttle."""

from __future__ import annotations

import sqlalchemy as sa
from flask import redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from intake.extensions import db
from intake.redirects import safe_next
from intake.staff import audit, bp, passwords, relogin, throttle
from intake.staff.auth import current_staff, end_session, staff_required, start_session
from intake.staff.forms import ButtonForm, LoginForm
from intake.staff.models import StaffUser

WRONG = _l("E-mail eller adgangskode er forkert.")
BLOCKED = _l("For mange mislykkede forsøg. Vent et kvarter, og prøv så igen.")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    fallback = url_for("staff.dashboard")
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"), "")
        if current_staff() is not None:
            return redirect(safe_next(form.next.data, fallback), 303)
    if not form.validate_on_submit():
        return render_template("staff/login.html", form=form)
    email, ip = form.email.data.strip().lower(), request.remote_addr
    if throttle.is_blocked(email, ip):
        form.form_errors.append(BLOCKED)
        return render_template("staff/login.html", form=form), 429
    user = db.session.scalar(sa.select(StaffUser).where(StaffUser.email == email))
    correct = passwords.verify(user.password_hash if user else None, form.password.data)
    if correct and user.is_active:
        throttle.clear_account(email)
        if passwords.needs_rehash(user.password_hash):
            user.password_hash = passwords.hash_password(form.password.data)
        start_session(user)
        audit.record("staff.login", f"staff:{user.id}")
        if relogin.carried_pairs():  # logged in again after a timeout: send on what was sent
            return relogin.resend_page(form.next.data)
        return redirect(safe_next(form.next.data, fallback), 303)
    throttle.record_failure(email, ip)
    if user is not None:
        audit.record("staff.login_failed", f"staff:{user.id}", actor="anonym")
    form.form_errors.append(WRONG)
    return render_template("staff/login.html", form=form), 200


@bp.post("/logout")
@staff_required
def logout():
    if ButtonForm().validate_on_submit():
        audit.record("staff.logout")
        end_session()
    return redirect(url_for("staff.login"), 303)
