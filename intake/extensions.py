"""Extension objects, created unbound so that `create_app` can bind them to any app."""

from flask import Flask, current_app, has_app_context
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData

# Explicit constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=naming_convention))
migrate = Migrate()
mail = Mail()
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()


class PerAppLimiter(Limiter):
    """A Limiter whose storage and strategy belong to each app, not to the object.

    The views declare their limits on this one module-level object (the decorators need it
    at import), and Flask-Limiter keeps `_storage` and `_limiter` on it: each `init_app`
    replaced them, so every app made earlier in the process counted in the storage of the
    app made last, lost its own counts, and was reset with it (a flaky throttling test).
    Here `init_app` files them under the app (`app.extensions["limiter_storage"]`, the
    strategy beside it) and a request reads its own app's; the limits and the settings
    read from the config stay shared, as every app sets the same ones.
    """

    _STATE = "limiter_state"

    def init_app(self, app: Flask) -> None:
        self.__dict__["_initialising"] = app
        try:
            super().init_app(app)
        finally:
            self.__dict__["_initialising"] = None
        app.extensions["limiter_storage"] = app.extensions[self._STATE]["_storage"]

    def _state(self) -> dict | None:
        app = self.__dict__.get("_initialising")
        if app is None and has_app_context():
            app = current_app._get_current_object()
        return app.extensions.setdefault(self._STATE, {}) if app is not None else None

    @staticmethod
    def _per_app(name: str) -> property:
        def get(self):
            state = self._state()
            if state is not None and name in state:
                return state[name]
            return self.__dict__.get(name)  # outside any app: as Flask-Limiter made it

        def put(self, value) -> None:
            state = self._state()
            if state is None:
                self.__dict__[name] = value
            else:
                state[name] = value

        return property(get, put)


PerAppLimiter._storage = PerAppLimiter._per_app("_storage")
PerAppLimiter._limiter = PerAppLimiter._per_app("_limiter")

limiter = PerAppLimiter(get_remote_address)
