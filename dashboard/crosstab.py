"""Origin × destination (流出地 × 流入地): hometown townships against work cities.

One grouped query returns a count per (township, city) pair; the pivot below
works on those few dozen pairs, never on member rows.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from dashboard.links import member_list_url
from members.models import Member, MemberStatus


@dataclass
class Cell:
    count: int
    link: str


@dataclass
class CrossTab:
    columns: list  # work cities, busiest first
    rows: list = field(default_factory=list)  # (township, [Cell per city], total Cell)
    column_totals: list = field(default_factory=list)  # Cell per city
    total: int = 0

    def spreadsheet(self):
        headers = [_("Hometown township"), *[city or _("Not recorded") for city in self.columns], _("Total")]
        rows = [
            [township or _("Not recorded"), *[cell.count for cell in cells], total.count]
            for township, cells, total in self.rows
        ]
        rows.append([_("Total"), *[cell.count for cell in self.column_totals], self.total])
        return headers, rows


def origin_destination(user) -> CrossTab:
    """Members on the roll by hometown township (rows) and work city (columns), each cell a member-list link."""
    status = MemberStatus.ACTIVE
    pairs = (
        Member.objects.visible_to(user)
        .filter(status=status)
        .order_by()
        .values("hometown_township", "work_city")
        .annotate(count=Count("pk"))
    )
    counts, by_township, by_city = {}, {}, {}
    for pair in pairs:
        township, city, count = pair["hometown_township"], pair["work_city"], pair["count"]
        counts[township, city] = count
        by_township[township] = by_township.get(township, 0) + count
        by_city[city] = by_city.get(city, 0) + count
    cities = sorted(by_city, key=lambda city: (-by_city[city], city))
    townships = sorted(by_township, key=lambda township: (-by_township[township], township))
    table = CrossTab(columns=cities, total=sum(by_city.values()))
    for township in townships:
        cells = [
            Cell(
                counts.get((township, city), 0),
                member_list_url(hometown_township=township, work_city=city, status=status),
            )
            for city in cities
        ]
        total = Cell(by_township[township], member_list_url(hometown_township=township, status=status))
        table.rows.append((township, cells, total))
    table.column_totals = [Cell(by_city[city], member_list_url(work_city=city, status=status)) for city in cities]
    return table
