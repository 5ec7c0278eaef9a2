"""Upload hardening for every upload in the project (imports, meeting attachments …).

Use ``check_upload(uploaded, allowed={"xlsx", "csv"})`` in a form's ``clean_<field>``
before anything parses the file, and ``storage_name(kind)`` for the name it is saved
under. What each step guards against:

- size: ``SizeLimitUploadHandler`` stops a request while it streams in, once past
  UPLOAD_MAX_SIZE; ``check_upload`` applies the per-field limit before parsing.
- type: the first bytes decide what a file is (content sniffing), never the name or
  the browser's Content-Type; an .xlsx that is really an .exe is refused.
- zip bombs: an xlsx is a zip; its entry count and the sizes its entries declare
  are checked before openpyxl opens it (zipfile never inflates an entry past its
  declared size, so the declared total bounds what reading can cost).
- names: a stored file gets a random name with an extension from its sniffed type;
  the uploader's file name is kept for display only, cleaned of paths and controls.
"""

import os
import unicodedata
import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

XLSX_MAX_ENTRIES = 2000
XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
XLSX_MAX_RATIO = 200  # declared size / compressed size of any one entry

# What each kind of file starts with. Text (csv) has no signature: it is
# recognised by decoding as one of the encodings the import accepts.
SIGNATURES = {
    "pdf": [b"%PDF-"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "jpeg": [b"\xff\xd8\xff"],
    "gif": [b"GIF87a", b"GIF89a"],
    "xls": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],  # OLE2 compound file (also old .doc)
    "zip": [b"PK\x03\x04"],
}
EXTENSIONS = {
    "pdf": ".pdf",
    "png": ".png",
    "jpeg": ".jpg",
    "gif": ".gif",
    "xls": ".xls",
    "xlsx": ".xlsx",
    "docx": ".docx",
    "csv": ".csv",
}
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")


class SizeLimitUploadHandler(FileUploadHandler):
    """Aborts an upload as soon as it passes UPLOAD_MAX_SIZE, before it is stored or parsed."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_SIZE:
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def _head(uploaded, size=8192) -> bytes:
    uploaded.seek(0)
    head = uploaded.read(size)
    uploaded.seek(0)
    return head


def sniff(uploaded) -> str | None:
    """The kind of file by its content: pdf, png, jpeg, gif, xls, xlsx, docx, csv, or None."""
    head = _head(uploaded)
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            if kind != "zip":
                return kind
            try:
                with zipfile.ZipFile(uploaded) as archive:
                    names = set(archive.namelist())
            except zipfile.BadZipFile:
                return None
            finally:
                uploaded.seek(0)
            if "[Content_Types].xml" in names and any(name.startswith("xl/") for name in names):
                return "xlsx"
            if "[Content_Types].xml" in names and any(name.startswith("word/") for name in names):
                return "docx"
            return None
    if b"\x00" in head:
        return None
    # A full head may cut a multi-byte character in two: leave its last bytes out.
    sample = head if len(head) < 8192 else head[:-4]
    for encoding in TEXT_ENCODINGS:
        try:
            sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        return "csv"
    return None


def check_xlsx_limits(uploaded, *, max_entries=XLSX_MAX_ENTRIES, max_uncompressed=XLSX_MAX_UNCOMPRESSED):
    """Refuses an xlsx whose zip would inflate to too much, or has too many parts."""
    try:
        with zipfile.ZipFile(uploaded) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise ValidationError(_("The file is damaged: it is not a readable Excel workbook."), code="bad_zip") from None
    finally:
        uploaded.seek(0)
    if len(entries) > max_entries:
        raise ValidationError(_("The workbook has too many parts to be opened safely."), code="zip_entries")
    total = sum(entry.file_size for entry in entries)
    if total > max_uncompressed:
        raise ValidationError(_("The workbook would be too large once unpacked."), code="zip_size")
    for entry in entries:
        if (
            entry.compress_size
            and entry.file_size / entry.compress_size > XLSX_MAX_RATIO
            and entry.file_size > 1024 * 1024
        ):
            raise ValidationError(_("The workbook would be too large once unpacked."), code="zip_ratio")


def check_upload(uploaded, *, allowed, max_size=None):
    """Validate an uploaded file before parsing it; returns its sniffed kind.

    ``allowed`` is a set of kinds from :func:`sniff`. Messages are Chinese and name
    the reason, for the form field they are raised from.
    """
    max_size = max_size or settings.UPLOAD_MAX_SIZE
    if uploaded.size > max_size:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(max_size)},
            code="too_large",
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    kind = sniff(uploaded)
    if kind not in allowed:
        names = "、".join(sorted(EXTENSIONS[k].lstrip(".") for k in allowed))
        raise ValidationError(
            _("This kind of file is not accepted here; please upload: %(kinds)s.") % {"kinds": names}, code="bad_type"
        )
    if kind in {"xlsx", "docx"}:
        check_xlsx_limits(uploaded)
    return kind


def storage_name(kind: str, folder: str = "uploads") -> str:
    """A random stored name like ``uploads/3f2c….xlsx``: nothing of the uploader's name reaches the disk."""
    return f"{folder}/{uuid.uuid4().hex}{EXTENSIONS[kind]}"


def display_name(original: str, max_length: int = 100) -> str:
    """The uploader's file name, safe to show: no folders, no control characters, not too long."""
    name = os.path.basename(str(original).replace("\\", "/"))
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = name.strip(" .") or "file"
    stem, extension = os.path.splitext(name)
    return stem[: max_length - len(extension)] + extension[:10]
