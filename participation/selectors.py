"""Reads for the participation pages: a consultation's figures, where a commitment came from."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from .models import Consultation, Contribution

# The feedback statistics' rule: below this, figures would single people out or mislead.
MIN_CONTRIBUTIONS = 10


@dataclass(frozen=True)
class ConsultationFigures:
    contributions: int
    answered: int | None = None
    share_accepted: int | None = None  # percent of the answered
    median_days_to_answer: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.answered is None


def consultation_figures(consultation: Consultation) -> ConsultationFigures:
    """Public contributions, how many were answered, the share accepted (fully or partly) and
    the median days to an answer; only the count while fewer than MIN_CONTRIBUTIONS."""
    rows = list(
        Contribution.objects.published()
        .filter(consultation=consultation)
        .values_list("response", "created_at", "responded_at")
    )
    if len(rows) < MIN_CONTRIBUTIONS:
        return ConsultationFigures(len(rows))
    answered = [(r, sent, at) for r, sent, at in rows if r]
    accepted = sum(1 for r, _s, _a in answered if r in {"accepted", "partly"})
    days = [(at - sent).total_seconds() / 86400 for _r, sent, at in answered]
    return ConsultationFigures(
        len(rows),
        len(answered),
        round(100 * accepted / len(answered)) if answered else 0,
        round(statistics.median(days), 1) if days else None,
    )


def origins(*, commitment=None, milestone=None) -> list[Contribution]:
    """The public contributions a commitment or a milestone came from."""
    found = Contribution.objects.published().select_related("consultation")
    if milestone is not None:
        return list(found.filter(became_milestone=milestone))
    return list(found.filter(became_commitment=commitment))
