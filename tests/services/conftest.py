import pytest

from tests.collected_static import collected_static
from tests.services.site import MEMBER_PASSWORD, running_site


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """One production-shaped site for the fault and backup tests (starting one costs a minute)."""
    static_root = collected_static(tmp_path_factory)
    with running_site(tmp_path_factory.mktemp("site"), static_root) as site:
        site.manage(
            "shell",
            "-c",
            "from django.contrib.auth.models import Group, User; "
            f"u = User.objects.create_user('member', password='{MEMBER_PASSWORD}', is_staff=True); "
            "u.groups.add(Group.objects.get(name='Committee members'))",
        )
        yield site
