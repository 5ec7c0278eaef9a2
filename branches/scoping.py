"""The one answer to "what may this user see".

Every queryset that a page, export, chart, admin screen or autocomplete shows
goes through ``visible_to(user)`` on the model's manager, which is built from
:class:`ScopedQuerySet` below. Nothing is filtered in templates.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from branches.roles import Role


def user_scope(user):
    """The user's StaffScope, or None (anonymous users and users without one)."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.staff_scope
    except AttributeError:
        return None
    except models.ObjectDoesNotExist:
        return None


def sees_everything(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    scope = user_scope(user)
    return scope is not None and scope.sees_all_committees


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows the path from its model to a branch and a committee.

    ``branch_path`` and ``committee_path`` are lookups from the model, e.g.
    ``"branch"`` and ``"branch__committee"``; ``""`` means the model itself.
    ``committee_wide_path`` is the branch lookup that is empty on rows a branch
    secretary also sees because they belong to the whole committee (a task the
    committee published, with no branch, say).

    ``home_path`` is the lookup from the model to the home organisation (流出地党组织) whose
    secretary sees the row: a member's own, a report's member's, the village a case was
    referred to. A model without one shows a home organisation's secretary nothing. The
    secretary sees the rows of its scope's organisations (``StaffScope.home_organisation_ids``:
    a village, or a township with all its villages), wherever in Guangdong the member is.
    """

    branch_path = "branch"
    committee_path = "branch__committee"
    committee_wide_path: str | None = None
    home_path: str | None = None

    def _lookup(self, path: str) -> str:
        return f"{path}__pk" if path else "pk"

    def visible_to(self, user):
        if sees_everything(user):
            return self.all()
        scope = user_scope(user)
        if scope is None or not user.is_active:
            return self.none()
        if scope.role == Role.COMMITTEE_STAFF and scope.committee_id:
            return self.filter(**{self._lookup(self.committee_path): scope.committee_id})
        if scope.role == Role.BRANCH_SECRETARY and scope.branch_id:
            condition = Q(**{self._lookup(self.branch_path): scope.branch_id})
            if self.committee_wide_path is not None:
                condition |= Q(**{f"{self.committee_wide_path}__isnull": True}) & Q(
                    **{self._lookup(self.committee_path): scope.branch.committee_id}
                )
            return self.filter(condition)
        if scope.role == Role.HOME_SECRETARY and scope.home_organisation_id and self.home_path is not None:
            return self.filter(**{f"{self.home_path}__in": scope.home_organisation_ids})
        return self.none()


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass


def scoped_queryset(branch_path="branch", committee_path="branch__committee", committee_wide_path=None, home_path=None):
    """A ScopedQuerySet subclass for a model whose paths differ from the default."""
    return type(
        "ScopedQuerySet",
        (ScopedQuerySet,),
        {
            "branch_path": branch_path,
            "committee_path": committee_path,
            "committee_wide_path": committee_wide_path,
            "home_path": home_path,
        },
    )
