"""The public audience: forms, receipts, cancellation, language, privacy and accessibility."""

from flask import Blueprint

bp = Blueprint("public", __name__)


@bp.record_once
def _register_helpers(state):
    from intake.public import rendering

    rendering.register(state.app)


from intake.public import views  # noqa: E402,F401
