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


# Starting answers moderators adapt; the city edits or replaces them in the admin. Kept only
# when no template exists at all, so deleting one in the admin is final.
RESPONSE_TEMPLATES = [
    (
        "received",
        "Received",
        "Thank you. Your feedback has been received and passed to the responsible service.",
        "Спасибо. Ваш отзыв получен и передан ответственной службе.",
        "Рахмат. Сиздин пикириңиз кабыл алынды жана жооптуу кызматка өткөрүлүп берилди.",
    ),
    (
        "in_progress",
        "Work started",
        "The responsible service has started work on the problem you described.",
        "Ответственная служба начала работу по описанной вами проблеме.",
        "Жооптуу кызмат сиз сүрөттөгөн көйгөй боюнча иштей баштады.",
    ),
    (
        "resolved",
        "Resolved",
        "The problem has been resolved. Please tell us through your tracking link whether "
        "it really was, and rate this answer.",
        "Проблема решена. Пожалуйста, сообщите по вашей ссылке для отслеживания, "
        "действительно ли это так, и оцените этот ответ.",
        "Көйгөй чечилди. Сураныч, көзөмөл шилтемеңиз аркылуу чындап чечилгенин билдирип, "
        "бул жоопко баа бериңиз.",
    ),
    (
        "rejected",
        "Not a municipal matter",
        "This matter is outside the responsibility of the Mayor's Office; "
        "the reason is given below.",
        "Этот вопрос не входит в компетенцию мэрии; причина указана ниже.",
        "Бул маселе мэриянын карамагына кирбейт; себеби төмөндө көрсөтүлгөн.",
    ),
    (
        "duplicate",
        "Already reported",
        "This problem has already been reported; follow the original request for updates.",
        "Об этой проблеме уже сообщали; следите за исходным обращением.",
        "Бул көйгөй тууралуу мурда эле кабарланган; баштапкы кайрылууну көзөмөлдөңүз.",
    ),
]


def ensure_response_templates(apps) -> None:
    """Offer the starting answers on a database that has no response template yet."""
    try:
        ResponseTemplate = apps.get_model("feedback", "ResponseTemplate")
    except LookupError:  # migrated back to before the model existed
        return
    if ResponseTemplate.objects.exists():
        return
    for status, name, en, ru, ky in RESPONSE_TEMPLATES:
        ResponseTemplate.objects.create(
            status=status, name=name, text=en, text_en=en, text_ru=ru, text_ky=ky
        )
