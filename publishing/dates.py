"""Dates and times as editors in the UK read them: "7 Dec 2026, 14:30 GMT", 24-hour time with
the time zone named, in the site's zone (TIME_ZONE, Europe/London), never a US month first."""

import re
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.dateformat import format as format_date

DATE_FORMATS = ["%d %b %Y", "%d %B %Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
DATE_EXAMPLE = "7 Dec 2026 or 07/12/2026"
TIME_EXAMPLE = "14:30"


def uk_datetime(moment):
    """An aware datetime as "7 Dec 2026, 14:30 GMT" (BST in summer)."""
    return format_date(timezone.localtime(moment), "j M Y, H:i T")


def uk_date(day):
    return format_date(day, "j M Y")


def parse_uk_date(text):
    """A day as a UK editor types it: "7 Dec 2026", "7 December 2026", "07/12/2026" (day
    first, never month first), or "2026-12-07". None if it is none of these."""
    text = re.sub(r"\s+", " ", (text or "").strip().replace(",", ""))
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_24_hour_time(text):
    """A time as "14:30", "14.30" or "9:05" (24-hour). None if it is not one."""
    match = re.fullmatch(r"([01]?\d|2[0-3])[:.]([0-5]\d)", (text or "").strip())
    return time(int(match[1]), int(match[2])) if match else None


def uk_moment(day: date, at: time):
    """That day and time in the site's zone (UK time: GMT or BST as the day has it)."""
    return timezone.make_aware(datetime.combine(day, at))
