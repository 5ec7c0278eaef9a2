"""The security tests' personas; the permission sweep's world (tests/security/world.py)."""

import pytest

from branches.roles import Role
from tests.factories import user_with_role
from tests.security.world import build_world


@pytest.fixture
def system_admin(db):
    return user_with_role("sysadmin", Role.SYSTEM_ADMIN)


@pytest.fixture
def world(db, settings, tmp_path):
    """Two committees with a record of every model in each branch; branch 1's are the planted ones."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()
