"""The security tests' personas; the permission sweep's world (tests/security/world.py)."""

import pytest

from branches.roles import Role
from tests.factories import user_with_role
from tests.security.world import build_world


@pytest.fixture
def system_admin(db):
    return user_with_role("sysadmin", Role.SYSTEM_ADMIN)


@pytest.fixture
def world(db, settings, tmp_path, time_machine):
    """Two committees with a record of every model in each branch; branch 1's are the planted ones.

    Built and swept on one day (2026-12-02), so that the table's expectations, which read
    the records as they stand that day, hold whatever day the suite runs."""
    time_machine.move_to("2026-12-02 10:00 +0800", tick=True)
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()
