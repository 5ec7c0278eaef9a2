"""Checks on uploaded files: the type comes from the first bytes, never from the name.

Meeting attachments are photos and scans of sign-in sheets. A file is accepted
when its content starts like a JPEG, PNG or PDF and it is at most 10 MB; it is
stored under a random name, so nothing the user typed reaches the disk.
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    magic: bytes


ALLOWED_TYPES = (
    FileType("jpg", "image/jpeg", b"\xff\xd8\xff"),
    FileType("png", "image/png", b"\x89PNG\r\n\x1a\n"),
    FileType("pdf", "application/pdf", b"%PDF-"),
)
ALLOWED_EXTENSIONS = {file_type.extension for file_type in ALLOWED_TYPES}
# What a file picker should offer; a hint only, the content decides.
ACCEPT = "image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf"


def check_upload(uploaded) -> FileType:
    """The type of ``uploaded`` (a Django UploadedFile), or a ValidationError in Chinese.

    The size is looked at first, from what the upload handler already counted,
    so an oversized file is refused without reading it; then only its first bytes.
    """
    name = display_name(uploaded.name)
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s, the limit for each file."),
            code="too_big",
            params={"name": name, "limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for file_type in ALLOWED_TYPES:
        if head.startswith(file_type.magic):
            return file_type
    raise ValidationError(
        _("%(name)s is not a JPG, PNG or PDF file (its content was checked, not its name)."),
        code="bad_type",
        params={"name": name},
    )


def display_name(name: str) -> str:
    """The last part of a client-supplied file name, for showing and for the download header."""
    return (name or "").replace("\\", "/").rsplit("/", 1)[-1][:200] or "file"


def random_name(filename: str) -> str:
    """A random stored name that keeps only a known extension of ``filename``."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return f"{uuid.uuid4().hex}.{extension if extension in ALLOWED_EXTENSIONS else 'bin'}"
