"""Django's own date formats for en-GB, with times the way publishing.dates writes them.

Django's en-GB datetime is "7 Dec 2026, 2:30 p.m." with no zone: the admin's own columns (the
audit log's times, revisions, old addresses) then read differently from the schedule box and
the panel. Editors see one way everywhere: "7 Dec 2026, 14:30 GMT".
"""

DATETIME_FORMAT = "j M Y, H:i T"
TIME_FORMAT = "H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
