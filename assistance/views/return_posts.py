"""回引挂职: village posts for members who come home, and the applications'
workflow 报名 → 审核 → 选聘 → 任职 → 期满 with the quota enforced."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assistance.filters import ReturnApplicationFilter, ReturnPostFilter
from assistance.forms import ReturnApplicationForm, ReturnPostForm, TermStartForm
from assistance.models import ApplicationStatus, ReturnApplication, ReturnPost
from assistance.services import (
    PLACE_HOLDING,
    advance_return_application,
    allowed_return_transitions,
    apply_for_return_post,
)
from assistance.views.common import export, filtered, form_page, list_page, scope_choices
from branches.permissions import can_write, reader_required, role_of, writer_required
from branches.roles import Role

# Labels of the buttons that move an application to each status.
STEP_LABELS = {
    ApplicationStatus.REVIEWED: _("Pass review"),
    ApplicationStatus.SELECTED: _("Select"),
    ApplicationStatus.SERVING: _("Start the term"),
    ApplicationStatus.COMPLETED: _("Term completed"),
    ApplicationStatus.REJECTED: _("Not selected"),
}


def decides_return_posts(user) -> bool:
    """Posts are reviewed and filled by the county and the committee; branches put members forward."""
    return can_write(user) and (user.is_superuser or role_of(user) in {Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF})


def _posts(request):
    # Places are counted over every application: the quota is the post's, whoever sees which applicant.
    # Meta.ordering does not apply to a grouped query: order explicitly.
    return (
        ReturnPost.objects.visible_to(request.user)
        .annotate(taken=Count("applications", filter=Q(applications__status__in=PLACE_HOLDING), distinct=True))
        .order_by("-opens_on", "pk")
    )


def _applications(request):
    return ReturnApplication.objects.visible_to(request.user).select_related("post", "member", "member__branch")


@reader_required
def return_post_list(request):
    context = {"export_url": reverse("assistance:return_application_export")}
    if decides_return_posts(request.user):
        context["new_url"] = reverse("assistance:return_post_create")
    return list_page(
        request,
        "assistance/return_post_list.html",
        filtered(request, ReturnPostFilter, _posts(request)),
        context=context,
    )


@reader_required
def return_application_list(request):
    return list_page(
        request,
        "assistance/return_application_list.html",
        filtered(request, ReturnApplicationFilter, _applications(request)),
        context={"export_url": reverse("assistance:return_application_export")},
    )


@reader_required
def return_application_export(request):
    columns = [
        (_("post"), lambda a: a.post.name),
        (_("member"), lambda a: a.member.name),
        (_("branch"), lambda a: a.member.branch.name),
        (_("applied on"), lambda a: a.applied_on),
        (_("status"), lambda a: a.get_status_display()),
        (_("term starts on"), lambda a: a.term_starts_on),
        (_("term ends on"), lambda a: a.term_ends_on),
        (_("note"), lambda a: a.note),
    ]
    return export(
        request,
        filtered(request, ReturnApplicationFilter, _applications(request)),
        filename=_("return applications"),
        title=_("Return-to-village applications"),
        columns=columns,
        what="assistance.ReturnApplication",
    )


@reader_required
def return_post_detail(request, pk):
    post = get_object_or_404(_posts(request), pk=pk)
    decides = decides_return_posts(request.user)
    applications = [
        (application, [(status, STEP_LABELS[status]) for status in allowed_return_transitions(application)])
        for application in _applications(request).filter(post=post)
    ]
    today = timezone.localdate()
    accepting = post.opens_on <= today and (post.closes_on is None or today <= post.closes_on)
    form = None
    if can_write(request.user) and accepting:
        form = scope_choices(ReturnApplicationForm(), request.user)
        form.helper.form_action = reverse("assistance:return_application_create", args=[post.pk])
    context = {
        "post": post,
        "applications": applications,
        "decides": decides,
        "application_form": form,
        "accepting": accepting,
        "term_form": TermStartForm(auto_id=False),
        "serving": ApplicationStatus.SERVING,
    }
    return render(request, "assistance/return_post_detail.html", context)


@writer_required
@require_POST
def return_application_create(request, pk):
    post = get_object_or_404(ReturnPost.objects.visible_to(request.user), pk=pk)
    form = scope_choices(ReturnApplicationForm(request.POST), request.user)
    if form.is_valid():
        try:
            apply_for_return_post(
                post, form.cleaned_data["member"], form.cleaned_data["applied_on"], form.cleaned_data["note"]
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The application is registered."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("assistance:return_post_detail", pk=post.pk)


@writer_required
@require_POST
def return_application_step(request, pk, to_status):
    if not decides_return_posts(request.user):
        raise PermissionDenied
    application = get_object_or_404(_applications(request), pk=pk)
    term_starts_on = None
    if to_status == ApplicationStatus.SERVING:
        form = TermStartForm(request.POST)
        term_starts_on = form.cleaned_data["term_starts_on"] if form.is_valid() else None
    try:
        advance_return_application(application, to_status, request.user, term_starts_on=term_starts_on)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("%(member)s: %(status)s.")
            % {"member": application.member.name, "status": ApplicationStatus(to_status).label},
        )
    return redirect("assistance:return_post_detail", pk=application.post_id)


@writer_required
def return_post_create(request):
    if not decides_return_posts(request.user):
        raise PermissionDenied
    return form_page(
        request,
        ReturnPostForm,
        title=_("New return post"),
        list_name="assistance:return_post_list",
        list_title=_("Return posts"),
        saved=_("The post is saved."),
        then=lambda post: reverse("assistance:return_post_detail", args=[post.pk]),
    )
