"""Text for outputs built on XML (Atom, Open311, XLSX, the PDFs' HTML): no control characters."""

from __future__ import annotations

import re

# Everything but XML 1.0's Char production: tab, newline, carriage return and U+0020 upwards,
# less the surrogates and U+FFFE/U+FFFF.
NOT_XML_CHARACTER = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry (NUL, bell, escape and the like).

    Forms refuse only NUL, so the others reach the database; they mean nothing to a reader, and
    left in they fail the feed or break every client's parser of the Open311 answer.
    """
    return NOT_XML_CHARACTER.sub("", text)
