import django_filters
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification


class NotificationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=[("unread", _("Unread")), ("read", _("Read"))], method="by_state"
    )
    q = django_filters.CharFilter(label=_("Keyword"), field_name="title", lookup_expr="icontains")

    class Meta:
        model = Notification
        fields = ["state", "q"]

    def by_state(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "unread")
