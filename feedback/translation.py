from modeltranslation.translator import TranslationOptions, register

from .models import District, Service


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(District)
class DistrictTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
