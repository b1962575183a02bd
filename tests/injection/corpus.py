"""The XSS and injection corpus, and what each kind of output must make of it.

Every free-text input either stores a payload exactly as sent or refuses it with a clear message;
every output then shows it as text: escaped in HTML, a text node in XML, a string in JSON, a
neutralised cell in CSV, printed characters in a PDF, the literal in a plain-text email.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.utils.html import escape

CORPUS = [
    pytest.param("<script>alert(1)</script>", id="script-tag"),
    pytest.param('"><img src=x onerror=alert(1)>', id="double-quote-attribute-breaker"),
    pytest.param("' onmouseover='alert(1)", id="single-quote-attribute-breaker"),
    pytest.param("javascript:alert(1)", id="javascript-url"),
    pytest.param("<svg onload=alert(1)>", id="svg-onload"),
    pytest.param("'; DROP TABLE feedback_feedback; --", id="sql-drop-table"),
    pytest.param("1 OR 1=1", id="sql-tautology"),
    pytest.param("a\x00b", id="nul-byte"),
    # Words with markup, long enough to overflow every limit: 100 KB.
    pytest.param(("Lorem <b>ipsum</b> & dolor. " * 3700)[: 100 * 1024], id="100-kb"),
    pytest.param("\u202egnp.exe", id="right-to-left-override"),
    pytest.param('=HYPERLINK("http://x","y")', id="csv-hyperlink-formula"),
    pytest.param("+cmd", id="csv-plus-formula"),
    pytest.param("@SUM(1)", id="csv-at-formula"),
    pytest.param("-2+3+cmd|' /C calc'!A0", id="csv-dde-formula"),
    # Forms refuse NUL only: the other control characters reach the database.
    pytest.param("bell\x07 escape\x1b[2J", id="control-characters"),
]


def named(names: tuple[str, ...]) -> tuple[str, ...]:
    """The ids given, each checked to name a payload: a misspelt one must not quietly drop a case
    (or keep one meant to be left out)."""
    unknown = set(names) - {param.id for param in CORPUS}
    assert not unknown, f"no payload in the corpus is named {sorted(unknown)}"
    return names


def payload_named(name: str) -> str:
    """The payload with id `name`."""
    [param] = only(name)
    return param.values[0]


def payloads(*exclude: str) -> list:
    """The corpus without the payloads named (by id)."""
    return [param for param in CORPUS if param.id not in named(exclude)]


def only(*names: str) -> list:
    """The payloads named (by id)."""
    return [param for param in CORPUS if param.id in named(names)]


# What a text column can hold (PostgreSQL refuses NUL), and what fits a 255-character field.
STORABLE = payloads("nul-byte")
SHORT = payloads("nul-byte", "100-kb")
# What an address (path or query string) can carry: one holding NUL is refused before any view
# sees it (bishkek_ogp/lib/nul.py; tests/injection/test_search.py checks every kind of address).
IN_ADDRESSES = STORABLE

NUL_REFUSED = "Null characters are not allowed."
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Outside XML 1.0's characters: an XML answer drops them (a feed would fail, a parser break).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def refusal(payload: str, max_length: int | None) -> str | None:
    """The message a form, serializer or model gives for `payload`, or None: stored as sent."""
    if "\x00" in payload:
        return NUL_REFUSED
    if max_length is not None and len(payload) > max_length:
        return f"{max_length} characters"  # "has at most 255 …", "no more than 5000 …"
    return None


def admin_saved(response, payload: str, max_length: int | None = None) -> bool:
    """Whether an admin form carrying `payload` was saved: it redirects if the payload can be
    stored, and otherwise comes back with the refusal (both asserted here)."""
    refused = refusal(payload, max_length)
    if refused is None:
        assert response.status_code == 302
        return True
    assert response.status_code == 200
    assert refused in response.content.decode()
    return False


# --- HTML ---------------------------------------------------------------------------------------


class _Elements(HTMLParser):
    """Every element of a page with its attributes, and the text inside its <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs) -> None:
        self.elements.append((tag, attrs))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_startendtag(self, tag, attrs) -> None:
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag) -> None:
        self._in_script = False

    def handle_data(self, data) -> None:
        if self._in_script:
            self.scripts[-1] += data


def assert_no_planted_markup(html: str) -> None:
    """Nothing the corpus could plant: no event handler, no javascript: link, no alert script."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.elements:
        for name, value in attrs:
            assert not name.startswith("on"), f"<{tag} {name}={value!r}>"
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert not (value or "").strip().lower().startswith("javascript:"), (tag, value)
    assert not any("alert(" in script for script in parser.scripts)


def assert_shown_as_text(html: str, payload: str) -> None:
    """The payload is on the page as text: escaped, never markup."""
    assert escape(payload) in html
    if set(payload) & set("<>\"'"):
        assert payload not in html
    assert_no_planted_markup(html)


# --- XML, CSV, PDF --------------------------------------------------------------------------------


def xml_text(payload: str) -> str:
    """What an XML answer carries of `payload`: all of it but characters XML 1.0 cannot hold."""
    return NOT_XML.sub("", payload)


ATOM = "{http://www.w3.org/2005/Atom}"


def feed_summaries(content: bytes) -> list[str]:
    """The entries' summaries of an Atom feed, parsed (so the feed is well-formed XML)."""
    root = ElementTree.fromstring(content)
    assert root.tag == f"{ATOM}feed"
    return [entry.findtext(f"{ATOM}summary") or "" for entry in root.iter(f"{ATOM}entry")]


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def assert_spreadsheet_safe(cell: str, payload: str) -> None:
    """The cell holds the payload, with a leading quote where a spreadsheet would run it."""
    assert not cell.startswith(FORMULA_STARTS), cell
    assert cell == (f"'{payload}" if payload.startswith(FORMULA_STARTS) else payload)


def flat(text: str) -> str:
    """Text with all white space removed: a PDF breaks lines wherever they fill up."""
    return "".join(text.split())
