"""党小组, elections and 换届: the branch's organisation as its meetings make it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Branch, Committee
from branches.permissions import can_write, reader_required, writer_required
from branches.terms import committee_renewal, renewals
from lib.pagination import page_of
from meetings.elections import record_election
from meetings.forms import CandidateFormSet, ElectionForm, PartyGroupFilter, PartyGroupForm, RenewalFilter
from meetings.groups import save_group
from meetings.models import Meeting, PartyGroup, PartyGroupMember
from meetings.quorum import with_attendance_counts
from members.models import CommitteePost, CommitteeTitle


def _errors_onto(form, error):
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


# --- 党小组 -----------------------------------------------------------------------------------


@reader_required
def group_list(request):
    groups = (
        PartyGroup.objects.visible_to(request.user)
        .select_related("branch", "leader")
        .annotate(member_count=Count("memberships"))
        .prefetch_related(
            Prefetch("memberships", PartyGroupMember.objects.select_related("member").order_by("member_id"))
        )
        .order_by("branch__committee_id", "branch__ordinal", "pk")
    )
    filterset = PartyGroupFilter(request.GET or None, queryset=groups, request=request)
    page = page_of(request, filterset.qs)
    context = {
        "filter": filterset,
        "page_obj": page,
        "rows": page.object_list,
        "can_write": can_write(request.user),
        "new_url": reverse("meetings:group_create"),
    }
    return render(request, "meetings/group_list.html", context)


def _group_form(request, branch, group=None):
    group = group or PartyGroup(branch=branch)
    form = PartyGroupForm(request.POST or None, instance=group, branch=branch)
    if request.method == "POST" and form.is_valid():
        try:
            save_group(form.save(commit=False), form.cleaned_data["members"], user=request.user)
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, _("The party group is saved."))
            return redirect(f"{reverse('meetings:groups')}?branch={branch.pk}")
    return render(request, "meetings/group_form.html", {"form": form, "branch": branch, "group": group})


@writer_required
def group_create(request):
    branches = Branch.objects.visible_to(request.user).filter(dissolved_on__isnull=True)
    if str(request.GET.get("branch", "")).isdigit():
        branch = get_object_or_404(branches, pk=request.GET["branch"])
    else:
        only = list(branches[:2])
        if len(only) != 1:
            return render(request, "meetings/group_pick_branch.html", {"branches": branches})
        branch = only[0]
    return _group_form(request, branch)


@writer_required
def group_update(request, pk):
    group = get_object_or_404(PartyGroup.objects.visible_to(request.user).select_related("branch"), pk=pk)
    return _group_form(request, group.branch, group)


# --- elections ------------------------------------------------------------------------------


@writer_required
def election_record(request, pk):
    """登记选举结果: the posts, the candidates, the votes; the result follows the rules
    (meetings.elections). Refused on a meeting that is not an election or has one already."""
    meeting = get_object_or_404(
        with_attendance_counts(Meeting.objects.visible_to(request.user)).select_related("branch"), pk=pk
    )
    if not meeting.is_election or hasattr(meeting, "election"):
        raise Http404
    form = ElectionForm(request.POST or None)
    formset = CandidateFormSet(request.POST or None, form_kwargs={"branch": meeting.branch}, prefix="candidates")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        candidates = [
            (row["member"], row.get("title") or "", row["votes"])
            for row in formset.cleaned_data
            if row and row.get("member")
        ]
        try:
            with transaction.atomic():
                election = record_election(
                    meeting,
                    kind=form.cleaned_data["kind"],
                    seats=form.cleaned_data["seats"],
                    candidates=candidates,
                    user=request.user,
                )
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            if election.valid:
                messages.success(request, _("The election is recorded."))
            else:
                messages.warning(
                    request, _("The election is recorded as invalid: quorum not reached; no post changed.")
                )
            return redirect("meetings:detail", pk=meeting.pk)
    context = {"meeting": meeting, "form": form, "formset": formset}
    return render(request, "meetings/election_form.html", context, status=400 if request.method == "POST" else 200)


# --- 换届 -------------------------------------------------------------------------------------


@reader_required
def renewal_list(request):
    """换届提醒: each branch's term, those due within the notice period and the overdue first;
    and the committee's own 班子."""
    today = timezone.localdate()
    form = RenewalFilter(request.GET or None, user=request.user)
    branches = Branch.objects.visible_to(request.user)
    status = ""
    if form.is_bound and form.is_valid():
        status = form.cleaned_data["status"]
        if form.cleaned_data["branch"]:
            branches = branches.filter(pk=form.cleaned_data["branch"].pk)
    rows = renewals(branches, today)
    if status:
        rows = [row for row in rows if row.status == status]
    page = page_of(request, rows)
    committees = [committee_renewal(c, today) for c in Committee.objects.visible_to(request.user)]
    # The committee's own 班子, current posts, in one query (secretary, deputies, members).
    team = {}
    current = CommitteePost.objects.filter(
        committee__in=[row.organisation for row in committees], ended_on__isnull=True
    )
    order = list(CommitteeTitle.values)
    for post in sorted(current, key=lambda p: (order.index(p.title), p.started_on, p.pk)):
        team.setdefault(post.committee_id, []).append(post)
    for row in committees:
        row.team = team.get(row.organisation.pk, [])
    # The list template reads filter.form and filter.is_bound, as of a FilterSet.
    context = {
        "filter": {"form": form, "is_bound": form.is_bound},
        "page_obj": page,
        "rows": page.object_list,
        "committees": committees,
    }
    return render(request, "meetings/renewal_list.html", context)
