"""The staff audience: login, sign-ups, waiting lists, mail log, exports and GDPR tools."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")
