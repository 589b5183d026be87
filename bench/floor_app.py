"""The floor of our stack: the least a Flask + Flask-WTF + Flask-SQLAlchemy app can do for the
same form as bench/forms/bench.yaml.

GET /form  renders a static FlaskForm class with the same ten fields (labels, inputs, CSRF).
POST /form validates it (CSRF included) and inserts one row, then answers 303.

intake's figures in bench/public.py are divided by this app's, measured in the same run,
under the same gunicorn settings, on the same database.

    FLOOR_DATABASE_URL=sqlite:////tmp/floor.sqlite3 gunicorn -c gunicorn.conf.py bench.floor_app:app
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Flask, redirect, render_template
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import FlaskForm
from jinja2 import DictLoader
from wtforms import EmailField, RadioField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

db = SQLAlchemy()


class FloorSignup(db.Model):
    __tablename__ = "floor_signups"
    id = sa.Column(sa.Integer, primary_key=True)
    answers = sa.Column(sa.JSON, nullable=False)
    created_at = sa.Column(sa.DateTime(timezone=True), nullable=False)


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class BenchForm(FlaskForm):
    navn = StringField("Navn", validators=[DataRequired(), Length(max=100)])
    stilling = StringField("Stilling", validators=[Optional(), Length(max=100)])
    organisation = StringField("Organisation", validators=[DataRequired(), Length(max=150)])
    email = EmailField("E-mail", validators=[DataRequired(), Email()])
    telefon = StringField("Telefon", validators=[DataRequired(), Regexp(r"^[0-9 +-]{8,20}$")])
    cvr = StringField("CVR", validators=[DataRequired(), Regexp(r"^[0-9 ]{8,11}$")])
    postnummer = StringField("Postnummer", validators=[DataRequired(), Regexp(r"^[0-9]{4}$")])
    sektor = RadioField("Sektor", choices=[("kommune", "Kommune"), ("erhverv", "Erhverv"),
                                           ("andre", "Andre aktører")], validators=[DataRequired()])
    emner = CheckboxesField("Emner", choices=[("arbejdsliv", "Det gode arbejdsliv"),
                                              ("erhvervsliv", "Det gode erhvervsliv"),
                                              ("baeredygtige", "Det bæredygtige"),
                                              ("rammer", "De gode rammer")])
    besked = TextAreaField("Hvorfor vil du være med?", validators=[Optional(), Length(max=2000)])


PAGE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Benchmark-tilmelding</title></head>
<body><main><h1>Benchmark-tilmelding</h1>
<form method="post" action="/form" novalidate>
{{ form.csrf_token }}
{% for field in form if field.name != "csrf_token" %}
<div class="field">{{ field.label }} {{ field() }}
{% for error in field.errors %}<p class="error">{{ error }}</p>{% endfor %}</div>
{% endfor %}
<button type="submit">Tilmeld</button>
</form></main></body></html>"""


def _sqlite_pragmas(connection, _record):
    """The same SQLite settings intake uses (WAL, synchronous=NORMAL), so the floor is fair."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_app() -> Flask:
    app = Flask(__name__)
    app.jinja_loader = DictLoader({"form.html": PAGE})  # compiled once and cached, as files are
    app.config.update(
        SECRET_KEY=os.environ.get("FLOOR_SECRET_KEY", "floor-secret-key-for-benchmarks"),
        SQLALCHEMY_DATABASE_URI=os.environ.get("FLOOR_DATABASE_URL", "sqlite:////tmp/floor.sqlite3"),
    )
    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            sa.event.listen(db.engine, "connect", _sqlite_pragmas)

    @app.route("/form", methods=["GET", "POST"])
    def form_page():
        form = BenchForm()
        if form.validate_on_submit():
            db.session.execute(sa.insert(FloorSignup).values(
                answers={k: v for k, v in form.data.items() if k != "csrf_token"},
                created_at=datetime.now(UTC),
            ))
            db.session.commit()
            return redirect("/done", 303)
        return render_template("form.html", form=form)

    return app


app = create_app()
