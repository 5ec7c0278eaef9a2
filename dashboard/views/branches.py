"""党支部 pages: the list of the user's branches and one branch's page with its figures."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.exports import xlsx_response
from branches.models import Branch, Committee, PairedVillage
from branches.permissions import can_write, can_write_committee_wide, reader_required, role_of, writer_required
from branches.roles import Role
from dashboard import kpis
from dashboard.filters import BranchFilter
from dashboard.forms import BranchForm, CommitteeSettingsForm
from dashboard.links import member_detail_url, member_list_url
from dashboard.profile import counted_groups, profile_items, profile_of
from lib.pagination import page_of
from meetings.models import Meeting, MeetingStatus
from members.models import Category, Honor, Member, MemberStatus, Post, PostTitle
from shuangbao.models import Task


def _count_of(queryset):
    """A correlated COUNT, so several counts on a branch do not multiply each other's joins."""
    counted = queryset.order_by().values("branch").annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def branch_rows(user):
    """The branch list's rows: member counts, secretary, paired villages, last meeting (one query)."""
    secretary = Post.objects.filter(branch=OuterRef("pk"), title=PostTitle.SECRETARY, ended_on__isnull=True)
    last_meeting = Meeting.objects.filter(branch=OuterRef("pk"), status=MeetingStatus.HELD).order_by("-held_on")
    return kpis.branches_with_member_counts(user).annotate(
        secretary=Subquery(secretary.values("member__name")[:1]),
        paired_village_count=_count_of(PairedVillage.objects.filter(branch=OuterRef("pk"))),
        last_meeting_on=Subquery(last_meeting.values("held_on")[:1]),
    )


@reader_required
def branch_list(request):
    filterset = BranchFilter(request.GET or None, queryset=branch_rows(request.user), user=request.user)
    page = page_of(request, filterset.qs)
    context = {
        "filter": filterset,
        "page_obj": page,
        # A new branch is set up by its committee's staff or the county (branch_create).
        "can_add": can_write_committee_wide(request.user),
    }
    if context["can_add"]:
        # and the committee's settings by the same people (committee_settings)
        context["committees"] = list(Committee.objects.visible_to(request.user).only("pk", "name", "short_name"))
    return render(request, "dashboard/branch_list.html", context)


@reader_required
def branch_export(request):
    filterset = BranchFilter(request.GET or None, queryset=branch_rows(request.user), user=request.user)
    headers = [
        _("Branch"),
        _("Committee"),
        _("City"),
        _("Founded on"),
        _("Secretary"),
        _("Directly managed"),
        _("Mobile"),
        _("Number of members"),
        _("Paired villages"),
        _("Last meeting"),
    ]
    rows = (
        [
            branch.name,
            str(branch.committee),
            branch.city,
            branch.founded_on,
            branch.secretary,
            branch.direct,
            branch.mobile,
            branch.total,
            branch.paired_village_count,
            branch.last_meeting_on,
        ]
        for branch in filterset.qs
    )
    return xlsx_response(
        request,
        filename=_("Branches"),
        headers=headers,
        rows=rows,
        title=_("Branches"),
        what="branches",
        filters=request.GET.dict(),
    )


@reader_required
def branch_detail(request, pk):
    """One branch: its figures (as the 党员队伍基本情况 report counts them), officers, paired villages,
    recent meetings and tasks. Another branch's page is a 404."""
    branch = get_object_or_404(Branch.objects.visible_to(request.user).select_related("committee"), pk=pk)
    user, today = request.user, timezone.localdate()
    active = MemberStatus.ACTIVE
    members = Member.objects.visible_to(user).filter(branch=branch, status=active)
    officers = list(Post.objects.visible_to(user).filter(branch=branch, ended_on__isnull=True).select_related("member"))
    for post in officers:
        post.link = member_detail_url(post.member_id)
    meetings = list(Meeting.objects.visible_to(user).filter(branch=branch, status=MeetingStatus.HELD)[:10])
    tasks = list(
        Task.objects.visible_to(user)
        .filter(Q(branch=branch) | Q(branch__isnull=True, committee_id=branch.committee_id))
        .annotate(claims_here=Count("claims", filter=Q(claims__member__branch=branch)))
        .order_by("-opens_on", "-pk")[:10]
    )
    for meeting in meetings:
        meeting.link = reverse("meetings:detail", args=[meeting.pk])
    for task in tasks:
        task.link = reverse("shuangbao:task_detail", args=[task.pk])
    context = {
        "branch": branch,
        "profile": counted_groups(profile_items(today), profile_of(members, today)),
        "today": today,
        "officers": sorted(officers, key=lambda post: PostTitle.values.index(post.title)),
        "villages": PairedVillage.objects.visible_to(user).filter(branch=branch),
        "honors": Honor.objects.visible_to(user).filter(branch=branch).order_by("-year", "-pk"),
        # Posts, honours and paired villages are kept here by the committee and the branch.
        "can_write": can_write(user),
        "can_edit_branch": can_write_committee_wide(user),
        "meetings": meetings,
        "tasks": tasks,
        "links": {
            "members": member_list_url(branch=branch.pk, status=active),
            "direct": member_list_url(branch=branch.pk, category=Category.DIRECT, status=active),
            "mobile": member_list_url(branch=branch.pk, category=Category.MOBILE, status=active),
        },
    }
    return render(request, "dashboard/branch_detail.html", context)


def _branch_form(request, title, branch=None):
    if not can_write_committee_wide(request.user):
        raise PermissionDenied  # a secretary reads its branch's details
    form = BranchForm(request.POST or None, instance=branch, user=request.user)
    if request.method == "POST" and form.is_valid():
        branch = form.save()
        messages.success(request, _("%(branch)s is saved.") % {"branch": branch.name})
        return redirect("dashboard:branch_detail", pk=branch.pk)
    return render(request, "dashboard/branch_form.html", {"form": form, "title": title, "branch": branch})


@writer_required
def branch_create(request):
    return _branch_form(request, _("New branch"))


@writer_required
def branch_update(request, pk):
    branch = get_object_or_404(Branch.objects.visible_to(request.user), pk=pk)
    return _branch_form(request, _("Edit the branch"), branch)


@writer_required
def committee_settings(request, pk):
    """流动党委设置: its staff and the county keep the committee's settings (a secretary reads
    them on the branch pages: 403 here); another committee is a 404."""
    if not can_write_committee_wide(request.user):
        raise PermissionDenied
    committee = get_object_or_404(Committee.objects.visible_to(request.user), pk=pk)
    county = role_of(request.user) == Role.COUNTY_ADMIN
    form = CommitteeSettingsForm(request.POST or None, instance=committee, county=county)
    if request.method == "POST" and form.is_valid():
        committee = form.save(commit=False)
        committee._change_reason = str(_("Committee settings"))
        committee.save()
        messages.success(request, _("The settings of %(committee)s are saved.") % {"committee": committee.name})
        return redirect("dashboard:committee_settings", pk=committee.pk)
    history = committee.history.select_related("history_user").order_by("-history_date")[:20]
    context = {"form": form, "committee": committee, "history": history}
    return render(request, "dashboard/committee_settings.html", context)
