"""The slowest Markdown an editor could type, rendered once each: `make bench` reports the worst
time (the target is well under a second; Python-Markdown took 11 s on 10,000 `[`). The tests
render the same texts too, for their output, not their speed (tests/test_markdown_limits.py).
"""

import time

from articles.markdown import MAX_LENGTH, render_markdown


def at_the_limit(unit):
    return (unit * MAX_LENGTH)[:MAX_LENGTH]


def nested_list(depth):
    return "".join("  " * level + "- x\n" for level in range(depth))


# Runs of characters that open a construct and never close it, the known quadratic cases of
# Markdown parsers, and the slowest short patterns a search over repeated strings found.
PATHOLOGICAL = {
    "brackets": at_the_limit("["),
    "image brackets": at_the_limit("!["),
    "empty links": at_the_limit("[]("),
    "empty links, two parens": at_the_limit("[](("),
    "emphasis soup": at_the_limit("**_* "),
    "escaped backticks": at_the_limit("\\``"),
    "backticks": at_the_limit("`"),
    "asterisks": at_the_limit("*"),
    "underscores": at_the_limit("_"),
    "angle brackets": at_the_limit("<"),
    "unclosed tags": at_the_limit("<a "),
    "entity starts": at_the_limit("&#"),
    "lines of entity and bracket": at_the_limit("\n&["),
    "lines of brackets": at_the_limit("\n["),
    "nested quotes": at_the_limit(">"),
    "nested list": nested_list(98)[:MAX_LENGTH],
    "nested ordered list": "".join("   " * level + "1. x\n" for level in range(80)),
}


def worst_case_seconds():
    """{name: seconds} for rendering each text once, afresh (the per-worker cache emptied)."""
    from articles import markdown

    timings = {}
    for name, text in PATHOLOGICAL.items():
        markdown._render.cache_clear()
        started = time.perf_counter()
        render_markdown(text)
        timings[name] = time.perf_counter() - started
    return timings
