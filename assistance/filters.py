"""Search forms above the lists. Choices of branches and posts come from the user's scope."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistance.models import (
    OPEN_ENDED_STATUSES,
    ApplicationStatus,
    Campaign,
    CampaignPurpose,
    HelpCategory,
    HelpLocation,
    HelpRequest,
    HelpStatus,
    InvestmentProject,
    JobReferral,
    ProjectStage,
    ReturnApplication,
    ReturnPost,
    Visit,
    VisitOccasion,
    VisitReason,
    overdue_cutoff,
)
from branches.models import Branch, PairedVillage
from lib.widgets import DateInput


class ScopedFilterSet(django_filters.FilterSet):
    """A FilterSet whose branch and post choices are the user's own."""

    q_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(label=_("Keyword"), method="search")

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = request.user if request else None
        # Before the form is built: its fields take their choices from the filters.
        if "branch" in self.filters:
            self.filters["branch"].queryset = Branch.objects.visible_to(user)
        if "post" in self.filters:
            self.filters["post"].queryset = ReturnPost.objects.visible_to(user)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter):
                filter_.extra["empty_label"] = _("All")

    def search(self, queryset, name, value):
        condition = Q()
        for field in self.q_fields:
            condition |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(condition)


def year_choices(start=2018):
    return [(str(year), str(year)) for year in range(timezone.localdate().year, start - 1, -1)]


class HelpRequestFilter(ScopedFilterSet):
    q_fields = ("member__name", "requester_name", "requester_phone", "story", "referred_to", "village")

    branch = django_filters.ModelChoiceFilter(label=_("handling branch"), queryset=Branch.objects.none())
    category = django_filters.ChoiceFilter(label=_("category"), choices=HelpCategory.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=HelpStatus.choices)
    location = django_filters.ChoiceFilter(label=_("where"), choices=HelpLocation.choices)
    received_after = django_filters.DateFilter(
        label=_("received from"), field_name="received_on", lookup_expr="gte", widget=DateInput()
    )
    received_before = django_filters.DateFilter(
        label=_("received until"), field_name="received_on", lookup_expr="lte", widget=DateInput()
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Open over 30 days"), choices=[("yes", _("Yes")), ("no", _("No"))], method="filter_overdue"
    )

    class Meta:
        model = HelpRequest
        fields = []

    def filter_overdue(self, queryset, name, value):
        limit = overdue_cutoff(timezone.localdate())
        overdue = Q(received_on__lt=limit) & ~Q(status__in=OPEN_ENDED_STATUSES)
        return queryset.filter(overdue) if value == "yes" else queryset.exclude(overdue)


class VisitFilter(ScopedFilterSet):
    q_fields = ("member__name", "visitee_name", "village", "visitors", "note")

    branch = django_filters.ModelChoiceFilter(label=_("branch"), queryset=Branch.objects.none())
    occasion = django_filters.ChoiceFilter(label=_("occasion"), choices=VisitOccasion.choices)
    reason = django_filters.ChoiceFilter(label=_("reason"), choices=VisitReason.choices)
    year = django_filters.ChoiceFilter(label=_("year"), field_name="visited_on__year", choices=year_choices)

    class Meta:
        model = Visit
        fields = []


class CampaignFilter(ScopedFilterSet):
    q_fields = ("name", "organiser", "description")

    purpose = django_filters.ChoiceFilter(label=_("purpose"), choices=CampaignPurpose.choices)
    year = django_filters.ChoiceFilter(label=_("year"), field_name="starts_on__year", choices=year_choices)

    class Meta:
        model = Campaign
        fields = []


class JobReferralFilter(ScopedFilterSet):
    q_fields = ("person_name", "employer", "position", "township")

    city = django_filters.CharFilter(label=_("city"), lookup_expr="icontains")
    poverty_household = django_filters.ChoiceFilter(
        label=_("from a registered poor household"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        method="filter_poverty_household",
    )
    year = django_filters.ChoiceFilter(label=_("year"), field_name="referred_on__year", choices=year_choices)

    class Meta:
        model = JobReferral
        fields = []

    def filter_poverty_household(self, queryset, name, value):
        return queryset.filter(poverty_household=(value == "yes"))


class PairedVillageFilter(ScopedFilterSet):
    q_fields = ("township", "village", "note")

    branch = django_filters.ModelChoiceFilter(label=_("branch"), queryset=Branch.objects.none())

    class Meta:
        model = PairedVillage
        fields = []


class InvestmentProjectFilter(ScopedFilterSet):
    q_fields = ("name", "company", "township", "village", "industry")

    stage = django_filters.ChoiceFilter(label=_("stage"), choices=ProjectStage.choices)
    industry = django_filters.CharFilter(label=_("industry"), lookup_expr="icontains")

    class Meta:
        model = InvestmentProject
        fields = []

    def search(self, queryset, name, value):
        """The introducer's name is searched only where the user may read it (the
        ``introducer_visible`` of ``projects_visible_to``): otherwise a keyword would tell
        branch 2 which committee-wide project a branch-1 member brought, name unseen."""
        by_introducer = Q(introduced_by__name__icontains=value.strip(), introducer_visible=True)
        return super().search(queryset, name, value) | queryset.filter(by_introducer)


class ReturnPostFilter(ScopedFilterSet):
    q_fields = ("name", "township", "village")

    class Meta:
        model = ReturnPost
        fields = []


class ReturnApplicationFilter(ScopedFilterSet):
    q_fields = ("member__name", "post__name", "note")

    post = django_filters.ModelChoiceFilter(label=_("post"), queryset=ReturnPost.objects.none())
    status = django_filters.ChoiceFilter(label=_("status"), choices=ApplicationStatus.choices)

    class Meta:
        model = ReturnApplication
        fields = []
