import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from openpyxl import Workbook

from audit.uploads import check_upload, display_name, sniff, storage_name


def xlsx_bytes():
    workbook = Workbook()
    workbook.active.append(["姓名", "公民身份号码"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content, name="名册.xlsx", content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_real_workbook_is_accepted_as_xlsx():
    assert check_upload(upload(xlsx_bytes()), allowed={"xlsx", "csv"}) == "xlsx"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_is_recognised_in_the_encodings_the_import_accepts(encoding):
    content = "姓名,电话\n王阿丽,13800138000\n".encode(encoding)
    assert check_upload(upload(content, "名册.csv"), allowed={"xlsx", "csv"}) == "csv"


def test_a_program_named_xlsx_is_refused_whatever_the_browser_says():
    fake = upload(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="application/vnd.openxmlformats")
    with pytest.raises(ValidationError) as error:
        check_upload(fake, allowed={"xlsx", "csv"})
    assert error.value.code == "bad_type" and "xlsx" in error.value.messages[0]


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.sh", "rm -rf /")
    assert sniff(upload(buffer.getvalue())) is None


def _bomb(entries=1, size=0):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for n in range(entries):
            archive.writestr(f"xl/worksheets/sheet{n}.xml", b"0" * size)
    return buffer.getvalue()


def test_a_workbook_that_would_unpack_to_hundreds_of_megabytes_is_refused_before_parsing():
    bomb = _bomb(entries=1, size=210 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024  # small on the wire
    with pytest.raises(ValidationError) as error:
        check_upload(upload(bomb), allowed={"xlsx"})
    assert error.value.code in {"zip_size", "zip_ratio"}


def test_a_workbook_with_thousands_of_parts_is_refused():
    with pytest.raises(ValidationError) as error:
        check_upload(upload(_bomb(entries=2100)), allowed={"xlsx"})
    assert error.value.code == "zip_entries"


def test_a_file_over_the_limit_is_refused_before_it_is_read(settings):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(xlsx_bytes()), allowed={"xlsx"}, max_size=100)
    assert error.value.code == "too_large" and "100" in error.value.messages[0]


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError):
        check_upload(upload(b""), allowed={"csv"})


def test_the_upload_handler_drops_a_request_body_past_the_limit(settings):
    settings.UPLOAD_MAX_SIZE = 1024
    big = upload(b"x" * 4096, "big.csv")
    request = RequestFactory().post("/imports/", {"file": big})
    assert "file" not in request.FILES
    small = upload(b"x" * 100, "small.csv")
    assert "file" in RequestFactory().post("/imports/", {"file": small}).FILES


def test_stored_names_are_random_and_take_the_extension_of_the_content():
    first, second = storage_name("xlsx"), storage_name("xlsx")
    assert first != second and first.startswith("uploads/") and first.endswith(".xlsx")
    assert "/" not in first.removeprefix("uploads/")


@pytest.mark.parametrize(
    ("original", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\书记\\名册.xlsx", "名册.xlsx"),
        ("名册\x00.xlsx\r\n", "名册.xlsx"),
        ("...", "file"),
    ],
)
def test_an_uploaders_file_name_is_only_shown_never_used_as_a_path(original, shown):
    assert display_name(original) == shown
