from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/statistics/", "/statistics/origin/", "/statistics/charts/help-requests/", "/branches/"]


def test_no_page_of_the_dashboard_asks_anything_of_another_host(live_server, page):
    call_command("seed_demo", verbosity=0)
    # The live server answers on the loopback address, named "localhost" by pytest-django.
    inside = {"127.0.0.1", urlsplit(live_server.url).hostname}
    outside = []

    def note(request):
        # Every request a page makes, scripts, fonts and chart images included; data: URLs stay inside.
        url = urlsplit(request.url)
        if url.scheme in {"http", "https", "ws", "wss"} and url.hostname not in inside:
            outside.append(request.url)

    page.on("request", note)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "anren2021demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("[data-kpi=members] .kpi-value").inner_text() == "588"

    for path in [*PAGES, page.locator("#branch-table a").first.get_attribute("href")]:
        page.goto(f"{live_server.url}{path}")
        # Lazy chart images load once they are scrolled into view.
        for image in page.locator("img").all():
            image.scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        broken = page.evaluate("Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).length")
        assert broken == 0, path
    assert page.locator("img.chart-img").count() == 0  # the branch page: figures as tables
    assert outside == []
