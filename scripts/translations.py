"""Fill the Chinese catalogue from locale/zh_Hans/translations/*.json and compile it.

Run through `make messages`, after makemessages has extracted the English source
strings. Each JSON file (one per area: members.json, meetings.json …) maps English
msgids to Chinese; prints what is still missing. Edit the JSON, not the .po file:
makemessages rewrites the .po, the JSON keeps the translations.
Uses polib, so no gettext tools are needed to compile the .mo file.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def main() -> int:
    translations = {}
    for source in sorted((ROOT / "locale" / "zh_Hans" / "translations").glob("*.json")):
        translations.update(json.loads(source.read_text(encoding="utf-8")))
    catalogue = polib.pofile(str(CATALOGUE))
    missing = []
    for entry in catalogue:
        text = translations.get(entry.msgid)
        if text is not None:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: text}
            else:
                entry.msgstr = text
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif "fuzzy" in entry.flags or not (entry.msgstr or entry.msgstr_plural.get(0)):
            # A fuzzy entry is makemessages' guess: gettext ignores it, so the page stays English.
            missing.append(entry.msgid)
    catalogue.save()
    catalogue.save_as_mofile(str(CATALOGUE.with_suffix(".mo")))
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
