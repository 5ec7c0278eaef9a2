"""党员档案 pages: list, detail, create, edit, status change / transfer, print, exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DateField
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from audit.exports import xlsx_response
from audit.log import record
from audit.models import Action
from branches.permissions import can_view_full_id_number, can_write, reader_required, writer_required
from lib.forms import add_service_errors
from lib.lists import has_list, list_url, remember_list
from lib.pagination import CappedPaginator, page_of
from lib.xlsx import iso_date
from members.file_numbers import file_number
from members.filters import MemberFilter
from members.forms import MemberForm, PhotoForm, StatusChangeForm
from members.history import readable_history
from members.id_number import birth_year, mask_id_number
from members.importing.columns import COLUMNS, FILE_NUMBER_HEADER
from members.lifecycle import change_status
from members.models import Member, Post
from members.permissions import may_import, may_transfer
from members.services import (
    EditConflict,
    create_member,
    merge_edits,
    save_member_with_version_check,
    version_values,
)

SORTABLE = ["name", "branch", "birth_date", "joined_party_on", "work_city", "hometown_township"]


def member_for(request, pk):
    """The member if the user may see it; another branch's member is a 404."""
    return get_object_or_404(
        Member.objects.visible_to(request.user).select_related("branch__committee", "home_organisation"), pk=pk
    )


def filtered_members(request):
    members = Member.objects.visible_to(request.user).select_related("branch")
    return MemberFilter(request.GET or None, queryset=members, request=request)


def _sort_links(request):
    current = request.GET.get("o", "")
    links = {}
    for key in SORTABLE:
        if current == key:
            links[key] = {"next": f"-{key}", "arrow": "bi-sort-up"}
        elif current == f"-{key}":
            links[key] = {"next": key, "arrow": "bi-sort-down"}
        else:
            links[key] = {"next": key, "arrow": ""}
    return links


@reader_required
def member_list(request):
    remember_list(request, "members:list")
    member_filter = filtered_members(request)
    page = page_of(request, member_filter.qs, paginator=CappedPaginator)
    return render(
        request,
        "members/member_list.html",
        {
            "filter": member_filter,
            "page_obj": page,
            "sort": _sort_links(request),
            "can_write": can_write(request.user),
            "may_import": may_import(request.user),
        },
    )


LIST_EXPORT_HEADERS = [
    "姓名",
    "性别",
    "出生年份",
    "公民身份号码",
    "联系电话",
    "人员类别",
    "正式/预备",
    "所在党支部",
    "工作单位",
    "工作城市",
    "户籍所在地（乡镇）",
    "入党时间",
    "状态",
]


def _labels(name):
    """A member field's choice labels, translated once per export instead of once per row."""
    return {value: str(label) for value, label in Member._meta.get_field(name).flatchoices}


@reader_required
def member_export(request):
    """The rows the list shows (all pages), with the same search and filters.

    Read as tuples, not Member and Branch instances, with each label translated once:
    an export has thousands of rows."""
    member_filter = filtered_members(request)
    genders, categories, statuses = _labels("gender"), _labels("category"), _labels("status")
    membership = {True: _("Full"), False: _("Probationary")}
    members = member_filter.qs.values_list(
        "name",
        "gender",
        "birth_date",
        "id_number",
        "phone",
        "category",
        "full_member_on",
        "branch__name",
        "employer",
        "work_city",
        "hometown_township",
        "joined_party_on",
        "status",
    )
    rows = (
        [
            name,
            genders.get(gender, gender),
            # Masked, and the birth date as its year: together they must not rebuild
            # the number (members.id_number.mask_id_number).
            birth_year(birth_date),
            mask_id_number(id_number),
            phone,
            categories.get(category, category),
            membership[full_member_on is not None],
            branch,
            employer,
            work_city,
            hometown_township,
            iso_date(joined_party_on),
            statuses.get(status, status),
        ]
        for (
            name,
            gender,
            birth_date,
            id_number,
            phone,
            category,
            full_member_on,
            branch,
            employer,
            work_city,
            hometown_township,
            joined_party_on,
            status,
        ) in members.iterator(chunk_size=1000)
    )
    filters = {key: value for key, value in request.GET.items() if key != "page" and value}
    return xlsx_response(
        request,
        filename="党员名单",
        headers=LIST_EXPORT_HEADERS,
        rows=rows,
        title="党员名单",
        what="members",
        filters=filters,
    )


def _roster_cell(name):
    """How a roster column shows a stored value: chosen once per column, not per cell."""
    if name in ("branch", "home_organisation"):
        return None
    if name == "id_number":
        return mask_id_number
    if name == "birth_date":
        return birth_year
    field = Member._meta.get_field(name)
    if field.choices:
        labels = _labels(name)
        return lambda value: labels.get(value, value) if value else value
    if isinstance(field, DateField):
        return iso_date
    return None


