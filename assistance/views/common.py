"""What every page of the assistance app shares: scoped choices, lists, exports, the write check."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import ModelChoiceField
from django.shortcuts import redirect, render
from django.urls import reverse

from audit.exports import xlsx_response
from branches.permissions import can_write, role_of
from branches.roles import Role
from branches.scoping import user_scope
from lib.pagination import page_of


def secretary_branch_id(user):
    """The branch of a branch secretary; None for roles above the branch."""
    scope = user_scope(user)
    return scope.branch_id if scope and scope.role == Role.BRANCH_SECRETARY else None


def can_change(user, obj) -> bool:
    """Writers change what they see, except that a secretary leaves committee-wide records
    (a campaign or project of the whole committee) to the committee: it may read them only."""
    if not can_write(user):
        return False
    branch_id = secretary_branch_id(user)
    return branch_id is None or getattr(obj, "branch_id", None) == branch_id


def change_required(user, obj):
    if not can_change(user, obj):
        raise PermissionDenied


def scope_choices(form, user):
    """Narrow every foreign-key choice of ``form`` to what ``user`` may see; preselect a sole choice.

    A secretary records things for its own branch, so the branch is required of it.
    """
    if role_of(user) == Role.BRANCH_SECRETARY and "branch" in form.fields:
        form.fields["branch"].required = True
    for field in form.fields.values():
        if isinstance(field, ModelChoiceField) and hasattr(field.queryset.model.objects, "visible_to"):
            field.queryset = field.queryset.model.objects.visible_to(user)
    for name, field in form.fields.items():
        if isinstance(field, ModelChoiceField) and field.required and not form.is_bound and name not in form.initial:
            only = list(field.queryset[:2])
            if len(only) == 1:
                form.initial[name] = only[0].pk
    return form


def form_page(request, form_class, *, title, list_name, list_title, saved, instance=None, then=None, initial=None):
    """The create or edit page of a record: its form with scoped choices, saved in one
    go, then back to the list (or to ``then(record)``, a URL) with ``saved`` as the message."""
    form = scope_choices(form_class(request.POST or None, instance=instance, initial=initial), request.user)
    if request.method == "POST" and form.is_valid():
        record = form.save()
        messages.success(request, saved)
        return redirect(then(record) if then else list_name)
    context = {"form": form, "title": title, "list_url": reverse(list_name), "list_title": list_title}
    return render(request, "assistance/form.html", context)


def filtered(request, filterset_class, queryset):
    return filterset_class(request.GET or None, queryset=queryset, request=request)


def list_page(request, template, filterset, *, context=None):
    """Render a list: the search form, the filtered rows a page at a time, and ``context``."""
    page = page_of(request, filterset.qs)
    return render(
        request,
        template,
        {
            "filter": filterset,
            "page_obj": page,
            "rows": page.object_list,
            "can_write": can_write(request.user),
            "secretary_branch_id": secretary_branch_id(request.user),
        }
        | (context or {}),
    )


def export(request, filterset, *, filename, title, columns, what):
    """The filtered rows as xlsx; ``columns`` is a list of (header, function of a row)."""
    rows = ([getter(row) for _header, getter in columns] for row in filterset.qs)
    filters = {key: value for key, value in request.GET.items() if value and key != "page"}
    return xlsx_response(
        request,
        filename=filename,
        headers=[str(header) for header, _getter in columns],
        rows=rows,
        title=title,
        what=what,
        filters=filters,
    )
