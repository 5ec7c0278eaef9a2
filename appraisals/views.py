"""民主评议 boards: per committee (a row per branch: who is graded, the distribution, who is
missing) and per branch (its members, the grading form, 组织处置 of those found 不合格)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from appraisals.forms import DisposalForm
from appraisals.models import Appraisal, Grade
from appraisals.rules import DECIDING_MEETINGS, excellent_limit
from appraisals.services import allowed_steps, grade_members, record_disposal
from branches.models import Branch
from branches.permissions import can_write, reader_required, writer_required
from meetings.models import Meeting
from members.models import Member, MemberStatus


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year else today.year


def _roll(branches, year):
    """The members a branch appraises in ``year``: on its roll and on file (在册)."""
    return Member.objects.filter(branch__in=branches, status=MemberStatus.ACTIVE)


def _full(queryset, year):
    """Full members by the end of the year (预备党员 take part but are not graded)."""
    return queryset.filter(full_member_on__isnull=False, full_member_on__lte=datetime.date(year, 12, 31))


@reader_required
def board(request):
    year = _year(request)
    branches = list(
        Branch.objects.visible_to(request.user).select_related("committee").order_by("committee_id", "ordinal")
    )
    eligible = dict(
        _full(_roll(branches, year), year)
        .order_by()
        .values("branch")
        .annotate(n=Count("pk"))
        .values_list("branch", "n")
    )
    counts = {}
    for row in (
        Appraisal.objects.visible_to(request.user)
        .filter(year=year, branch__in=branches)
        .order_by()
        .values("branch", "grade")
        .annotate(n=Count("pk"))
    ):
        counts.setdefault(row["branch"], {})[row["grade"]] = row["n"]
    rows, total = [], {"eligible": 0, "graded": 0, **dict.fromkeys(Grade.values, 0)}
    for branch in branches:
        grades = counts.get(branch.pk, {})
        row = {"branch": branch, "eligible": eligible.get(branch.pk, 0), **{g: grades.get(g, 0) for g in Grade.values}}
        row["graded"] = sum(grades.values())
        row["missing"] = max(0, row["eligible"] - row["graded"])
        rows.append(row)
        for key in total:
            total[key] += row[key]
    total["missing"] = max(0, total["eligible"] - total["graded"])
    today = timezone.localdate()
    context = {"year": year, "years": range(today.year, today.year - 5, -1), "rows": rows, "total": total}
    return render(request, "appraisals/board.html", context)


def _branch(request, pk):
    return get_object_or_404(Branch.objects.visible_to(request.user).select_related("committee"), pk=pk)


@reader_required
def branch_board(request, pk):
    branch = _branch(request, pk)
    year = _year(request)
    appraisals = {
        a.member_id: a
        for a in Appraisal.objects.visible_to(request.user)
        .filter(branch=branch, year=year)
        .select_related("meeting", "home_organisation")
        .prefetch_related("disposals")
    }
    members = list(_roll([branch], year).select_related("home_organisation").order_by("name", "pk"))
    year_end = datetime.date(year, 12, 31)
    rows = [
        {
            "member": m,
            "appraisal": appraisals.get(m.pk),
            "probationary": m.full_member_on is None or m.full_member_on > year_end,
            "steps": (steps := allowed_steps(appraisals[m.pk]) if m.pk in appraisals else ()),
            "disposal_form": DisposalForm(steps=steps, prefix=f"d{m.pk}") if steps else None,
        }
        for m in members
    ]
    graded = len(appraisals)
    context = {
        "branch": branch,
        "year": year,
        "rows": rows,
        "graded": graded,
        "excellent": sum(1 for a in appraisals.values() if a.grade == Grade.EXCELLENT),
        "limit": excellent_limit(graded),
        "grades": Grade.choices,
        "meetings": Meeting.objects.filter(branch=branch, held_on__year=year, kind__in=DECIDING_MEETINGS).order_by(
            "-held_on"
        ),
        "can_write": can_write(request.user),
    }
    return render(request, "appraisals/branch_board.html", context)


@writer_required
@require_POST
def grade(request, pk):
    """The grades of one meeting, all at once: ``grade-<member pk>`` → a grade (empty: not now)."""
    branch = _branch(request, pk)
    year = _year(request)
    meeting = Meeting.objects.filter(branch=branch, pk=request.POST.get("meeting") or 0).first()
    back = redirect(f"{reverse('appraisals:branch_board', args=[branch.pk])}?year={year}")
    if meeting is None:
        messages.error(request, _("Choose the meeting at which the grades were decided."))
        return back
    grades = {key.removeprefix("grade-"): value for key, value in request.POST.items() if key.startswith("grade-")}
    try:
        grades = {int(key): value for key, value in grades.items() if value}
        created = grade_members(branch, year, meeting, grades, user=request.user)
    except (ValueError, ValidationError) as error:
        for text in getattr(error, "messages", [str(error)]):
            messages.error(request, text)
    else:
        messages.success(request, _("%(count)s members graded.") % {"count": len(created)})
    return back


@writer_required
@require_POST
def disposal_create(request, pk):
    appraisal = get_object_or_404(Appraisal.objects.visible_to(request.user).select_related("branch"), pk=pk)
    back = redirect(f"{reverse('appraisals:branch_board', args=[appraisal.branch_id])}?year={appraisal.year}")
    form = DisposalForm(request.POST, steps=allowed_steps(appraisal), prefix=f"d{appraisal.member_id}")
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return back
    data = form.cleaned_data
    try:
        record_disposal(
            appraisal,
            data["kind"],
            data["decided_on"],
            user=request.user,
            deadline=data["deadline"],
            note=data["note"],
            decision=data["decision"],
            approved_by=data["approved_by"],
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The step is recorded."))
    return back