@reader_required
def roster_export(request):
    """全量花名册: every column of every member in scope (or those the list's filters keep),
    headed as the import template is, after the 档案编号 that brings an edited copy back to
    the same files (members.file_numbers)."""
    filters = {key: value for key, value in request.GET.items() if key not in ("page", "per_page") and value}
    return roster_response(request, roster_members(request), filters=filters)


def roster_response(request, members, *, filters):
    """The 花名册 of ``members`` as a logged xlsx download. Read as tuples, like the list
    export: a committee's roster has tens of thousands of rows."""
    names = [name for name, _header, _aliases in COLUMNS]
    headers = [
        FILE_NUMBER_HEADER,
        *["出生年份" if name == "birth_date" else header for name, header, _aliases in COLUMNS],
        "状态",
    ]
    related = {"branch": "branch__name", "home_organisation": "home_organisation__full_name"}
    fields = ["pk", *[related.get(name, name) for name in names], "status", "home_organisation_text"]
    cells = [file_number, *[_roster_cell(name) for name in names], _roster_cell("status")]
    home = 1 + names.index("home_organisation")

    def line(row):
        *values, home_text = row
        # 流出地党组织: the linked organisation's name, or the text still waiting to be matched.
        values[home] = values[home] or home_text
        return [value if cell is None else cell(value) for cell, value in zip(cells, values, strict=True)]

    rows = (
        line(row) for row in members.order_by("branch__ordinal", "pk").values_list(*fields).iterator(chunk_size=1000)
    )
    return xlsx_response(
        request,
        filename="党员花名册",
        headers=headers,
        rows=rows,
        title="党员花名册",
        what="member roster",
        filters=filters,
    )


def roster_members(request):
    """The members a roster export holds: the list's search and filters when it has any,
    else every member in the user's scope."""
    return filtered_members(request).qs if request.GET else Member.objects.visible_to(request.user)


# A printed roster is for a branch or a committee; a county-wide one is an export's job.
ROSTER_PRINT_LIMIT = 3000


@reader_required
def roster_print(request):
    """党员花名册 as a print view (A4 landscape, header repeated on every page): the members
    the list's search and filters keep, or all in scope; masked ID numbers, birth years.
    Logged like an export: it is member data leaving the screen."""
    members = roster_members(request).select_related("branch").order_by("branch__ordinal", "pk")
    rows = list(members[: ROSTER_PRINT_LIMIT + 1])
    capped = len(rows) > ROSTER_PRINT_LIMIT
    rows = rows[:ROSTER_PRINT_LIMIT]
    filters = {key: value for key, value in request.GET.items() if key not in ("page", "per_page") and value}
    record(request, Action.EXPORT, what="member roster print", filters=filters, rows=len(rows))
    context = {
        "members": rows,
        "capped": capped,
        "limit": ROSTER_PRINT_LIMIT,
        "unit": _unit_of(request.user),
        "back_url": list_url(request, "members:list"),
    }
    return render(request, "members/roster_print.html", context)


def _unit_of(user):
    scope = getattr(user, "staff_scope", None)
    if scope is not None and scope.branch_id:
        return f"{scope.branch.committee.name} {scope.branch.name}"
    if scope is not None and scope.committee_id:
        return scope.committee.name
    return _("Anren County")


@reader_required
def member_detail(request, pk):
    member = member_for(request, pk)
    context = {
        "member": member,
        # The number is masked on the page; who has the right reveals it (logged).
        "may_reveal": can_view_full_id_number(request.user),
        "can_write": can_write(request.user),
        "posts": Post.objects.filter(member=member).select_related("branch").order_by("-started_on"),
        "attendances": member.attendances.select_related("meeting__branch").order_by("-meeting__held_on")[:20],
        "honors": member.honors.order_by("-year"),
        "history": readable_history(member, full_id=False),
        "status_changes": member.status_changes.select_related("recorded_by").order_by("-changed_on", "-pk")[:20],
        "contact_attempts": member.contact_attempts.order_by("-tried_on", "-pk")[:20],
        "may_transfer": may_transfer(request.user),
        "back_url": list_url(request, "members:list"),
        "file_number": file_number(member.pk),
        "photo_form": PhotoForm(),
    }
    return render(request, "members/member_detail.html", context)


@reader_required
def member_print(request, pk):
    """档案卡: the paper file carries the full number for those with the right (a logged view)."""
    member = member_for(request, pk)
    full_id = can_view_full_id_number(request.user)
    if full_id:
        record(request, Action.VIEW_ID_NUMBER, obj=member, via="print")
    return render(
        request,
        "members/member_print.html",
        {
            "member": member,
            "full_id": full_id,
            "posts": member.posts.select_related("branch").order_by("-started_on"),
            "check_ins": member.check_ins.select_related("branch").order_by("-checked_in_on")[:5],
            "honors": member.honors.order_by("-year"),
        },
    )


