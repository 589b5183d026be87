"""gunicorn settings for intake. Every value can be set from the environment.

    gunicorn -c gunicorn.conf.py wsgi:app

INTAKE_BIND            where to listen (default 127.0.0.1:8000; nginx proxies to it)
INTAKE_WEB_WORKERS     worker processes (default 2: one per core on a small VM)
INTAKE_WEB_TIMEOUT     seconds before a stuck worker is killed and replaced (default 30)
INTAKE_WEB_MAX_REQUESTS  requests after which a worker is recycled (default 5000; 0 never)
INTAKE_ACCESS_LOG      file for the access log, "-" for stdout (default), "" to switch off

Workers are synchronous processes: a sign-up is a short, CPU-bound request, and nothing
in a request waits on the network (mail goes through the outbox). Nothing is kept in a
worker's memory that another worker would need: sessions are signed cookies, rate-limit
counters live in Redis (INTAKE_RATELIMIT_STORAGE_URI), seats and mail in the database.
"""

import os

bind = os.environ.get("INTAKE_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("INTAKE_WEB_WORKERS", "2"))
worker_class = "sync"
timeout = int(os.environ.get("INTAKE_WEB_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 2
backlog = 256

# Recycle workers now and then, so a slow leak in a library can never take the site down.
max_requests = int(os.environ.get("INTAKE_WEB_MAX_REQUESTS", "5000"))  # 0: never
max_requests_jitter = max_requests // 10

# Load the app (and check every form definition and setting) once in the master: a bad
# definition stops gunicorn at once with the readable report, instead of workers crashing
# in a loop. Database connections are opened only after the fork (see post_fork).
preload_app = True

# Requests bigger than this never reach Flask; MAX_CONTENT_LENGTH (1 MB) answers the rest.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

# The access log never holds query strings or token-like path segments (cancel links,
# personal follow-up links): see intake/accesslog.py.
logger_class = "intake.accesslog.RedactingLogger"
accesslog = os.environ.get("INTAKE_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("INTAKE_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'

# gunicorn itself believes X-Forwarded-Proto only from these addresses (nginx on the same
# host). The client address for rate limits is set by the app (INTAKE_PROXY_FIX_X_FOR).
forwarded_allow_ips = os.environ.get("INTAKE_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips


def post_fork(server, worker):
    """Each worker opens its own database connections; none may be inherited from the master."""
    from intake.extensions import db

    app = getattr(server.app, "callable", None)
    if app is None or getattr(app, "extensions", {}).get("sqlalchemy") is not db:
        return
    with app.app_context():
        db.engine.dispose(close=False)
