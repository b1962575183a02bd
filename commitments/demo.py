"""Illustrative milestones and progress, so that a new installation shows a living portal.

None of this is official: the plan's real milestones are not public. Every row is flagged
`is_demo`, every page shows a banner while such rows exist, and `remove_demo_data` takes them out.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import transaction
from django.db.models import Q

from .models import Commitment, Evidence, Milestone, ProgressUpdate, noon_on
from .services import record_progress, save_milestone, set_translations

D = datetime.date

# code -> milestones: (title, start, due, [(date, status, progress, note, evidence title)])
DEMO_MILESTONES = {
    "KGBSK0001": [
        (
            "Analyse citizens' appeals by area of city life and social group",
            D(2025, 1, 15),
            D(2025, 4, 30),
            [
                (D(2025, 3, 1), "in_progress", 50, "Appeals for 2023 grouped by area.", None),
                (
                    D(2025, 4, 25),
                    "completed",
                    100,
                    "Analysis finished and shared with the committee.",
                    "Analysis of citizens' appeals (illustrative)",
                ),
            ],
        ),
        (
            "Publish an open map of recurring problems raised in appeals",
            D(2025, 5, 1),
            D(2025, 9, 30),
            [(D(2025, 8, 10), "in_progress", 60, "Map prototype tested with residents.", None)],
        ),
        (
            "Hold district hearings on short-term planning priorities",
            D(2025, 9, 1),
            D(2025, 12, 15),
            [],
        ),
    ],
    "KGBSK0002": [
        (
            "Publish an inventory of free municipal land plots",
            D(2025, 2, 1),
            D(2025, 6, 30),
            [(D(2025, 6, 5), "in_progress", 40, "Inventory drafted for two districts.", None)],
        ),
        ("Open online discussion of proposed land allocations", D(2025, 7, 1), D(2025, 12, 31), []),
    ],
    "KGBSK0003": [
        (
            "Design the service rating feature together with residents",
            D(2025, 1, 20),
            D(2025, 5, 31),
            [
                (
                    D(2025, 5, 20),
                    "completed",
                    100,
                    "Rating questions agreed in three workshops.",
                    "Workshop report (illustrative)",
                ),
            ],
        ),
        (
            "Pilot service ratings for transport and waste collection",
            D(2025, 6, 1),
            D(2025, 10, 31),
            [(D(2025, 9, 15), "in_progress", 50, "Pilot running in two districts.", None)],
        ),
        ("Publish service quality statistics every quarter", D(2025, 10, 1), D(2025, 12, 31), []),
    ],
}


# The demo texts in Russian and Kyrgyz, as the portal's editors would translate them.
TRANSLATIONS = {
    "Analyse citizens' appeals by area of city life and social group": {
        "ru": "Проанализировать обращения граждан по сферам городской жизни и социальным группам",
        "ky": "Жарандардын кайрылууларын шаардык турмуштун тармактары жана социалдык топтор "
        "боюнча талдоо",
    },
    "Appeals for 2023 grouped by area.": {
        "ru": "Обращения за 2023 год сгруппированы по сферам.",
        "ky": "2023-жылдагы кайрылуулар тармактар боюнча топтоштурулду.",
    },
    "Analysis finished and shared with the committee.": {
        "ru": "Анализ завершён и передан комитету.",
        "ky": "Талдоо аяктап, комитетке берилди.",
    },
    "Analysis of citizens' appeals (illustrative)": {
        "ru": "Анализ обращений граждан (пример)",
        "ky": "Жарандардын кайрылууларын талдоо (мисал)",
    },
    "Publish an open map of recurring problems raised in appeals": {
        "ru": "Опубликовать открытую карту повторяющихся проблем из обращений",
        "ky": "Кайрылууларда кайталанган көйгөйлөрдүн ачык картасын жарыялоо",
    },
    "Map prototype tested with residents.": {
        "ru": "Прототип карты проверен вместе с жителями.",
        "ky": "Картанын прототиби тургундар менен бирге сыналды.",
    },
    "Hold district hearings on short-term planning priorities": {
        "ru": "Провести районные слушания о приоритетах краткосрочного планирования",
        "ky": "Кыска мөөнөттүү пландоонун артыкчылыктары боюнча райондук угууларды өткөрүү",
    },
    "Publish an inventory of free municipal land plots": {
        "ru": "Опубликовать перечень свободных муниципальных земельных участков",
        "ky": "Бош муниципалдык жер тилкелеринин тизмесин жарыялоо",
    },
    "Inventory drafted for two districts.": {
        "ru": "Перечень подготовлен для двух районов.",
        "ky": "Тизме эки район боюнча даярдалды.",
    },
    "Open online discussion of proposed land allocations": {
        "ru": "Открыть онлайн-обсуждение предлагаемых решений о выделении земли",
        "ky": "Жер бөлүү боюнча сунушталган чечимдерди онлайн талкуулоону ачуу",
    },
    "Design the service rating feature together with residents": {
        "ru": "Разработать функцию оценки услуг вместе с жителями",
        "ky": "Кызматтарды баалоо функциясын тургундар менен бирге иштеп чыгуу",
    },
    "Rating questions agreed in three workshops.": {
        "ru": "Вопросы для оценки согласованы на трёх семинарах.",
        "ky": "Баалоо суроолору үч семинарда макулдашылды.",
    },
    "Workshop report (illustrative)": {
        "ru": "Отчёт о семинаре (пример)",
        "ky": "Семинар тууралуу отчет (мисал)",
    },
    "Pilot service ratings for transport and waste collection": {
        "ru": "Запустить пилотную оценку транспорта и вывоза мусора",
        "ky": "Транспортту жана таштанды чыгарууну баалоону сыноо иретинде баштоо",
    },
    "Pilot running in two districts.": {
        "ru": "Пилот идёт в двух районах.",
        "ky": "Сыноо эки райондо жүрүп жатат.",
    },
    "Publish service quality statistics every quarter": {
        "ru": "Ежеквартально публиковать статистику качества услуг",
        "ky": "Кызматтардын сапаты боюнча статистиканы ар кварталда жарыялоо",
    },
}
EDITORS = {language: "editors" for language in ("ru", "ky")}


def in_three_languages(text: str) -> dict[str, str]:
    return {"en": text, **TRANSLATIONS.get(text, {})}


@transaction.atomic
def load_demo_data(*, copies: int = 1) -> Counter:
    """Add the illustrative milestones and progress to commitments that have no milestones yet.

    `copies` repeats them, to try the site (and measure it) with a plan of many milestones.
    """
    counts: Counter = Counter()
    for commitment in Commitment.objects.filter(code__in=DEMO_MILESTONES):
        if commitment.milestones.exists():
            continue
        for order, (title, starts_on, ends_on, updates) in enumerate(
            DEMO_MILESTONES[commitment.code] * copies, start=1
        ):
            milestone = Milestone(
                commitment=commitment,
                order=order,
                starts_on=starts_on,
                ends_on=ends_on,
                is_demo=True,
                translated_by=EDITORS,
            )
            set_translations(milestone, "title", in_three_languages(title))
            # Recorded at the dates they illustrate, like their updates (noon_on).
            milestone._history_date = noon_on(starts_on)
            save_milestone(milestone=milestone, by=None)
            counts["milestones"] += 1
            for published_on, status, progress, note, evidence_title in updates:
                update = record_progress(
                    milestone=milestone,
                    author=None,
                    status=status,
                    progress=progress,
                    note=in_three_languages(note),
                    published_on=published_on,
                    is_demo=True,
                    translated_by=EDITORS,
                )
                # Recorded, like the milestones' history, at the date it illustrates.
                moment = noon_on(published_on)
                ProgressUpdate.objects.filter(pk=update.pk).update(
                    created_at=moment, published_at=moment
                )
                counts["progress updates"] += 1
                if evidence_title:
                    evidence = Evidence(
                        update=update,
                        url=f"https://example.org/demo/{commitment.code.lower()}-{order}",
                        is_demo=True,
                        translated_by=EDITORS,
                    )
                    set_translations(evidence, "title", in_three_languages(evidence_title))
                    evidence.full_clean()
                    evidence.save()
                    counts["evidence"] += 1
    return counts


class RealRowsOnDemoRows(Exception):
    """Rows that are not demo hang on demo rows: removing the demo would delete them too."""

    def __init__(self, rows: list) -> None:
        super().__init__(rows)
        self.rows = rows


def real_rows_on_demo_rows() -> list:
    """Real progress updates of demo milestones, and real evidence of demo updates."""
    updates = ProgressUpdate.objects.filter(is_demo=False, milestone__is_demo=True)
    evidence = Evidence.objects.filter(is_demo=False).filter(
        Q(update__is_demo=True) | Q(update__milestone__is_demo=True)
    )
    return [*updates.select_related("milestone__commitment"), *evidence]


@transaction.atomic
def remove_demo_data() -> int:
    """Delete every illustrative row and nothing else; how many were deleted.

    Raises RealRowsOnDemoRows, deleting nothing, when a real row hangs on a demo one (a committee
    member recorded real progress on a demo milestone): it would go with it.
    """
    if blockers := real_rows_on_demo_rows():
        raise RealRowsOnDemoRows(blockers)
    removed = 0
    for model in (Evidence, ProgressUpdate, Milestone):
        demo = model.objects.filter(is_demo=True)
        removed += demo.count()
        demo.delete()
    return removed
