"""Serializer fields the apps' API shares."""

from __future__ import annotations

from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from modeltranslation.translator import translator
from rest_framework import serializers

from .views import LANGUAGE_CODES

PROVENANCE_SCHEMA = {
    "type": "object",
    "description": (
        "For each translated text of the row, in the answer's language: the language of the "
        "text given, and whether it is the official text, a translation (by the portal's "
        "editors, the city or the monitoring body) or a fallback to the language it exists in."
    ),
    "additionalProperties": {
        "type": "object",
        "properties": {
            "language": {"type": "string", "enum": LANGUAGE_CODES},
            "status": {
                "type": "string",
                "enum": ["official", "translation", "fallback", "missing"],
            },
            "by": {"type": "string", "enum": ["editors", "city", "monitor"]},
        },
        "required": ["language", "status"],
    },
}


@extend_schema_field(PROVENANCE_SCHEMA)
class TextProvenanceField(serializers.Field):
    """Whose words each translated text of the row is (the row's `text_provenance`)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, row) -> dict:
        translated = translator.get_options_for_model(type(row)).fields
        shown = set(self.parent.fields)
        language = get_language()
        return {
            field: row.text_provenance(field, language) for field in translated if field in shown
        }
