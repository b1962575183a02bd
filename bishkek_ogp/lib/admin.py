"""What the back offices of the apps share."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """The change history of a row, where reverting to an old version is a change like any other.

    django-simple-history saves a posted old version for anyone who may *view* the row (it only
    hides the button), so read-only roles could write through the history page.
    """

    # An old version is saved whole, the fields the change form keeps read-only included; an
    # admin whose form protects some fields turns reverting off.
    can_revert = True

    def revert_disabled(self, request, obj=None) -> bool:
        return not self.can_revert or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.may_revert(request, unquote(object_id)):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def may_revert(self, request, object_id: str) -> bool:
        if not self.can_revert:
            return False
        obj = self.get_object(request, object_id)
        if obj is None:  # reverting a deleted row brings it back: that is adding it
            return self.has_add_permission(request)
        return self.has_change_history_permission(request, obj)
