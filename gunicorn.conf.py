"""gunicorn settings for calfcare (used by `make run` and the Docker image)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT') or '8000'}"
wsgi_app = "calfcare.wsgi:application"
# Pages are small and mostly CPU-bound: one worker per core plus one to cover a blocked worker.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() + 1)
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can never take the site down; jitter keeps them
# from restarting together.
max_requests = 10000
max_requests_jitter = 1000
accesslog = "-"
errorlog = "-"
access_log_format = 'request method=%(m)s path="%(U)s" status=%(s)s bytes=%(B)s duration_us=%(D)s'
