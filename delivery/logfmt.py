"""Log records as one line of key=value pairs ("logfmt"), for Django and gunicorn alike.

    time=2025-01-31T09:15:02.120Z level=WARNING logger=django.request message="Not Found: /x"

Values with spaces, quotes or `=` are quoted, and newlines are escaped, so every record stays on
one line (a traceback included) and no logged text can forge a line of its own. An outside
review link's token (publishing.links: whoever has it reads a draft) is never written: a path
`/review/<token>/` is logged as `/review/…/`, by gunicorn's access log and Django's own. This
module imports nothing from Django: gunicorn's master process loads it before Django starts.
"""

import logging
import re
from datetime import UTC, datetime

_BARE_VALUE = re.compile(r"[^\s\"=\\]+")
# The outside review link's address (publishing/urls.py); its token is a password.
_REVIEW_TOKEN = re.compile(r"(/review/)[^/\s\"?]+")


def without_secrets(text):
    return _REVIEW_TOKEN.sub(r"\1…", text)


def quote(value):
    text = str(value)
    if _BARE_VALUE.fullmatch(text):
        return text
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def format_pairs(pairs):
    return " ".join(f"{key}={quote(value)}" for key, value in pairs)


class LogfmtFormatter(logging.Formatter):
    def format(self, record):
        time = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        pairs = [
            ("time", time.replace("+00:00", "Z")),
            ("level", record.levelname),
            ("logger", record.name),
            *self.fields(record),
        ]
        if record.exc_info:
            pairs.append(("exception", self.formatException(record.exc_info)))
        return format_pairs(pairs)

    def fields(self, record):
        return [("message", without_secrets(record.getMessage()))]


class AccessLogFormatter(LogfmtFormatter):
    """gunicorn's access log: the request's own fields, without reader addresses or query strings.

    gunicorn hands the formatter its "atoms" as the record's arguments; only these are logged.
    It has already put a backslash before every double quote in them; that one backslash is
    taken off again, so quote() escapes each character exactly once.
    """

    ATOMS = [("method", "m"), ("path", "U"), ("status", "s"), ("bytes", "B"), ("duration_us", "D")]

    def fields(self, record):
        atoms = record.args if isinstance(record.args, dict) else {}
        fields = [(name, self._unescaped(atoms.get(atom))) for name, atom in self.ATOMS]
        return [
            (name, without_secrets(value) if name == "path" else value) for name, value in fields
        ]

    @staticmethod
    def _unescaped(value):
        if value is None:
            return "-"
        return value.replace('\\"', '"') if isinstance(value, str) else value
