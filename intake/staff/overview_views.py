"""The staff front page and the list of forms."""

from __future__ import annotations

from flask import render_template

from intake.formdefs.registry import current_registry
from intake.staff import bp
from intake.staff.auth import staff_required


@bp.get("/")
@staff_required
def dashboard():
    return render_template("staff/dashboard.html", forms=current_registry().signup_forms())


@bp.get("/f/")
@staff_required
def forms():
    return render_template("staff/forms.html", forms=current_registry().signup_forms())
