"""Search the plan in the reader's language: commitments, milestones, progress updates, the
committee, institutions, meetings and monitoring reports.

A query finds a text in the page's language and in the official one (English for the plan's
record), so a text that exists only in English is found from a Russian page too, and shown as
such. Words match in any grammatical form: on PostgreSQL through its full-text search (the
Russian configuration for Russian, English for English, the simple one with prefixes for Kyrgyz,
which PostgreSQL cannot stem), ranked, with highlighted excerpts; on SQLite, the embedded default,
through the same rules in Python (Snowball stemmers, prefixes for Kyrgyz), since SQLite knows
neither stems nor the case of Cyrillic letters. Codes as shown ("KGBSK0003", "KGBSK0003.2") and
names in either alphabet ("Kudabaev", "Кудабаев") are found too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import snowballstemmer
from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from commitments.models import (
    Commitment,
    CommitteeMember,
    Meeting,
    Milestone,
    Organization,
    ProgressUpdate,
)
from monitoring.models import MonitoringReport
from participation.models import Consultation

CONFIGS = {"ru": "russian", "en": "english", "ky": "simple"}
STEMMERS = {"ru": "russian", "en": "english"}
WORD = re.compile(r"\w+", re.UNICODE)
CODE = re.compile(r"^([A-Za-z]{5}\d{4})(?:\.(\d+))?$")
EXCERPT = 90  # characters on each side of the first match
LIMIT = 30  # hits of each kind
# Cyrillic letters as names are spelt in Latin letters in the plan's record (Kudabaev, Kasymov).
LATIN = dict(zip("абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя",
                 ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "ng",
                  "o", "o", "p", "r", "s", "t", "u", "u", "f", "kh", "ts", "ch", "sh", "shch", "",
                  "y", "", "e", "yu", "ya"], strict=True))  # fmt: skip


@dataclass(frozen=True)
class Source:
    kind: str
    rows: Callable[[], QuerySet]
    fields: tuple[str, ...]  # translated fields searched, in the order excerpts prefer them
    url: Callable[[object], str]
    names: tuple[str, ...] = ()  # untranslated fields (names, abbreviations)


@dataclass
class Hit:
    kind: str
    row: object
    url: str
    excerpt: SafeString
    language: str  # of the excerpt: the page's, or the official one it falls back to
    rank: float


def _committee_url(_row) -> str:
    return reverse("commitments:committee")


SOURCES = [
    Source("commitment", lambda: Commitment.objects.published(),
           ("title", "problem", "status_quo", "objective"), lambda r: r.get_absolute_url()),
    Source("milestone", lambda: Milestone.objects.published().select_related("commitment"),
           ("title", "description", "expected_output"),
           lambda r: r.get_absolute_url()),
    Source("update", lambda: ProgressUpdate.objects.published().select_related(
               "milestone__commitment"), ("note",), lambda r: r.get_absolute_url()),
    Source("member", lambda: CommitteeMember.objects.filter(plan__published=True),
           ("position",), _committee_url, names=("full_name",)),
    Source("organization", lambda: Organization.objects.all(), ("name",), _committee_url,
           names=("abbreviation",)),
    Source("meeting", lambda: Meeting.objects.published(), ("title", "summary", "place"),
           lambda r: f"{_committee_url(r)}#meeting-{r.pk}"),
    Source("report", lambda: MonitoringReport.objects.published(),
           ("title", "summary", "methodology", "findings"), lambda r: r.get_absolute_url()),
    Source("consultation", lambda: Consultation.objects.published(),
           ("title", "question", "summary"), lambda r: r.get_absolute_url()),
]  # fmt: skip


def search(query: str) -> dict[str, list[Hit]]:
    """Hits by kind, best first; codes as shown come first of all."""
    language = get_language() or settings.LANGUAGE_CODE
    words = WORD.findall(query)
    if not words:
        return {}
    results = {"code": _by_code(query.strip())}
    shown = {(hit.kind, hit.row.pk) for hit in results["code"]}
    find = _postgres if connection.vendor == "postgresql" else _python
    for source in SOURCES:
        best: dict[int, Hit] = {}
        for hit in find(source, words, language, query.strip()) + _by_name(source, words):
            known = best.get(hit.row.pk)
            if (source.kind, hit.row.pk) not in shown and (known is None or hit.rank > known.rank):
                best[hit.row.pk] = hit
        results[source.kind] = sorted(best.values(), key=lambda h: -h.rank)[:LIMIT]
    return {kind: hits for kind, hits in results.items() if hits}


def _languages(language: str) -> list[str]:
    official = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return [language] if language == official else [language, official]


# --- Codes and names ------------------------------------------------------------------------------


def _by_code(query: str) -> list[Hit]:
    found = CODE.match(query)
    if not found:
        return []
    code, number = found.group(1).upper(), found.group(2)
    commitment = Commitment.objects.published().filter(code=code).first()
    if commitment is None:
        return []
    if number is None:
        return [Hit("commitment", commitment, commitment.get_absolute_url(), SafeString(""), "",
                    1e9)]  # fmt: skip
    milestone = commitment.milestones.filter(order=int(number)).first()
    if milestone is None:
        return []
    url = milestone.get_absolute_url()
    return [Hit("milestone", milestone, url, SafeString(""), "", 1e9)]


def _latin(text: str) -> str:
    return "".join(LATIN.get(letter, letter) for letter in text.casefold())


def _by_name(source: Source, words: list[str]) -> list[Hit]:
    """Rows whose names hold every word, in Latin or Cyrillic letters, in any case."""
    if not source.names:
        return []
    wanted = [_latin(word) for word in words]
    hits = []
    for row in source.rows():
        names = " ".join(getattr(row, name) or "" for name in source.names)
        folded = _latin(names)
        if all(word in folded for word in wanted):
            excerpt = format_html("<mark>{}</mark>", names)
            hits.append(Hit(source.kind, row, source.url(row), excerpt, "", 2.0))
    return hits


# --- PostgreSQL: its full-text search -------------------------------------------------------------


def _postgres(source: Source, words: list[str], language: str, typed: str) -> list[Hit]:
    vector, query = None, None
    for code in _languages(language):
        config = CONFIGS[code]
        columns = [f"{field}_{code}" for field in source.fields]
        part = SearchVector(*columns, config=config)
        vector = part if vector is None else vector + part
        wanted = _postgres_query(words, config)
        query = wanted if query is None else query | wanted
    columns = [_column(f"{field}_{language}") for field in source.fields]
    text = columns[0] if len(columns) == 1 else Concat(*columns, output_field=TextField())
    rows = (
        source.rows()
        # Matched with @@, not by a positive rank: ts_rank can say 0 for an OR of which one
        # side (a Kyrgyz prefix) matches.
        .annotate(search_document=vector, rank=SearchRank(vector, query))
        .filter(Q(search_document=query) | _literally(source, typed, language))
        .annotate(
            excerpt=SearchHeadline(
                text,
                query,
                config=CONFIGS[language],
                start_sel="<mark>",
                stop_sel="</mark>",
                max_words=30,
                min_words=12,
            )
        )
        .order_by("-rank")[:LIMIT]
    )
    hits = []
    for row in rows:
        if "<mark>" in (row.excerpt or ""):
            excerpt, shown = _safe(row.excerpt), language
        else:  # matched in the official language only: shown in it, and marked so
            shown = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
            excerpt = _python_excerpt(row, source, words, shown)
        hits.append(Hit(source.kind, row, source.url(row), excerpt, shown, row.rank))
    return hits


def _literally(source: Source, text: str, language: str) -> Q:
    """The words as typed, anywhere: what the parser drops (markup, formulas) is found too."""
    condition = Q()
    for code in _languages(language):
        for field in source.fields:
            condition |= Q(**{f"{field}_{code}__icontains": text})
    return condition


def _column(name: str):
    text = Coalesce(F(name), Value(""), output_field=TextField())
    return Concat(text, Value(" \u2026 "), output_field=TextField())


def _postgres_query(words: list[str], config: str) -> SearchQuery:
    if config == "simple":  # Kyrgyz: no stemmer, so every word as a prefix
        raw = " & ".join(f"{word}:*" for word in words)  # \w+ words: nothing to escape
        return SearchQuery(raw, config=config, search_type="raw")
    return SearchQuery(" ".join(words), config=config, search_type="plain")


def _safe(excerpt: str) -> SafeString:
    """PostgreSQL's headline is the text as stored with <mark> inserted: escape the rest."""
    parts = re.split(r"(</?mark>)", excerpt or "")
    return mark_safe("".join(p if p in ("<mark>", "</mark>") else escape(p)
                             for p in parts))  # fmt: skip


