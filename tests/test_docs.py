"""The docs hold together: the README stays short, and every relative link or image in README.md
and docs/ leads to a file that exists and, for a `#part` of a Markdown file, to one of its
headings (GitHub's anchors). Links to other sites are not fetched; code blocks and `inline code`
are not links, so a path written as code is never checked."""

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
README_MOST_LINES = 250

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
# [text](target "title") and ![alt](target); the text may hold one level of brackets.
INLINE_LINK = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]"  # [text] or ![alt]
    r"\(\s*(<[^>]*>|[^\s)]+)(?:\s+\"[^\"]*\")?\s*\)"  # (target "title")
)
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)", re.M)
HTML_LINK = re.compile(r"""<(?:a|img)\b[^>]*?\b(?:href|src)=["']([^"']+)["']""", re.I)
HTML_ANCHOR = re.compile(r"""<a\b[^>]*?\b(?:id|name)=["']([^"']+)["']""", re.I)
HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def documents():
    # The content folder's README is for editors too: its links are held to the same standard.
    return [README, ROOT / "content" / "README.md", *sorted(DOCS.rglob("*.md"))]


def prose(text):
    """The text with fenced code blocks blanked (line numbers kept) and inline code removed."""
    lines, fence = [], None
    for line in text.split("\n"):
        opening = FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)[0] * len(opening.group(1))
            lines.append("")
        elif fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            lines.append("")
        else:
            lines.append(line)
    return INLINE_CODE.sub(lambda code: "\n" * code.group(0).count("\n"), "\n".join(lines))


def links(text):
    """(line number, target) of every link and image in Markdown text."""
    text = prose(text)
    found = []
    for pattern in (INLINE_LINK, REFERENCE, HTML_LINK):
        for match in pattern.finditer(text):
            target = match.group(1).strip("<>")
            found.append((text.count("\n", 0, match.start(1)) + 1, target))
    return sorted(found)


def slug(heading):
    """The anchor GitHub gives a heading: its text in lower case, punctuation dropped, spaces
    made hyphens (`How to add…` is `how-to-add`)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "")
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path):
    """Every `#part` a Markdown file has: its headings' slugs (a repeated one gets -1, -2, …) and
    any HTML id or name."""
    text = prose(path.read_text())
    found, seen = set(), {}
    for line in text.split("\n"):
        heading = HEADING.match(line)
        if heading:
            base = slug(heading.group(1))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    found.update(HTML_ANCHOR.findall(text))
    return found


def broken_links(path, root=ROOT):
    """Each relative link or image in the file at `path` that leads nowhere, as "line: target
    (why)". A link starting with / starts from `root`, as on GitHub, and none may leave it."""
    broken = []
    for line, target in links(path.read_text()):
        if EXTERNAL.match(target):
            continue
        address, _, part = target.partition("#")
        address = unquote(address)
        if not address:
            destination = path
        elif address.startswith("/"):
            destination = root / address.lstrip("/")
        else:
            destination = path.parent / address
        destination = destination.resolve()
        if not destination.is_relative_to(root) or not destination.exists():
            broken.append(f"{line}: {target} (no such file)")
        elif part and destination.is_dir():
            broken.append(f"{line}: {target} (a folder has no #{part})")
        elif part and destination.suffix == ".md" and unquote(part) not in anchors(destination):
            broken.append(f"{line}: {target} (no heading #{part} in {destination.name})")
    return broken


@pytest.mark.parametrize("path", documents(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_leads_somewhere(path):
    broken = broken_links(path)
    assert not broken, f"broken links in {path.relative_to(ROOT)}:\n" + "\n".join(broken)


def test_the_readme_is_at_most_250_lines():
    lines = len(README.read_text().splitlines())
    assert lines <= README_MOST_LINES, f"README.md is {lines} lines; move the detail into docs/"


def test_every_doc_is_in_the_index():
    index = DOCS / "README.md"
    linked = {
        (index.parent / unquote(target.partition("#")[0])).resolve()
        for _, target in links(index.read_text())
        if not EXTERNAL.match(target)
    }
    missing = [path.relative_to(ROOT) for path in documents()[1:] if path.resolve() not in linked]
    assert missing in ([], [Path("docs/README.md")]), f"not linked from docs/README.md: {missing}"


def test_a_broken_link_is_found(tmp_path):
    (tmp_path / "other.md").write_text("# Other\n\n## How to add…\n\n## Twice\n\n## Twice\n")
    doc = tmp_path / "doc.md"
    doc.write_text(
        "# Doc\n\n"
        "[fine](other.md) [part](other.md#how-to-add) [again](other.md#twice-1) [here](#doc)\n"
        "![picture](missing.png) and [gone](other.md#nowhere)\n"
        "`[code](not-checked.md)` [away](https://example.org/x.md)\n"
        "```\n[in a block](not-checked-either.md)\n```\n"
        "[a link across\nlines](nowhere.md)\n\n[ref]: ../outside.md\n"
    )
    assert broken_links(doc, root=tmp_path) == [
        "4: missing.png (no such file)",
        "4: other.md#nowhere (no heading #nowhere in other.md)",
        "10: nowhere.md (no such file)",
        "12: ../outside.md (no such file)",
    ]
