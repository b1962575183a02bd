from modeltranslation.translator import TranslationOptions, register

from .models import District, ResponseTemplate, Service


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(District)
class DistrictTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(ResponseTemplate)
class ResponseTemplateTranslation(TranslationOptions):
    fields = ("text",)
    # Moderators write in Russian first; other languages fall back to it.
    required_languages = ("ru",)