# --- SQLite: the same rules in Python -------------------------------------------------------------


@functools.cache
def _stemmer(language: str):
    name = STEMMERS.get(language)
    return snowballstemmer.stemmer(name) if name else None


def _stems(words: Iterable[str], language: str) -> list[str]:
    folded = [word.casefold() for word in words]
    stemmer = _stemmer(language)
    return stemmer.stemWords(folded) if stemmer else folded


def _python(source: Source, words: list[str], language: str, typed: str) -> list[Hit]:
    hits = []
    for row in source.rows():
        for code in _languages(language):
            rank = _rank(row, source, words, code)
            literal = typed.casefold() in _text(row, source, code).casefold()
            if rank or literal:
                excerpt = _python_excerpt(row, source, words, code)
                hits.append(Hit(source.kind, row, source.url(row), excerpt, code, rank or 0.5))
                break
    return hits


def _text(row, source: Source, language: str) -> str:
    return " ".join(getattr(row, f"{field}_{language}") or "" for field in source.fields)


def _rank(row, source: Source, words: list[str], language: str) -> float:
    """How many times the query's words (all of them) occur, by stem or, in Kyrgyz, prefix."""
    found = _stems(WORD.findall(_text(row, source, language)), language)
    total = 0
    for wanted in _stems(words, language):
        count = sum(1 for stem in found if stem == wanted or stem.startswith(wanted))
        if not count:
            return 0
        total += count
    return float(total)


def _python_excerpt(row, source: Source, words: list[str], language: str) -> SafeString:
    wanted = _stems(words, language)
    for field in source.fields:
        text = getattr(row, f"{field}_{language}") or ""
        for match in WORD.finditer(text):
            stem = _stems([match.group()], language)[0]
            if any(stem == w or stem.startswith(w) for w in wanted):
                start, end = max(match.start() - EXCERPT, 0), match.end() + EXCERPT
                return format_html(
                    "{}{}<mark>{}</mark>{}{}",
                    "\u2026 " if start else "",
                    text[start : match.start()],
                    match.group(),
                    text[match.end() : end],
                    " \u2026" if end < len(text) else "",
                )
    return SafeString("")
