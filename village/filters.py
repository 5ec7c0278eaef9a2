"""The village member list's search: a name or phone, the Guangdong branch, the village
(for a township's staff, who see all its villages)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.models import Branch, HomeOrganisation
from lib.widgets import CompactSelect
from members.filters import FilterBarForm
from members.models import MemberStatus


class VillageMemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Keyword"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("Name or phone")}),
    )
    home_organisation = django_filters.ModelChoiceFilter(
        label=_("Village"), queryset=HomeOrganisation.objects.none(), empty_label=_("All"), widget=CompactSelect
    )
    branch = django_filters.ModelChoiceFilter(
        label=_("Branch in Guangdong"), queryset=Branch.objects.none(), empty_label=_("All"), widget=CompactSelect
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MemberStatus.choices, empty_label=_("All"), widget=CompactSelect
    )

    class Meta:
        form = FilterBarForm
        fields = ["q", "home_organisation", "branch", "status"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope_ids = user.staff_scope.home_organisation_ids
        villages = self.filters["home_organisation"]
        villages.queryset = HomeOrganisation.objects.filter(pk__in=scope_ids).branches().select_related("parent")
        # The branches where the village's members are: any committee, any branch.
        self.filters["branch"].queryset = Branch.objects.filter(
            pk__in=self.queryset.order_by().values("branch_id")
        ).select_related("committee")
        if len(scope_ids) == 1:
            # A village's own secretary has one village: no need to choose.
            del self.filters["home_organisation"]

    def search(self, queryset, name, value):
        value = "".join(value.split())
        if not value:
            return queryset
        return queryset.filter(Q(name__contains=value) | Q(phone__startswith=value))
