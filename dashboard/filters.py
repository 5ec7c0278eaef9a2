import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.models import Branch


class BranchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Keyword"), method="search")
    city = django_filters.ChoiceFilter(label=_("City"), empty_label=_("All cities"))

    class Meta:
        model = Branch
        fields = ["q", "city"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the cities of branches the user sees are offered.
        cities = Branch.objects.visible_to(user).order_by("city").values_list("city", flat=True).distinct()
        self.filters["city"].extra["choices"] = [(city, city) for city in cities]
        self.form.fields["q"].widget.attrs["placeholder"] = _("Branch, city or venue")

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(city__icontains=value) | Q(venue_address__icontains=value))
