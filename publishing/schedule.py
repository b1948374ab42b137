"""Scheduled publishing without cron and without waiting for a reader.

Every app server process runs one small background thread (`start`, called by gunicorn's
`post_worker_init` hook in gunicorn.conf.py). Every CHECK_SECONDS it asks for the turn, a row
in the database (`SchedulerTurn`) that one process at a time can hold, across every app server
that shares the database; the process that gets it publishes every approved change whose time
has come (`workflow.publish_due`). So a change goes live within CHECK_SECONDS of its time, with
no reader traffic, once however many processes are running. A turn held by a process that died
frees itself after TURN_SECONDS.

`manage.py publish_scheduled` publishes what is due at once, for operators who want a timer too
or a site served without gunicorn.
"""

import logging
import os
import random
import socket
import threading
from datetime import timedelta

from django.db import IntegrityError, close_old_connections, connections, transaction
from django.utils import timezone

from publishing.models import SchedulerTurn
from publishing.workflow import publish_due

logger = logging.getLogger(__name__)

# Well inside the 60 seconds a scheduled change may take to go live.
CHECK_SECONDS = 15
# Longer than any publication takes; a dead holder's turn is free again after it.
TURN_SECONDS = 60
TURN = "publish-due"


def _holder():
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:100]


def take_turn(now=None, holder=None):
    """Claim the turn until now + TURN_SECONDS, if nobody holds it. One UPDATE (or the first
    INSERT), so two processes asking at once never both get it."""
    now = now or timezone.now()
    holder = holder or _holder()
    until = now + timedelta(seconds=TURN_SECONDS)
    free = SchedulerTurn.objects.filter(name=TURN, held_until__lte=now)
    if free.update(held_until=until, holder=holder):
        return True
    try:
        with transaction.atomic():  # a failed INSERT must not spoil the caller's transaction
            SchedulerTurn.objects.create(name=TURN, held_until=until, holder=holder)
    except IntegrityError:
        return False  # the row exists and someone holds the turn
    return True


def give_back_turn(holder=None):
    SchedulerTurn.objects.filter(name=TURN, holder=holder or _holder()).update(
        held_until=timezone.now()
    )


def publish_due_in_turn(now=None):
    """Publish what is due if this process gets the turn. Returns how many went live, or None
    when another process had the turn."""
    holder = _holder()
    if not take_turn(now, holder):
        return None
    try:
        return publish_due(now)
    finally:
        give_back_turn(holder)


def _run(stop, interval):
    try:
        while not stop.wait(interval * random.uniform(0.8, 1.2)):  # jitter: processes drift
            try:
                close_old_connections()  # as a request would: never reuse a dead connection
                published = publish_due_in_turn()
                if published:
                    logger.info("scheduled changes published: %s", published)
            except Exception as error:  # the database may be down: try again next time
                logger.error("scheduled publishing check failed: %s", error.__class__.__name__)
            finally:
                close_old_connections()
    finally:
        # This thread's own connections: none may outlive it (a database being dropped or
        # restored waits for every open connection).
        connections.close_all()


class Scheduler:
    """This process's scheduler thread; `stop()` ends it and waits until it has."""

    def __init__(self, interval):
        self._stopping = threading.Event()
        self._thread = threading.Thread(
            target=_run, args=(self._stopping, interval), name="calfcare-scheduler", daemon=True
        )
        self._thread.start()

    def stop(self, timeout=30):
        """True once the thread has ended; False if it is still running after `timeout`."""
        self._stopping.set()
        self._thread.join(timeout)
        return not self._thread.is_alive()


def start(interval=CHECK_SECONDS):
    """Start this process's scheduler thread (gunicorn's workers run it until they exit)."""
    return Scheduler(interval)
