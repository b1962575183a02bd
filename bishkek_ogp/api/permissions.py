"""Who may write through the API: the same permission as in the admin."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly


class AdminPermissions(DjangoModelPermissionsOrAnonReadOnly):
    """Reading is open to all; a write needs the permission the admin asks for the same change.

    An action that writes another model than the view's names it in `required_permission`.
    A method the view does not answer at all is left to the view, which says 405.
    """

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or not hasattr(view, request.method.lower()):
            return True
        required = getattr(view, "required_permission", None)
        if required:
            user = request.user
            return bool(user and user.is_authenticated and user.has_perm(required))
        return super().has_permission(request, view)
