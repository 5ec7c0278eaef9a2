"""Every page of the project, as the county administrator opens it, holds to the house's list
and form conventions, so that a list added later is held to them too:

- a list (a page with a ``Page`` of rows in its context) has the one pager: page numbers,
  a page size of 20 / 50 / 100 (``?per_page=``) and a jump to a page;
- its search form folds behind the same 筛选 button on a phone (``#search-panel``);
- a filter's empty choice says 全部, never "---------" or 未知;
- a field's label never repeats a button's (查询 / 重置 / 导出 …);
- every date input is the project's (``lib.widgets.DateInput``: a text box with the
  Chinese picker, never the browser's ``type="date"``), every file input the Chinese one.

The pages are the permission sweep's (tests/security/url_expectations.py), in its world.
"""

import re

import pytest
from django.core.paginator import Page

from tests.security.test_permission_sweep import build_url, client_as, is_page, swept_urls
from tests.security.world import build_world

OPTION = re.compile(r"<option[^>]*>([^<]*)</option>")
LABEL = re.compile(r"<label[^>]*>(.*?)</label>", re.S)
BUTTON = re.compile(r"<(?:button|a)[^>]*class=\"[^\"]*\bbtn\b[^\"]*\"[^>]*>(.*?)</(?:button|a)>", re.S)
TAG = re.compile(r"<[^>]+>")
INPUT = re.compile(r"<input\b[^>]*>")


@pytest.fixture
def world(db, settings, tmp_path, time_machine):
    time_machine.move_to("2026-12-02 10:00 +0800", tick=True)
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


def text_of(html):
    return " ".join(TAG.sub(" ", html).split())


# Who reads each page: the county administrator, or else the auditor (the audit log) or
# the system administrator (the accounts).
READERS = ("county", "auditor", "sysadmin")


def pages(world):
    """(name, url, client, response) of every page of ours, as the first of READERS who reads it."""
    clients = {persona: client_as(world, persona) for persona in READERS}
    for name, _route, pattern, row in swept_urls()[2]:
        if isinstance(row, tuple) or name.startswith("admin:"):
            continue  # the admin is the back office, with its own widgets and pager
        url = build_url(name, pattern, row, world)
        for persona in READERS:
            if row.get(persona) == 200:
                response = clients[persona].get(url)
                if is_page(response):
                    yield name, url, clients[persona], response
                break


def page_in(response):
    for context in response.context or []:
        for value in context.dicts if hasattr(context, "dicts") else [context]:
            for item in value.values() if isinstance(value, dict) else []:
                if isinstance(item, Page):
                    return item
    return None


def search_forms(html):
    """The GET forms of a page: its search and filter forms."""
    return re.findall(r'<form[^>]*method="get"[^>]*>.*?</form>', html, re.S)


def problems_of(name, html, page):
    found = []
    options = [option.strip() for form in search_forms(html) for option in OPTION.findall(form)]
    if any(option.startswith("---") for option in options):
        found.append(f'{name}: a filter says "---------" (say 全部: empty_label=_("All"))')
    if "未知" in options:
        found.append(f"{name}: a yes/no filter offers 未知 (offer 全部)")
    if re.search(r'type="date"', html):
        found.append(f'{name}: a browser date input (type="date"): use lib.widgets.DateInput')
    for tag in INPUT.findall(html):
        if 'type="file"' in tag and "file-picker-input" not in tag:
            found.append(f"{name}: a file input not labelled in Chinese: use lib.widgets.FileInput")
    if 'class="search-form' in html and 'data-bs-target="#search-panel"' not in html:
        found.append(f"{name}: a search form that does not fold behind 筛选 on a phone (includes/search_toggle.html)")
    if page is not None:
        if "data-pager" not in html and page.paginator.count:
            found.append(f"{name}: a list without the pager (includes/pagination.html)")
        panel = html.split('id="search-panel"', 1)[1].split("</form>", 1)[0] if 'id="search-panel"' in html else ""
        labels = {text_of(label) for label in LABEL.findall(panel)}
        buttons = {text_of(button) for button in BUTTON.findall(panel)}
        if labels & buttons - {""}:
            found.append(f"{name}: a field labelled as a button: {sorted(labels & buttons)}")
    return found


def test_every_list_and_form_follows_the_house_conventions(world):
    problems, lists = [], []
    for name, _url, _client, response in pages(world):
        page = page_in(response)
        if page is not None:
            lists.append(name)
        problems += problems_of(name, response.content.decode(), page)
    assert len(lists) > 20, lists
    assert not problems, "\n".join(problems)


def test_every_list_offers_20_50_and_100_rows_a_page_and_keeps_its_filters(world):
    checked = []
    for name, url, client, response in list(pages(world)):
        page = page_in(response)
        if page is None or not page.paginator.count:
            continue
        separator = "&" if "?" in url else "?"
        sized = client.get(f"{url}{separator}per_page=50")
        assert page_in(sized).paginator.per_page == 50, name
        html = sized.content.decode()
        assert '<option value="50" selected>' in html, name
        assert all(f'<option value="{size}"' in html for size in (20, 50, 100)), name
        assert 'name="page"' in html.split("data-pager", 1)[1], f"{name}: no jump to a page"
        # A size that is not offered falls back to the list's own.
        assert page_in(client.get(f"{url}{separator}per_page=100000")).paginator.per_page <= 100, name
        checked.append(name)
    assert len(checked) > 20, checked
