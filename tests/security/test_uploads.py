"""Upload hardening (lib.uploads): the request size while it streams in, the type by content, safe names.

The roster import's own checks (format by content, zip bombs, row and column limits)
are in tests/members/test_importing.py.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from lib.uploads import MAX_UPLOAD_BYTES, check_upload, display_name, random_name

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
        check_upload(upload(PNG + b"\x00" * MAX_UPLOAD_BYTES))
    assert error.value.code == "too_big"


def test_the_upload_handler_drops_a_request_body_past_the_limit(settings):
    settings.UPLOAD_MAX_SIZE = 1024
    big = upload(b"x" * 4096, "big.csv")
    request = RequestFactory().post("/imports/", {"file": big})
    assert "file" not in request.FILES
    small = upload(b"x" * 100, "small.csv")
    assert "file" in RequestFactory().post("/imports/", {"file": small}).FILES


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
