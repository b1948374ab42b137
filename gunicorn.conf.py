"""gunicorn settings for calfcare (used by `make run` and the Docker image).

Both start it as `gunicorn --config gunicorn.conf.py --no-control-socket`: the control socket
(gunicorn 25+) would be a way into the running server that the site never needs.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT') or '8000'}"
wsgi_app = "calfcare.wsgi:application"
# Pages are small and mostly CPU-bound: one worker per core plus one to cover a blocked worker.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() + 1)
timeout = 30
graceful_timeout = 20
keepalive = 5
# Load Django once in the master and fork workers from it: workers start in milliseconds, so
# recycling one costs readers nothing. (Nothing connects to the database at import time.)
preload_app = True
# gunicorn trusts no forwarded header from anyone, loopback included (its default trusts
# 127.0.0.1, which would let any local client set SCRIPT_NAME, PATH_INFO or the scheme). What the
# proxy says is judged by Django alone: SECURE_PROXY_SSL_HEADER when DJANGO_BEHIND_PROXY is set,
# and delivery.client_address for the client's address.
forwarded_allow_ips = ""
forwarder_headers = ""
secure_scheme_headers = {}
# Recycle workers now and then so a slow leak can never take the site down; jitter keeps them
# from restarting together. At several thousand pages a second, this is every minute or so.
max_requests = 200_000
max_requests_jitter = 20_000

# Logs go to stdout as key=value lines (delivery.logfmt), like Django's. The access log records
# method, path, status, size and time: no client address, query string, referrer or user agent.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "logfmt": {"()": "delivery.logfmt.LogfmtFormatter"},
        "access": {"()": "delivery.logfmt.AccessLogFormatter"},
    },
    "handlers": {
        "error": {"class": "logging.StreamHandler", "formatter": "logfmt", "stream": "ext://sys.stdout"},
        "access": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stdout"},
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["error"], "level": "INFO"},
}  # fmt: skip
accesslog = "-"


def post_worker_init(worker):
    """Each worker runs the scheduler thread that publishes scheduled changes on time, one
    process at a time through a row in the database (publishing.schedule). Started after the
    fork: a thread does not survive one."""
    from publishing import schedule

    schedule.start()
