from django import template

from ..selectors import milestones_needing_attention, texts_needing_translation

register = template.Library()


@register.inclusion_tag("admin/includes/attention.html")
def attention_panel() -> dict:
    return {**milestones_needing_attention(), "untranslated": texts_needing_translation()}


@register.filter
def admin_changelist(model) -> str:
    """The name of the model's admin list, for {% url %}."""
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"


@register.filter
def verbose_plural(model) -> str:
    return model._meta.verbose_name_plural
