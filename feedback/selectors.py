"""Public statistics of citizens' feedback, aggregated by the database.

Every figure is a count, an average or a handful of ranked rows per group: the database does the
work and Python only divides, so the page costs the same with a hundred ratings or a million.
Figures resting on fewer than MIN_RESPONSES values are withheld: FixMyStreet's league tables
showed how misleading a 100 % from three reports is.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import Floor, RowNumber, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import District, Feedback, Service

MIN_RESPONSES = 10
Z_95 = 1.959963984540054  # two-sided 95 % quantile of the normal distribution
PERIOD_MONTHS = 12
PERCENTILES = (0.5, 0.9)


def _answer_counts(now: datetime.datetime) -> dict:
    return {
        # An answer is due once it was given or its deadline passed, whichever comes first.
        "due": Count("pk", filter=Q(first_answered_at__isnull=False) | Q(answer_due_at__lt=now)),
        "on_time": Count("pk", filter=Q(first_answered_at__lte=F("answer_due_at"))),
    }


def wilson_interval(successes: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """95 % Wilson score interval of a proportion; unlike p ± 1.96·SE it stays inside [0, 1]."""
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return max(0.0, centre - half_width), min(1.0, centre + half_width)


@dataclass(frozen=True)
class Share:
    part: int
    total: int

    @property
    def suppressed(self) -> bool:
        return self.total < MIN_RESPONSES

    @property
    def value(self) -> float:
        return self.part / self.total

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.part, self.total)


@dataclass(frozen=True)
class Durations:
    """Median and 90th percentile of waiting times, in days (linear interpolation)."""

    count: int = 0
    median: float | None = None
    p90: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.count < MIN_RESPONSES


@dataclass
class Cell:
    key: str
    label: str
    ratings: int = 0
    mean: float | None = None
    satisfied: Share = field(default_factory=lambda: Share(0, 0))
    on_time: Share = field(default_factory=lambda: Share(0, 0))
    answers_rated_well: Share = field(default_factory=lambda: Share(0, 0))
    to_first_answer: Durations = field(default_factory=Durations)
    to_resolution: Durations = field(default_factory=Durations)

    @property
    def suppressed(self) -> bool:
        return self.ratings < MIN_RESPONSES


@dataclass(frozen=True)
class Statistics:
    since: datetime.datetime
    by_service: list[Cell]
    by_district: list[Cell]
    by_month: list[Cell]

    @property
    def satisfied(self) -> Share:
        """Every rating of the period and how many were 4 or 5: the summary read first (each
        rating falls in one of the period's months)."""
        return Share(
            sum(cell.satisfied.part for cell in self.by_month),
            sum(cell.satisfied.total for cell in self.by_month),
        )

    def tables(self) -> list[tuple[str, str, list[Cell]]]:
        return [
            ("service", _("By service"), self.by_service),
            ("district", _("By district"), self.by_district),
            ("month", _("By month"), self.by_month),
        ]

    def shown_tables(self) -> list[tuple[str, str, list[Cell], int]]:
        """Each table with only its rows that have enough ratings, and how many rows it left out."""
        return [
            (key, title, [c for c in cells if not c.suppressed], sum(c.suppressed for c in cells))
            for key, title, cells in self.tables()
        ]


def period_start(now: datetime.datetime, months: int = PERIOD_MONTHS) -> datetime.datetime:
    """First moment of the month `months - 1` months before now's, in Bishkek time."""
    local = timezone.localtime(now)
    month_index = local.year * 12 + local.month - 1 - (months - 1)
    return local.replace(
        year=month_index // 12,
        month=month_index % 12 + 1,
        day=1,
        hour=0,
        minute=0,
        second=0,
        microsecond=0,
    )


def _counts(ratings: QuerySet, group: str, now: datetime.datetime) -> dict:
    rows = ratings.values(group).annotate(
        ratings=Count("pk"),
        mean=Avg("rating"),
        satisfied=Count("pk", filter=Q(rating__gte=4)),
        rated_answers=Count("pk", filter=Q(answer_rating__isnull=False)),
        answers_rated_well=Count("pk", filter=Q(answer_rating__gte=4)),
        **_answer_counts(now),
    )
    return {row[group]: row for row in rows}


def _durations(ratings: QuerySet, group: str, until: str) -> dict:
    """Median and p90 of `until - created_at` per group, from the ranked rows the database picks.

    With n values sorted, the p-quantile lies at rank h = 1 + (n - 1)·p, between the rows ranked
    floor(h) and floor(h) + 1 (PostgreSQL's percentile_cont); only those rows are fetched.
    """
    waited = ExpressionWrapper(F(until) - F("created_at"), output_field=DurationField())
    ranked = (
        ratings.filter(**{f"{until}__isnull": False})
        .annotate(
            waited=waited,
            rank=Window(RowNumber(), partition_by=[F(group)], order_by=[waited.asc(), "pk"]),
            n=Window(Count("pk"), partition_by=[F(group)]),
        )
        .values(group, "waited", "rank", "n")
    )
    wanted = Q()
    for p in PERCENTILES:
        low = Floor((F("n") - 1) * p + 1)
        wanted |= Q(rank=low) | Q(rank=low + 1)
    picked: dict = {}
    for row in ranked.filter(wanted):
        days = row["waited"].total_seconds() / 86400
        picked.setdefault(row[group], {"n": row["n"], "ranks": {}})["ranks"][row["rank"]] = days
    result = {}
    for key, found in picked.items():
        n, ranks = found["n"], found["ranks"]
        quantiles = []
        for p in PERCENTILES:
            h = 1 + (n - 1) * p
            low = math.floor(h)
            high_value = ranks.get(low + 1, ranks[low])
            quantiles.append(ranks[low] + (h - low) * (high_value - ranks[low]))
        result[key] = Durations(n, *quantiles)
    return result


def _cells(ratings: QuerySet, group: str, keys: list[tuple], now: datetime.datetime) -> list[Cell]:
    counts = _counts(ratings, group, now)
    first_answers = _durations(ratings, group, "first_answered_at")
    resolutions = _durations(ratings, group, "resolved_at")
    cells = []
    for value, key, label in keys:
        cell = Cell(key=key, label=label)
        row = counts.get(value)
        if row:
            cell.ratings = row["ratings"]
            cell.mean = row["mean"]
            cell.satisfied = Share(row["satisfied"], row["ratings"])
            cell.on_time = Share(row["on_time"], row["due"])
            cell.answers_rated_well = Share(row["answers_rated_well"], row["rated_answers"])
        cell.to_first_answer = first_answers.get(value, Durations())
        cell.to_resolution = resolutions.get(value, Durations())
        cells.append(cell)
    return cells


def month_keys(since: datetime.datetime, months: int = PERIOD_MONTHS) -> list[tuple]:
    keys, month = [], since
    for _i in range(months):
        keys.append((month, month.strftime("%Y-%m"), month))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return keys


def feedback_statistics(now: datetime.datetime | None = None) -> Statistics:
    """Per service, district and month over the last twelve months; every rating counts."""
    now = now or timezone.now()
    since = period_start(now)
    ratings = Feedback.objects.filter(created_at__gte=since, created_at__lte=now)
    services = [(s.pk, s.code, s.name) for s in Service.objects.all()]
    districts = [(d.pk, d.slug, d.name) for d in District.objects.all()]
    by_month = ratings.annotate(month=TruncMonth("created_at"))
    return Statistics(
        since=since,
        by_service=_cells(ratings, "service", services, now),
        by_district=_cells(ratings, "district", districts, now),
        by_month=_cells(by_month, "month", month_keys(since), now),
    )


@dataclass(frozen=True)
class Headline:
    ratings_this_month: int
    on_time: Share


def feedback_headline(now: datetime.datetime | None = None) -> Headline:
    """KGBSK0003's figures: ratings this month and answers on time over the statistics' period."""
    now = now or timezone.now()
    this_month = Feedback.objects.filter(created_at__gte=period_start(now, months=1))
    period = Feedback.objects.filter(created_at__gte=period_start(now))
    totals = period.aggregate(**_answer_counts(now))
    return Headline(this_month.count(), Share(totals["on_time"], totals["due"]))


def _share_columns(name: str, share: Share, with_interval: bool = False) -> dict:
    columns = {name: None if share.suppressed else round(share.value, 4)}
    if with_interval:
        low, high = (None, None) if share.suppressed else share.interval
        columns[f"{name}_ci95_low"] = None if low is None else round(low, 4)
        columns[f"{name}_ci95_high"] = None if high is None else round(high, 4)
    return columns


def _duration_columns(name: str, durations: Durations) -> dict:
    hidden = durations.suppressed
    return {
        f"median_days_to_{name}": None if hidden else round(durations.median, 2),
        f"p90_days_to_{name}": None if hidden else round(durations.p90, 2),
    }


def statistics_rows(stats: Statistics):
    """The statistics as flat rows for the CSV and the API; withheld figures are None."""
    for dimension, _title, cells in stats.tables():
        for cell in cells:
            label = cell.key if dimension == "month" else cell.label
            if cell.suppressed:
                figures = dict.fromkeys(STATISTICS_COLUMNS)
            else:
                figures = {
                    "ratings": cell.ratings,
                    "mean_rating": round(cell.mean, 2),
                    **_share_columns("share_satisfied", cell.satisfied, with_interval=True),
                    **_duration_columns("first_answer", cell.to_first_answer),
                    **_duration_columns("resolution", cell.to_resolution),
                    **_share_columns("share_answered_within_deadline", cell.on_time),
                    **_share_columns("share_answers_rated_4_5", cell.answers_rated_well),
                }
            yield {
                "dimension": dimension,
                "key": cell.key,
                "label": str(label),
                "enough_responses": not cell.suppressed,
                **figures,
            }


STATISTICS_COLUMNS = [
    "ratings",
    "mean_rating",
    "share_satisfied",
    "share_satisfied_ci95_low",
    "share_satisfied_ci95_high",
    "median_days_to_first_answer",
    "p90_days_to_first_answer",
    "median_days_to_resolution",
    "p90_days_to_resolution",
    "share_answered_within_deadline",
    "share_answers_rated_4_5",
]
