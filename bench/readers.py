"""The soak's readers: wrk requesting public pages, every answer checked, not only counted.

wrk runs a small Lua script. Its `response()` callback looks at each answer: its status, whether
the body carries the blood clot warning (`id="dvt-warning"` and the emergency number), whether it
is from the release being checked (a marker a deploy adds to every page), and the page cache's
own `X-Page-Cache` header. Each wrk thread keeps its counts; `done()` adds them up and prints one
JSON line. Two plain substring searches per answer keep wrk, not the site, from being the limit.

`get()` makes the same checks in Python, one request at a time, for the few requests the soak makes
outside wrk (priming every page before a fault, pages requested only while the database is down).
"""

import json
import re
import subprocess
import urllib.error
import urllib.request

WARNING = 'id="dvt-warning"'
# Every request names the site the same way whichever server answers, as behind a load balancer:
# the page cache keys pages by host, and two servers on two ports would otherwise never share one.
HOST = "localhost"
EMERGENCY_NUMBER = "999"

LUA = """
local paths = {%(paths)s}
local warning, emergency, release = %(warning)s, %(emergency)s, %(release)s
local threads = {}
wrk.headers["Host"] = %(host)s

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  i = 0
  counts = {answers = 0, ok = 0, warned_503 = 0, other_errors = 0, unwarned = 0, stale = 0}
  statuses, cache = {}, {}
end

function request()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end

function response(status, headers, body)
  counts.answers = counts.answers + 1
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  local outcome = headers["X-Page-Cache"] or headers["x-page-cache"] or "none"
  cache[outcome] = (cache[outcome] or 0) + 1
  local warned = string.find(body, warning, 1, true) and string.find(body, emergency, 1, true)
  if not warned then counts.unwarned = counts.unwarned + 1 end
  if status >= 200 and status < 400 then
    counts.ok = counts.ok + 1
    if release and not string.find(body, release, 1, true) then counts.stale = counts.stale + 1 end
  elseif status == 503 and warned then
    counts.warned_503 = counts.warned_503 + 1
  else
    counts.other_errors = counts.other_errors + 1
  end
end

local function add(into, from)
  for key, value in pairs(from) do into[key] = (into[key] or 0) + value end
end

local function encode(t)
  local parts = {}
  for key, value in pairs(t) do table.insert(parts, string.format('"%%s": %%d', key, value)) end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local totals, statuses_seen, cache_seen = {}, {}, {}
  for _, thread in ipairs(threads) do
    add(totals, thread:get("counts"))
    add(statuses_seen, thread:get("statuses"))
    add(cache_seen, thread:get("cache"))
  end
  io.write("SOAK-READERS {\\"counts\\": " .. encode(totals) .. ", \\"statuses\\": "
    .. encode(statuses_seen) .. ", \\"x_page_cache\\": " .. encode(cache_seen) .. "}\\n")
end
"""


def lua_string(text):
    return json.dumps(text) if text is not None else "nil"


def write_script(path, paths, release=None):
    """The wrk script for `paths`; with `release`, answers without that marker count as stale."""
    path.write_text(
        LUA
        % {
            "paths": ", ".join(lua_string(p) for p in paths),
            "warning": lua_string(WARNING),
            "emergency": lua_string(EMERGENCY_NUMBER),
            "release": lua_string(release),
            "host": lua_string(HOST),
        }
    )
    return path


def start_wrk(base, script, seconds, connections):
    """wrk in the background: the soak injects its faults while it runs."""
    return subprocess.Popen(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script)]
        + [base],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish_wrk(process, seconds):
    output = process.communicate(timeout=seconds + 60)[0]
    checked = re.search(r"^SOAK-READERS (.*)$", output, re.MULTILINE)
    if checked is None:
        raise RuntimeError(f"wrk printed no counts:\n{output[-2000:]}")
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        **json.loads(checked.group(1)),
        "socket_errors": dict(
            zip(["connect", "read", "write", "timeout"], map(int, sockets.groups()), strict=True)
        )
        if sockets
        else {"connect": 0, "read": 0, "write": 0, "timeout": 0},
    }


def add_up(first, second):
    """The counts of two wrk runs (a deploy switches readers from one server to the next)."""

    def merged(a, b):
        return {key: a.get(key, 0) + b.get(key, 0) for key in a.keys() | b.keys()}

    return {
        "requests": first["requests"] + second["requests"],
        "counts": merged(first["counts"], second["counts"]),
        "statuses": merged(first["statuses"], second["statuses"]),
        "x_page_cache": merged(first["x_page_cache"], second["x_page_cache"]),
        "socket_errors": merged(first["socket_errors"], second["socket_errors"]),
    }


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.cache = headers.get("X-Page-Cache", "none")
        text = body.decode("utf-8", "replace")
        self.warned = WARNING in text and EMERGENCY_NUMBER in text
        self.text = text

    @property
    def ok(self):
        return 200 <= self.status < 400


def get(url):
    # No Accept-Encoding: the body arrives as text.
    request = urllib.request.Request(url, headers={"Host": HOST})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read())