@writer_required
@require_http_methods(["GET", "POST"])
def member_create(request):
    form = MemberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        member = create_member(form.save(commit=False), user=request.user)
        messages.success(request, _("The file of %(name)s has been created.") % {"name": member.name})
        return redirect("members:detail", pk=member.pk)
    return render(request, "members/member_form.html", {"form": form})


@writer_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = member_for(request, pk)
    if member.is_read_only:
        # 转出, 除名, 出党, 去世: the file is kept as it was closed.
        messages.error(
            request,
            _("The file of %(name)s is closed (%(status)s) and kept as it is.")
            % {"name": member.name, "status": member.get_status_display()},
        )
        return redirect("members:detail", pk=member.pk)
    form = MemberForm(request.POST or None, instance=member, user=request.user)
    conflict = None
    if request.method == "GET":
        # The edit form holds the full number: opening it is a full-number view.
        record(request, Action.VIEW_ID_NUMBER, obj=member, via="edit")
    if request.method == "POST" and form.is_valid():
        expected = form.cleaned_data.get("version") or 0
        try:
            save_member_with_version_check(form.save(commit=False), expected, user=request.user)
        except EditConflict as error:
            form, conflict = _resolve_conflict(request, error.current, expected, form.cleaned_data)
        else:
            messages.success(request, _("The file of %(name)s has been saved.") % {"name": member.name})
            return redirect(_after_saving(request, member))
    return render(request, "members/member_form.html", {"form": form, "member": member, "conflict": conflict})


def _resolve_conflict(request, current, expected, submitted):
    """Refuse the save, keep the other person's change, and offer the user a merged form."""
    names = [name for name in MemberForm.Meta.fields if name != "branch"]
    theirs = {name: getattr(current, name) for name in names}
    base = version_values(current, expected, names) or theirs
    merged, changed_by_them, clashes = merge_edits(base, theirs, submitted)
    last = current.history.select_related("history_user").order_by("-history_date").first()
    who = last.history_user if last and last.history_user else None
    conflict = {
        "who": (who.get_full_name() or who.get_username()) if who else _("someone else"),
        "when": last.history_date if last else None,
        "changed": [
            {
                "label": Member._meta.get_field(name).verbose_name,
                "theirs": theirs[name],
                "mine": submitted.get(name),
                "clash": name in clashes,
            }
            for name in changed_by_them
        ],
    }
    form = MemberForm(instance=current, initial={**merged, "version": current.version}, user=request.user)
    return form, conflict


@writer_required
@require_http_methods(["GET", "POST"])
def member_status(request, pk):
    """党籍 and status: the steps the rules allow from the current status, each recorded."""
    member = member_for(request, pk)
    form = StatusChangeForm(request.POST or None, member=member, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change_status(
                member,
                data["transition"],
                on=data["changed_on"],
                decision=data["decision"],
                approved_by=data["approved_by"],
                note=data["note"],
                expected_version=data["version"],
                user=request.user,
            )
            done = _("The status of %(name)s is now %(status)s.") % {
                "name": member.name,
                "status": member.get_status_display(),
            }
        except EditConflict:
            messages.error(
                request,
                _("Someone else changed this file while you were working on it; check it and try again."),
            )
            return redirect("members:status", pk=member.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_after_saving(request, member))
    context = {
        "form": form,
        "member": member,
        "changes": member.status_changes.select_related("recorded_by").order_by("-changed_on", "-pk"),
        "attempts": member.contact_attempts.order_by("-tried_on", "-pk")[:20],
    }
    return render(request, "members/member_status.html", context)


def _after_saving(request, member):
    """Back to the member list as it was filtered, when the file was opened from it; else the file."""
    if has_list(request, "members:list"):
        return list_url(request, "members:list")
    return reverse("members:detail", args=[member.pk])


@login_required
@require_POST
@never_cache
def reveal_id_number(request, pk):
    """The full 公民身份号码 of one member, for roles that keep the files; every reveal is logged.

    POST only, so that no prefetch or crawler reveals a number. Outside the scope is
    a 404 (the member is not there for this user); a role that only reads gets 403.
    """
    member = get_object_or_404(Member.objects.visible_to(request.user), pk=pk)
    if not can_view_full_id_number(request.user):
        raise PermissionDenied
    record(request, Action.VIEW_ID_NUMBER, obj=member)
    return JsonResponse(
        {
            "id_number": member.id_number,
            "masked": member.masked_id_number,
            "birth_date": f"{member.birth_date:%Y-%m-%d}",
        }
    )
