"""Upload hardening (lib.uploads): the request size while it streams in, the type by content, safe names.

The roster import's own checks (format by content, zip bombs, row and column limits)
are in tests/members/test_importing.py.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from lib.uploads import check_upload, display_name, random_name, upload_limit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(content, name="签到表.png", content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_file_that_starts_like_a_png_is_accepted_whatever_its_name():
    assert check_upload(upload(PNG, "scan.pdf")).extension == "png"


def test_a_program_named_png_is_refused_whatever_the_browser_says():
    fake = upload(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="image/png")
    with pytest.raises(ValidationError) as error:
        check_upload(fake)
    assert error.value.code == "bad_type"


def test_a_file_over_the_limit_is_refused_on_its_size():
    with pytest.raises(ValidationError) as error:
        check_upload(upload(PNG + b"\x00" * upload_limit()))
    assert error.value.code == "too_big"


def test_the_upload_handler_keeps_nothing_past_the_limit_but_says_how_big_the_file_was(settings):
    settings.UPLOAD_MAX_SIZE = 1024
    big = upload(b"x" * 4096, "big.csv")
    kept = RequestFactory().post("/imports/", {"file": big}).FILES["file"]
    assert (kept.size, kept.read()) == (4096, b"")
    small = upload(b"x" * 100, "small.csv")
    assert RequestFactory().post("/imports/", {"file": small}).FILES["file"].read() == b"x" * 100


def test_a_roster_over_the_limit_is_refused_with_its_size_not_as_a_missing_file(
    settings, client_for, committee_staff, committee
):
    """The finding: an upload over the limit got "这个字段是必填项。"."""
    settings.UPLOAD_MAX_SIZE = 1024 * 1024
    roster = upload(b"PK\x03\x04" + b"x" * (2 * 1024 * 1024), "大名册.xlsx")
    response = client_for(committee_staff).post("/imports/", {"committee": committee.pk, "file": roster})
    text = response.content.decode()
    assert response.status_code == 200 and "这个字段是必填项" not in text
    assert "2.0" in text and "1 MB" in text


def test_stored_names_are_random_and_keep_only_a_known_extension():
    first, second = random_name("名册.png"), random_name("名册.png")
    assert first != second and first.endswith(".png") and "名册" not in first
    assert random_name("../../evil.sh").endswith(".bin") and "/" not in random_name("../../evil.sh")


@pytest.mark.parametrize(
    ("original", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\书记\\名册.xlsx", "名册.xlsx"),
        ("名册\x00.xlsx\r\n", "名册.xlsx"),
        ("...", "file"),
        ("", "file"),
    ],
)
def test_an_uploaders_file_name_is_only_shown_never_used_as_a_path(original, shown):
    assert display_name(original) == shown


def test_a_long_file_name_is_cut_and_keeps_its_extension():
    assert display_name("名" * 300 + ".xlsx") == "名" * 195 + ".xlsx"
