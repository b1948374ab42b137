"""Docker's HEALTHCHECK: exit 0 when this container's gunicorn answers /healthz with 200.

Run as `python -m delivery.healthcheck`; it uses only the standard library (the slim image has
no curl) and asks the address gunicorn binds to, as gunicorn.conf.py works it out.
"""

import os
import sys
import urllib.request

TIMEOUT_SECONDS = 4


def health_url():
    bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT') or '8000'}"
    host, _, port = bind.rpartition(":")
    if host in ("", "0.0.0.0", "[::]"):
        host = "127.0.0.1"
    return f"http://{host}:{port}/healthz"


def main():
    # No proxy: the check is about this container, whatever http_proxy says.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(health_url(), timeout=TIMEOUT_SECONDS) as response:
            return 0 if response.status == 200 else 1
    except OSError as error:
        print(f"healthz failed: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
