"""档案照片: uploaded by those who keep the file (JPG or PNG by content), fetched only by those who
may read it, on the file and on the 档案卡."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, member, content, name="照片.jpg"):
    return client.post(
        reverse("members:photo_upload", args=[member.pk]), {"photo": SimpleUploadedFile(name, content)}, follow=True
    )


def test_a_secretary_uploads_a_photo_shown_on_the_file_and_the_card(client_for, secretary1, branch1):
    member = MemberFactory(branch=branch1)
    client = client_for(secretary1)
    response = upload(client, member, JPG, name="../../etc/照片.png")
    assert "照片已保存" in response.content.decode()
    member.refresh_from_db()
    assert member.photo.name.startswith("member_photos/") and "etc" not in member.photo.name
    assert member.photo.name.endswith(".png") or member.photo.name.endswith(".jpg")
    assert member.version == 2 and member.history.first().history_change_reason == "更新照片"
    photo = client.get(reverse("members:photo", args=[member.pk]))
    assert photo.status_code == 200 and b"".join(photo.streaming_content) == JPG
    assert photo["Content-Type"] in ("image/jpeg", "image/png")
    card = client.get(reverse("members:print", args=[member.pk])).content.decode()
    assert reverse("members:photo", args=[member.pk]) in card


def test_a_file_that_is_not_a_picture_is_refused_whatever_its_name(client_for, secretary1, branch1):
    member = MemberFactory(branch=branch1)
    for content in (b"%PDF-1.7 not a photo", b"MZ\x90\x00 an exe"):
        response = upload(client_for(secretary1), member, content, name="照片.jpg")
        assert "JPG" in response.content.decode()
    member.refresh_from_db()
    assert not member.photo and member.version == 1


def test_another_branchs_photo_is_a_404_and_the_auditor_uploads_nothing(
    client_for, secretary1, secretary2, auditor, branch1
):
    member = MemberFactory(branch=branch1)
    upload(client_for(secretary1), member, PNG, name="a.png")
    assert client_for(secretary2).get(reverse("members:photo", args=[member.pk])).status_code == 404
    assert upload(client_for(secretary2), member, PNG).status_code == 404
    assert client_for(auditor).get(reverse("members:photo", args=[member.pk])).status_code == 200
    assert upload(client_for(auditor), member, PNG).status_code == 403


def test_a_member_without_a_photo_has_none_to_fetch(client_for, secretary1, branch1):
    member = MemberFactory(branch=branch1)
    assert client_for(secretary1).get(reverse("members:photo", args=[member.pk])).status_code == 404
