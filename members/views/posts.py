"""支部职务 pages: a branch's posts (current holders and past terms), appointing, correcting, ending.

Committee staff keep the posts of their committee's branches, a secretary those of its own
branch (the branch and member choices come from ``visible_to``; another branch's post is a
404). The rules of a term are members.posts'; the history keeps every change.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.models import Branch
from branches.permissions import can_write, reader_required, writer_required
from lib.forms import add_service_errors
from lib.pagination import page_of
from members.filters import PostFilter
from members.forms import EndPostForm, PostForm
from members.models import Post
from members.posts import end_post, save_post


def _posts(request):
    return Post.objects.visible_to(request.user).select_related("member", "branch")


def _branch_url(post):
    return reverse("dashboard:branch_detail", args=[post.branch_id])


@reader_required
def post_list(request):
    filterset = PostFilter(request.GET or None, queryset=_posts(request), request=request)
    rows = filterset.qs.order_by("branch__committee_id", "branch__ordinal", "title", "-started_on", "pk")
    page = page_of(request, rows)
    new_url = reverse("members:post_create")
    if branch := filterset.form.cleaned_data.get("branch") if filterset.form.is_valid() else None:
        new_url += f"?branch={branch.pk}"
    context = {"filter": filterset, "page_obj": page, "rows": page.object_list, "can_write": can_write(request.user)}
    return render(request, "members/post_list.html", context | {"new_url": new_url})


def _save(request, form, *, hand_over):
    """Save through the rules; their objections go onto the form, nothing half-written."""
    post = form.save(commit=False)
    try:
        predecessor = save_post(post, hand_over=hand_over)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    if predecessor is not None:
        messages.info(
            request,
            _("%(name)s's term as %(title)s ended on %(date)s.")
            % {"name": predecessor.member.name, "title": predecessor.get_title_display(), "date": predecessor.ended_on},
        )
    messages.success(request, _("The post is saved."))
    return redirect(_branch_url(post))


def _page(request, form, title, post=None):
    branch = post.branch if post else None
    context = {"form": form, "title": title, "post": post, "branch": branch}
    return render(request, "members/post_form.html", context)


@writer_required
def post_create(request):
    initial = {}
    if str(request.GET.get("branch", "")).isdigit():
        # From a branch's page: that branch, if it is the user's (else the choice stays empty).
        branch = Branch.objects.visible_to(request.user).filter(pk=request.GET["branch"]).first()
        if branch is not None:
            initial["branch"] = branch.pk
    if str(request.GET.get("member", "")).isdigit():
        initial["member"] = request.GET["member"]  # a choice only if the member is in scope
    form = PostForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid() and (response := _save(request, form, hand_over=True)):
        return response
    return _page(request, form, _("Appoint to a post"))


@writer_required
def post_update(request, pk):
    """Correct a term (a wrong date, the wrong member): no handover, the rules still hold."""
    post = get_object_or_404(_posts(request), pk=pk)
    form = PostForm(request.POST or None, instance=post, user=request.user)
    if request.method == "POST" and form.is_valid() and (response := _save(request, form, hand_over=False)):
        return response
    return _page(request, form, _("Edit a post"), post)


@writer_required
def post_end(request, pk):
    """换届, resignation, transfer out: the term ends on a day; the post stays on file."""
    post = get_object_or_404(_posts(request), pk=pk)
    form = EndPostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            end_post(post, form.cleaned_data["ended_on"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The term has ended."))
            return redirect(_branch_url(post))
    return _page(request, form, _("End a term"), post)
