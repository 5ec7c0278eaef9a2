"""帮扶成效: the care and hometown work summed from the records in the user's scope."""

from django.shortcuts import render

from assistance.totals import impact_figures
from branches.permissions import reader_required


@reader_required
def impact(request):
    return render(request, "assistance/impact.html", {"figures": impact_figures(request.user)})
