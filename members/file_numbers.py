"""档案编号: the stable number of a member file that the roster export writes and the import reads back.

It is the file's primary key, written ``DA`` + 7 digits (``DA0000123``): files are never
deleted and never renumbered, so the number names the same person in every export, and
a roster edited in Excel comes back to the files it came from even where the ID number
is masked. The number says nothing about the person, and the import still checks that
the file is one of the importing committee's.
"""

import re

PREFIX = "DA"
_NUMBER = re.compile(r"^(?:DA)?0*(\d{1,12})$")


def file_number(pk: int) -> str:
    return f"{PREFIX}{pk:07d}"


def parse_file_number(value) -> int | None:
    """The primary key a 档案编号 cell names (``DA0000123``, ``da123``, ``123``), or None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "".join(str(value).split()).upper()
    match = _NUMBER.match(text)
    return int(match[1]) or None if match else None
