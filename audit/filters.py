import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.models import Action, AuditEntry
from lib.widgets import DateInput


class AuditEntryFilter(django_filters.FilterSet):
    """The auditor's search: who, what, on which object, between which days."""

    user = django_filters.CharFilter(label=_("User"), field_name="username", lookup_expr="icontains")
    action = django_filters.ChoiceFilter(label=_("Action"), choices=Action.choices)
    object = django_filters.CharFilter(label=_("Object"), method="search_object")
    date_from = django_filters.DateFilter(
        label=_("From"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=DateInput(),
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="created_at", lookup_expr="date__lte", widget=DateInput()
    )

    class Meta:
        model = AuditEntry
        fields = []

    def search_object(self, queryset, name, value):
        # The object's name, its id, or its kind (members.member, 党员 …).
        return queryset.filter(Q(object_repr__icontains=value) | Q(object_id=value) | Q(object_type__icontains=value))
