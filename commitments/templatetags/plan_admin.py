from django import template

from ..selectors import committee_work

register = template.Library()


@register.inclusion_tag("admin/includes/committee_work.html", takes_context=True)
def committee_panel(context) -> dict:
    return committee_work(context["request"].user)


@register.filter
def admin_changelist(model) -> str:
    """The name of the model's admin list, for {% url %}."""
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"


@register.filter
def verbose_plural(model) -> str:
    return model._meta.verbose_name_plural
