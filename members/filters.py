"""The member list's search and filters (django-filter); apps above members add theirs with ``add_condition``."""

import django_filters
from django import forms
from django.db import models
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from branches.models import Branch
from lib.widgets import CompactSelect
from members.models import Category, Honor, Member, MemberStatus, Post, PostTitle
from members.search import distinct_values, search_for


class FilterBarField(BoundField):
    """A text input or select carrying the classes crispy's bootstrap5 pack gives it
    (the widget's name, ``form-control`` or ``form-select``, ``is-invalid`` after an
    error), so ``includes/filter_field.html`` can write the label and widget in a few
    nodes. Crispy's field template, with its dozens of branches, was a sixth of the
    member list's rendering time. Checkboxes keep the classes they declare."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if not isinstance(widget, forms.CheckboxInput):
            kind = "form-select" if isinstance(widget, forms.Select) else "form-control"
            invalid = " is-invalid" if self.errors else ""
            attrs["class"] = f"{type(widget).__name__.lower()} {kind}{invalid}"
        return attrs


class FilterBarForm(forms.Form):
    bound_field_class = FilterBarField


def _once(query):
    """Choices as a callable: the query runs only when the form is shown or the filter
    used, and once per request (the form checks the chosen value, then shows the list)."""
    found = []

    def choices():
        if not found:
            found.append(query())
        return found[0]

    return choices


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Keyword"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("Name, last digits of the ID number, phone, employer")}),
    )
    # Choices: the branches the user may see, as (pk, name) pairs filled in __init__. A
    # county administrator sees hundreds; building a Branch for each cost more than the
    # rest of the filter form. The message for an unknown branch stays the model field's.
    branch = django_filters.ChoiceFilter(
        label=_("Branch"),
        empty_label=_("All"),
        widget=CompactSelect,
        error_messages={"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]},
    )
    # Short lists too: Django's Select renders a template per option, a tenth of the page.
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, empty_label=_("All"), widget=CompactSelect
    )
    membership = django_filters.ChoiceFilter(
        label=_("Full / probationary"),
        choices=[("full", _("Full member")), ("probationary", _("Probationary member"))],
        method="filter_membership",
        empty_label=_("All"),
        widget=CompactSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MemberStatus.choices, empty_label=_("All"), widget=CompactSelect
    )
    # Choices: the distinct values the user may see, filled in __init__.
    hometown_township = django_filters.ChoiceFilter(
        label=_("Hometown township"), empty_label=_("All"), widget=CompactSelect
    )
    work_city = django_filters.ChoiceFilter(label=_("Work city"), empty_label=_("All"), widget=CompactSelect)
    o = django_filters.OrderingFilter(
        fields=[
            ("name", "name"),
            ("branch__ordinal", "branch"),
            ("birth_date", "birth_date"),
            ("joined_party_on", "joined_party_on"),
            ("work_city", "work_city"),
            ("hometown_township", "hometown_township"),
            ("updated_at", "updated_at"),
        ],
    )

    # Checkbox filters added from above by add_condition.
    conditions: list[str] = []

    class Meta:
        model = Member
        fields = []
        form = FilterBarForm

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user
        self.filters["branch"].extra["choices"] = _once(
            lambda: list(Branch.objects.visible_to(user).values_list("pk", "name"))
        )
        for name in ("hometown_township", "work_city"):
            self.filters[name].extra["choices"] = _once(
                lambda name=name: [(value, value) for value in distinct_values(Member.objects.visible_to(user), name)]
            )

    def search(self, queryset, name, value):
        return search_for(self.request, queryset, value)

    def filter_membership(self, queryset, name, value):
        return queryset.filter(full_member_on__isnull=value == "probationary")

    @property
    def condition_fields(self):
        """The checkboxes of ``add_condition``, in the order they were added."""
        return [self.form[name] for name in self.conditions]


def add_condition(name, label, condition):
    """A checkbox on the member list that keeps the members ``condition(queryset)`` returns.

    For conditions owned by the apps above members (双报一领's 未报到 and report overdue),
    which add them from their ``AppConfig.ready()``: members does not import them.
    """

    def keep(queryset, _name, value):
        return condition(queryset) if value else queryset

    MemberFilter.base_filters[name] = django_filters.BooleanFilter(
        label=label, method=keep, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    if name not in MemberFilter.conditions:
        MemberFilter.conditions.append(name)


# --- 支部职务 and 表彰 lists ------------------------------------------------------------------


class _BranchScopedFilterSet(django_filters.FilterSet):
    """A list's search box and branch choice, the branches being the user's own."""

    q = django_filters.CharFilter(label=_("Keyword"), method="search")
    branch = django_filters.ModelChoiceFilter(
        label=_("Branch"), queryset=Branch.objects.none(), method="filter_branch", empty_label=_("All")
    )
    q_fields: tuple[str, ...] = ()

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        self.filters["branch"].queryset = Branch.objects.visible_to(request.user if request else None)

    def search(self, queryset, name, value):
        condition = models.Q()
        for field in self.q_fields:
            condition |= models.Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(condition)

    def filter_branch(self, queryset, name, value):
        return queryset.filter(branch=value)


class PostCurrency(models.TextChoices):
    CURRENT = "current", _("Current holders")
    ENDED = "ended", _("Past terms")


class PostFilter(_BranchScopedFilterSet):
    q_fields = ("member__name",)
    title = django_filters.ChoiceFilter(label=_("Post"), choices=PostTitle.choices, empty_label=_("All"))
    term = django_filters.ChoiceFilter(
        label=_("Term"), choices=PostCurrency.choices, method="filter_term", empty_label=_("All")
    )

    class Meta:
        model = Post
        fields = []

    def filter_term(self, queryset, name, value):
        return queryset.filter(ended_on__isnull=value == PostCurrency.CURRENT)


class HonorRecipient(models.TextChoices):
    MEMBER = "member", _("Members")
    BRANCH = "branch", _("Branches")
    COMMITTEE = "committee", _("Committees")


class HonorFilter(_BranchScopedFilterSet):
    q_fields = ("title", "awarded_by", "member__name", "branch__name", "committee__name")
    recipient = django_filters.ChoiceFilter(
        label=_("Awarded to"), choices=HonorRecipient.choices, method="filter_recipient", empty_label=_("All")
    )
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = Honor
        fields = []

    def filter_branch(self, queryset, name, value):
        # A branch's honours and those of its members.
        return queryset.filter(models.Q(branch=value) | models.Q(member__branch=value))

    def filter_recipient(self, queryset, name, value):
        return queryset.filter(**{f"{value}__isnull": False})
