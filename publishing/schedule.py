"""Scheduled publishing without cron: the request path asks, cheaply, whether anything is due.

Each process remembers when the next scheduled change is due, re-reading it from the database
at most every CHECK_SECONDS (one indexed query), so a change scheduled by another process is
seen within that time. A request that finds something due publishes it before it is answered,
and publishing makes every cached page stale, so that request and every later one get the new
text. `manage.py publish_scheduled` does the same for operators who prefer a timer.
"""

import logging
import threading
import time

logger = logging.getLogger(__name__)

# Far inside the 60 seconds a scheduled change may take to go live.
CHECK_SECONDS = 20

_lock = threading.Lock()
_state = {"checked_at": float("-inf"), "next_due": None}


def due_soon(at):
    """This process scheduled something for `at`: no need to wait for the next re-read."""
    at = at.timestamp()
    if _state["next_due"] is None or at < _state["next_due"]:
        _state["next_due"] = at


def forget():
    """Re-read the schedule on the next request (tests, and after a publication)."""
    _state["checked_at"] = float("-inf")
    _state["next_due"] = None


def run_if_due():
    """Publish what is due, if anything; never raise (a reader's page must not depend on it)."""
    now = time.time()
    stale = now - _state["checked_at"] >= CHECK_SECONDS
    due = _state["next_due"] is not None and now >= _state["next_due"]
    if not (stale or due) or not _lock.acquire(blocking=False):
        return 0
    try:
        published = 0
        if stale:
            _state["next_due"] = _next_due()
            _state["checked_at"] = now
        if _state["next_due"] is not None and now >= _state["next_due"]:
            from publishing.workflow import publish_due

            published = publish_due()
            _state["next_due"] = _next_due()
        return published
    except Exception as error:
        logger.error("scheduled publishing check failed: %s", error.__class__.__name__)
        _state["checked_at"] = now
        return 0
    finally:
        _lock.release()


def _next_due():
    from publishing.models import Revision

    nearest = (
        Revision.objects.filter(status=Revision.Status.APPROVED, publish_at__isnull=False)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    return None if nearest is None else nearest.timestamp()


def scheduled_publishing(application):
    """WSGI wrapper: check the schedule before the page cache or Django answers."""

    def run(environ, start_response):
        run_if_due()
        return application(environ, start_response)

    return run
