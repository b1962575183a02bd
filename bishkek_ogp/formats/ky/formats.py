"""Kyrgyz dates in their grammatical form: "2025-жылдын 17-январы", not "17 Январь 2025 ж.".

The month after the day takes the possessive ("январы"): Django's "E", the alternative month
name, which the project's Kyrgyz catalogue gives (MONTHS_POSSESSIVE marks them for translation).
"""

from django.utils.translation import pgettext_lazy

DATE_FORMAT = "Y-жылдын j-E"
DATETIME_FORMAT = "Y-жылдын j-E, G:i"
YEAR_MONTH_FORMAT = "Y-жылдын F"
MONTH_DAY_FORMAT = "j-E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "G:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3

MONTHS_POSSESSIVE = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
