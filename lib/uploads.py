"""Checks on uploaded files, for every upload (roster imports, meeting attachments).

- size: one limit, ``settings.UPLOAD_MAX_SIZE`` (``DJANGO_UPLOAD_MAX_SIZE``, 10 MB).
  ``SizeLimitUploadHandler`` (first in ``FILE_UPLOAD_HANDLERS``) stops keeping a file's
  bytes once past it and hands the form an empty file of the size received, so the
  form says "larger than 10 MB" instead of "this field is required"; the forms then
  hold every file to the same limit before a byte of it is parsed.
- type: the first bytes decide what a file is, never its name or the browser's
  Content-Type. Meeting attachments (photos and scans of sign-in sheets) must
  start like a JPEG, PNG or PDF (``check_upload``); a roster is told apart and
  its zip checked by ``members.importing.spreadsheets``.
- names: a stored file gets a random name (``random_name``); the uploader's file
  name is kept for display only (``display_name``), cleaned of folders and controls.
"""

import os
import unicodedata
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


def upload_limit() -> int:
    """The most one uploaded file may hold, whatever it is (settings.UPLOAD_MAX_SIZE)."""
    return settings.UPLOAD_MAX_SIZE


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops keeping a file's bytes once past UPLOAD_MAX_SIZE (nothing more is stored or
    parsed) and gives the form an empty stand-in that knows the size received."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_SIZE:
            return None  # the handlers after this one get no more of the file
        return raw_data

    def file_complete(self, file_size):
        if self.received <= settings.UPLOAD_MAX_SIZE:
            return None
        refused = SimpleUploadedFile(self.file_name, b"", self.content_type)
        refused.size = self.received
        return refused


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
    if uploaded.size > upload_limit():
        raise ValidationError(
            _("%(name)s is larger than %(limit)s, the limit for each file."),
            code="too_big",
            params={"name": name, "limit": filesizeformat(upload_limit())},
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


def display_name(original: str, *, default: str = "file", max_length: int = 200) -> str:
    """The uploader's file name, safe to show: no folders, no control characters, not too long."""
    name = os.path.basename(str(original or "").replace("\\", "/"))
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = name.strip(" .") or default
    stem, extension = os.path.splitext(name)
    return stem[: max_length - len(extension[:10])] + extension[:10]


def random_name(filename: str) -> str:
    """A random stored name that keeps only a known extension of ``filename``."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return f"{uuid.uuid4().hex}.{extension if extension in ALLOWED_EXTENSIONS else 'bin'}"
