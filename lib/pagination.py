"""Pages of a list, and pagination that never counts a whole province."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Rows on a page of every list, and the sizes its pager offers (?per_page=); the
# admin's changelists are denser.
PAGE_SIZE = 20
PAGE_SIZES = (20, 50, 100)
ADMIN_PAGE_SIZE = 50


def per_page_of(request, default=None):
    """The page size ``?per_page=`` asks for, if it is one of ``PAGE_SIZES``; else ``default`` or ``PAGE_SIZE``."""
    asked = request.GET.get("per_page", "")
    if asked.isdigit() and int(asked) in PAGE_SIZES:
        return int(asked)
    return default or PAGE_SIZE


def page_of(request, rows, *, paginator=Paginator, per_page=None):
    """The page of ``rows`` that ``?page=`` asks for (the first if it is not a number, the
    last if past the end), ``?per_page=`` rows long; ``per_page`` is the list's own default.

    The page carries what ``templates/includes/pagination.html`` shows: ``page_range``,
    the page numbers around this one with ellipses, and ``page_sizes``."""
    size = per_page_of(request, per_page)
    page = paginator(rows, size).get_page(request.GET.get("page"))
    page.page_range = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    page.page_sizes = sorted({*PAGE_SIZES, size})
    return page


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows.

    ``COUNT(*)`` reads every matching row; at 100,000 members that alone is 8 ms on
    PostgreSQL and grows with the roster. Counting ``LIMIT cap + 1`` rows costs the
    same whatever the size, and a list longer than ``cap`` says "more than 10,000":
    nobody pages through that many files, they narrow the search. A committee's
    or a branch's list stays exact.
    """

    cap = 10_000
    capped = False

    @cached_property
    def count(self):
        # Any cap + 1 rows count the same: without the list's ORDER BY, PostgreSQL reads
        # them in whatever order is cheapest (2.1 -> 1.3 ms unfiltered at 100,000).
        counted = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)
