from django import template
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _

from branches.meetings import CellStatus

register = template.Library()

ICONS = {CellStatus.MET: "bi-check-circle-fill", CellStatus.MISSED: "bi-x-circle-fill"}
CSS = {status: slugify(status) for status in vars(CellStatus).values() if isinstance(status, str)}


@register.simple_tag
def compliance_cell(cell):
    """One ``<td>`` of the compliance matrix.

    Written here rather than in the template: a year's matrix at province scale has
    thousands of cells, and the template language spent about 50 µs on each.
    """
    if cell.status == CellStatus.NOT_APPLICABLE:
        body = "—"
    elif cell.status == CellStatus.FUTURE:
        body = ""
    else:
        icon = ICONS.get(cell.status, "bi-hourglass-split")
        body = format_html('<div class="cell-count"><i class="bi {}"></i> {}</div>', icon, cell.count)
        if cell.missing:
            label = _("Missing") if cell.status == CellStatus.MISSED else _("Still due")
            body += format_html('<div class="cell-missing">{}：{}</div>', label, "、".join(cell.missing))
    return format_html(
        '<td class="cell-{}" data-period="{}" data-status="{}">{}</td>',
        CSS[cell.status],
        f"{cell.start:%Y-%m}",
        cell.status,
        body,
    )
