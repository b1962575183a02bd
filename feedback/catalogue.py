"""The starting catalogue: Bishkek's four districts and the municipal services residents rate.

Providers and response deadlines are for the Mayor's Office to set in the admin: the official
sources do not name them, so none is filled in here (the deadline starts at a default of 14 days).
"""

DISTRICTS = [
    ("leninsky", "Leninsky district", "Ленинский район", "Ленин району"),
    ("oktyabrsky", "Oktyabrsky district", "Октябрьский район", "Октябрь району"),
    ("pervomaisky", "Pervomaisky district", "Первомайский район", "Биринчи Май району"),
    ("sverdlovsky", "Sverdlovsky district", "Свердловский район", "Свердлов району"),
]

SERVICES = [
    ("public-transport", "Public transport", "Общественный транспорт", "Коомдук транспорт"),
    ("waste-collection", "Waste collection", "Вывоз мусора", "Таштанды чыгаруу"),
    (
        "water-sewerage",
        "Water and sewerage",
        "Водоснабжение и канализация",
        "Суу менен камсыздоо жана канализация",
    ),
    ("heating", "Heating", "Отопление", "Жылытуу"),
    ("street-lighting", "Street lighting", "Уличное освещение", "Көчө жарыгы"),
    ("roads", "Roads", "Дороги", "Жолдор"),
    (
        "parks-green-spaces",
        "Parks and green spaces",
        "Парки и зелёные зоны",
        "Парктар жана жашыл аймактар",
    ),
    (
        "citizen-services",
        "Citizen services of the Mayor's Office",
        "Приём граждан в мэрии",
        "Мэриянын жарандарды тейлөөсү",
    ),
]


def ensure_catalogue(apps) -> None:
    """Create the districts and services that are missing; never overwrite an admin's edits."""
    District = apps.get_model("feedback", "District")
    Service = apps.get_model("feedback", "Service")
    for slug, en, ru, ky in DISTRICTS:
        District.objects.get_or_create(
            slug=slug, defaults={"name": en, "name_en": en, "name_ru": ru, "name_ky": ky}
        )
    for order, (code, en, ru, ky) in enumerate(SERVICES):
        Service.objects.get_or_create(
            code=code,
            defaults={"order": order, "name": en, "name_en": en, "name_ru": ru, "name_ky": ky},
        )
