"""Home organisations (流出地党组织) by name: how the text of a roster or of an old file is
matched to one of the county's records.

A name is matched exactly (its full name, 中共安仁县永乐江镇新洲村支部委员会) and then in its
normalised form: full-width characters made half-width, spaces dropped, the county's
prefixes (中共, 安仁县 …) and an organisation's suffixes (党支部, 支部委员会, 党委 …) taken off,
so that 新洲村党支部, 中共永乐江镇新洲村支部委员会 and ｢永乐江镇 新洲村｣ all read 永乐江镇新洲村.
A short name that two townships share (a 新洲村 in each) matches neither: nothing is
guessed; the caller lists the name for a person to resolve.
"""

from __future__ import annotations

import re
import unicodedata

PREFIXES = ("中国共产党", "中共", "湖南省", "郴州市", "安仁县")
# Longest first: 支部委员会 before 委员会, 党总支部 before 支部.
SUFFIXES = (
    "党总支部委员会",
    "总支部委员会",
    "党支部委员会",
    "支部委员会",
    "党总支部",
    "党总支",
    "党支部",
    "总支部",
    "党委员会",
    "委员会",
    "党委",
    "支部",
)
SPACES = re.compile(r"\s+")


def normalise_name(text: str) -> str:
    """The comparable form of a home organisation's name (see the module's docstring)."""
    value = SPACES.sub("", unicodedata.normalize("NFKC", text or ""))
    changed = True
    while changed:
        changed = False
        for prefix in PREFIXES:
            if value.startswith(prefix) and len(value) > len(prefix):
                value, changed = value[len(prefix) :], True
        for suffix in SUFFIXES:
            if value.endswith(suffix) and len(value) > len(suffix):
                value, changed = value[: -len(suffix)], True
    return value


def full_name_of(name: str, township: str | None = None) -> str:
    """The formal name of a township committee or of one of its branches."""
    if township is None:
        return f"中共安仁县{name}委员会"
    return f"中共安仁县{township}{name}支部委员会"


class HomeOrganisationIndex:
    """The county's home organisations by every name they may be written with.

    Works on the model and on a migration's historical model alike (it reads ``name``,
    ``full_name``, ``parent`` and ``kind`` only). Build it once for a whole roster.
    """

    def __init__(self, organisations):
        self.by_full_name = {}
        keys: dict[str, list] = {}
        for organisation in organisations:
            self.by_full_name[organisation.full_name] = organisation
            township = organisation.parent.name if organisation.parent_id else None
            names = {normalise_name(organisation.full_name), normalise_name(organisation.name)}
            if township:
                names.add(normalise_name(f"{township}{organisation.name}"))
            for key in names:
                keys.setdefault(key, []).append(organisation)
        # A key two organisations share (新洲村 in two townships) names neither of them.
        self.by_key = {key: found[0] for key, found in keys.items() if len({o.pk for o in found}) == 1}

    @classmethod
    def load(cls, queryset=None):
        from branches.models import HomeOrganisation

        return cls((queryset if queryset is not None else HomeOrganisation.objects.all()).select_related("parent"))

    def match(self, text: str, township: str = ""):
        """The organisation ``text`` names, or None when it names none or several.

        ``township`` (the member's 乡镇, when the roster gives it) settles a short name: 新洲村
        with 永乐江镇 is 永乐江镇新洲村.
        """
        text = (text or "").strip()
        if not text:
            return None
        exact = self.by_full_name.get(text) or self.by_full_name.get(unicodedata.normalize("NFKC", text))
        if exact is not None:
            return exact
        key = normalise_name(text)
        if township:
            township_key = normalise_name(township)
            if township_key and not key.startswith(township_key):
                found = self.by_key.get(township_key + key)
                if found is not None:
                    return found
        return self.by_key.get(key)
