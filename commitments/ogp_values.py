"""The four OGP values every database needs, created idempotently after each migrate and flush."""

from django.apps import apps as global_apps

OGP_VALUES = [
    ("access_to_information", "Access to information", "Доступ к информации", "Маалыматка жетүү"),
    ("civic_participation", "Civic participation", "Гражданское участие", "Жарандык катышуу"),
    (
        "public_accountability",
        "Public accountability",
        "Публичная подотчётность",
        "Коомдук отчеттуулук",
    ),
    (
        "technology_innovation",
        "Technology and innovation for transparency and accountability",
        "Технологии и инновации для прозрачности и подотчётности",
        "Ачыктык жана отчеттуулук үчүн технологиялар жана инновациялар",
    ),
]


def ensure_ogp_values(apps) -> None:
    OgpValue = apps.get_model("commitments", "OgpValue")
    for order, (code, en, ru, ky) in enumerate(OGP_VALUES):
        OgpValue.objects.get_or_create(
            code=code,
            defaults={"order": order, "name": en, "name_en": en, "name_ru": ru, "name_ky": ky},
        )


def refresh_ogp_values(sender, apps=global_apps, **kwargs) -> None:
    """post_migrate receiver; `flush` sends the signal too, without `apps`."""
    ensure_ogp_values(apps)
