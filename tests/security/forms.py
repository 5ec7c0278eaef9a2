"""A page's form as a browser would submit it: the fields with their current values.

The sweep posts real forms: the owner's page is read, its form sent back (changed where
a row says so), so that a POST reaches the code that saves, not only the form's errors.
"""

from html.parser import HTMLParser

# Forms of the layout that every page has: never the page's own form.
LAYOUT_ACTIONS = ("/accounts/logout/", "/admin/logout/", "/i18n/setlang/")
SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None  # (name, multiple, options [(value, selected)])
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action") or ""}
            self._form["fields"] = []
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in SKIPPED_INPUTS:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._form["fields"].append((name, attrs.get("value") or "on"))
                return
            self._form["fields"].append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs, [])
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, ""]
            self._select[2].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            name, multiple, options = self._select
            values = [(value if value is not None else text.strip()) for value, selected, text in options if selected]
            if not values and not multiple and options:
                first = options[0]
                values = [first[0] if first[0] is not None else first[2].strip()]
            self._form["fields"].extend((name, value) for value in values)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A browser drops the one newline that may follow <textarea>.
            self._form["fields"].append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._form = None


def page_form(html: str, path: str) -> dict:
    """The fields of the page's POST form (the one posting to ``path``, or the first that is
    not the layout's), as ``{name: value or [values]}``; {} when the page has none."""
    parser = _FormParser()
    parser.feed(html)
    candidates = [
        form
        for form in parser.forms
        if form["method"] == "post" and not form["action"].split("?")[0].endswith(LAYOUT_ACTIONS)
    ]
    own = [form for form in candidates if form["action"] in ("", path) or form["action"].startswith(path + "?")]
    chosen = (own or candidates or [None])[0]
    if chosen is None:
        return {}
    data = {}
    for name, value in chosen["fields"]:
        if name == "csrfmiddlewaretoken":
            continue
        data.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}


def without_inlines(data: dict) -> dict:
    """An admin form's own fields, its inline formsets emptied (for a new object)."""
    prefixes = {name[: -len("-TOTAL_FORMS")] for name in data if name.endswith("-TOTAL_FORMS")}
    kept = {name: value for name, value in data.items() if not any(name.startswith(p + "-") for p in prefixes)}
    for prefix in prefixes:
        kept |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": data.get(f"{prefix}-MIN_NUM_FORMS", "0"),
            f"{prefix}-MAX_NUM_FORMS": data.get(f"{prefix}-MAX_NUM_FORMS", "1000"),
        }
    return kept
