from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from meetings.compliance import CellStatus

register = template.Library()

ICONS = {CellStatus.MET: "bi-check-circle-fill", CellStatus.MISSED: "bi-x-circle-fill"}
CSS = {status: slugify(status) for status in vars(CellStatus).values() if isinstance(status, str)}


@register.simple_tag
def compliance_cells(row, list_url="", today=None):
    """The ``<td>`` cells of one branch's row in the compliance matrix.

    Written here rather than in the template: a year's matrix at province scale has
    thousands of cells, and the template language spent about 50 µs on each. Every
    text from outside this function goes through ``escape``.
    """
    labels = {CellStatus.MISSED: escape(_("Missing")), CellStatus.PENDING: escape(_("Still due"))}
    title = escape(_("The meetings behind this cell"))
    cells = []
    for cell in row.cells:
        if cell.status == CellStatus.NOT_APPLICABLE:
            body = "—"
        elif cell.status == CellStatus.FUTURE:
            body = ""
        else:
            icon = ICONS.get(cell.status, "bi-hourglass-split")
            body = f'<div class="cell-count"><i class="bi {icon}"></i> {cell.count}</div>'
            if cell.missing:
                label = labels[CellStatus.MISSED if cell.status == CellStatus.MISSED else CellStatus.PENDING]
                body += f'<div class="cell-missing">{label}：{escape("、".join(cell.missing))}</div>'
        if list_url and body and body != "—":
            # Each cell opens the list of the meetings it counts (the branch, the cell's days).
            href = (
                f"{list_url}?branch={row.branch.pk}&amp;held_from={cell.start:%Y-%m-%d}&amp;held_to={cell.end:%Y-%m-%d}"
            )
            body = f'<a class="cell-link" href="{href}" title="{title}">{body}</a>'
        current = ' data-current="1"' if today and cell.start <= today <= cell.end else ""
        cells.append(
            f'<td class="cell-{CSS[cell.status]}" data-period="{cell.start:%Y-%m}" data-status="{escape(cell.status)}"'
            f"{current}>{body}</td>"
        )
    return mark_safe("".join(cells))  # built above from escaped parts
