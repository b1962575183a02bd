"""Who may write through the API: the same permission as in the admin."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly


class AdminPermissions(DjangoModelPermissionsOrAnonReadOnly):
    """Reading is open to all; a write needs an active staff account with the permission the
    admin asks for the same change, checked at each request.

    An action that writes another model than the view's names it in `required_permission`.
    A method the view does not answer at all is left to the view, which says 405.
    """

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or not hasattr(view, request.method.lower()):
            return True
        # As the admin: an account whose staff status was removed keeps its token, but the token
        # writes no more than the account could sign in to the admin.
        if not (request.user and request.user.is_active and request.user.is_staff):
            return False
        required = getattr(view, "required_permission", None)
        if required:
            user = request.user
            return bool(user and user.is_authenticated and user.has_perm(required))
        return super().has_permission(request, view)
