import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.rules import roles_manageable_by
from branches.roles import Role


class AccountFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("User name or full name"), method="search")
    role = django_filters.ChoiceFilter(label=_("Role"), field_name="staff_scope__role", choices=Role.choices)
    is_active = django_filters.ChoiceFilter(
        label=_("Status"), field_name="is_active", choices=[("1", _("Enabled")), ("0", _("Disabled"))]
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        self.filters["role"].extra["choices"] = [(r, labels[r]) for r in roles_manageable_by(actor)]

    def search(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(first_name__icontains=value))
