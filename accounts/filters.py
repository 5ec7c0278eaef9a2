import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from accounts.rules import roles_manageable_by
from branches.models import Role


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
        self.form.helper = search_form_helper(["q", "role", "is_active"], reset_url="accounts:user_list")

    def search(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(first_name__icontains=value))


# The search bar's labels live in a template string; these marks put them in the catalogue.
SEARCH_BAR_LABELS = [gettext_noop("Search"), gettext_noop("Reset")]


def search_form_helper(fields, *, reset_url):
    """The search bar above a list: fields in a row, then 查询 and 重置."""
    helper = FormHelper()
    helper.form_method = "get"
    helper.form_class = "search-form"
    helper.disable_csrf = True
    helper.layout = Layout(
        Div(
            *[Div(Field(name), css_class=f"col-12 col-sm-6 col-lg-{2 if len(fields) > 3 else 3}") for name in fields],
            # Rendered as a template at request time, so the labels follow the active language.
            HTML(
                '{% load i18n %}<div class="col-12 col-lg-auto d-flex align-items-end mb-3">'
                '<button type="submit" class="btn btn-primary me-2"><i class="bi bi-search"></i> '
                '{% translate "Search" %}</button>'
                f'<a class="btn btn-outline-secondary" href="{{% url "{reset_url}" %}}">'
                '<i class="bi bi-arrow-counterclockwise"></i> {% translate "Reset" %}</a></div>'
            ),
            css_class="row g-2",
        )
    )
    return helper
