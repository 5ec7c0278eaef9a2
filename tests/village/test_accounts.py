"""The account pages give the role home_secretary with a home organisation, like any business role."""

from branches.models import StaffScope
from tests.factories import Role, user_with_role


def test_the_system_administrator_creates_a_village_secretary(client, db, xinzhou):
    client.force_login(user_with_role("sysadmin", Role.SYSTEM_ADMIN))
    data = {
        "username": "xinzhou",
        "full_name": "韩支书",
        "role": "home_secretary",
        "password1": "Anren-2026-village",
        "password2": "Anren-2026-village",
    }
    response = client.post("/accounts/users/new/", data)
    assert response.status_code == 200 and "流出地党组织书记须指定流出地党组织" in response.content.decode()
    assert not StaffScope.objects.filter(user__username="xinzhou").exists()
    response = client.post("/accounts/users/new/", data | {"home_organisation": "987654"})
    assert response.status_code == 200
    assert not StaffScope.objects.filter(user__username="xinzhou").exists()
    response = client.post("/accounts/users/new/", data | {"home_organisation": xinzhou.pk})
    assert response.status_code == 302
    scope = StaffScope.objects.get(user__username="xinzhou")
    assert (scope.role, scope.home_organisation, scope.branch, scope.committee) == (
        "home_secretary",
        xinzhou,
        None,
        None,
    )
    assert "永乐江镇新洲村" in client.get("/accounts/users/").content.decode()
