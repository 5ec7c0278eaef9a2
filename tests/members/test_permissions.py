"""Every URL of members.urls × every role: the expected answer. A new URL without a row fails."""

import pytest
from django.urls import get_resolver, reverse

from members.models import ImportBatch

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "county_admin", "committee_staff", "secretary1", "secretary2", "auditor"]

# url name → expected status per role (alice is a member of branch 1; the batch is the committee's).
MATRIX = {
    "list": [302, 200, 200, 200, 200, 200],
    "create": [302, 200, 200, 200, 200, 403],
    "export": [302, 200, 200, 200, 200, 200],
    "roster_export": [302, 200, 200, 200, 200, 200],
    "detail": [302, 200, 200, 200, 404, 200],
    "edit": [302, 200, 200, 200, 404, 403],
    "status": [302, 200, 200, 200, 404, 403],
    "print": [302, 200, 200, 200, 404, 200],
    "import_centre": [302, 200, 200, 403, 403, 403],
    "import_template": [302, 200, 200, 403, 403, 403],
    "import_preview": [302, 200, 200, 403, 403, 403],
    "import_confirm": [302, 405, 405, 403, 403, 403],  # POST only
}


def test_every_members_url_has_a_row_in_the_matrix():
    names = {name for name in get_resolver().namespace_dict["members"][1].reverse_dict if isinstance(name, str)}
    assert names == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_the_permission_matrix(name, request, client, client_for, alice, committee):
    batch = ImportBatch.objects.create(committee=committee, file_name="x.xlsx")
    args = {"detail": [alice.pk], "edit": [alice.pk], "status": [alice.pk], "print": [alice.pk]}.get(name)
    if name.startswith("import_") and name not in {"import_centre", "import_template"}:
        args = [batch.pk]
    url = reverse(f"members:{name}", args=args)
    for role, expected in zip(ROLES, MATRIX[name], strict=True):
        browser = client if role == "anonymous" else client_for(request.getfixturevalue(role))
        if role == "anonymous":
            client.logout()
        assert browser.get(url).status_code == expected, f"{role} GET {url}"
