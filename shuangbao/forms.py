"""Forms and list filters of the 双报一领 pages. Every choice comes from ``visible_to``."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Branch, Committee
from lib.validators import not_in_future
from lib.widgets import DateInput
from members.models import Category, Member, MemberStatus
from shuangbao.models import (
    CheckIn,
    CheckInStatus,
    CheckInWay,
    Evaluation,
    Report,
    ReportChannel,
    Task,
    TaskCategory,
    TaskStatus,
)
from shuangbao.periods import Period
from shuangbao.rules import BoardStatus

OUT_OF_SCOPE_BRANCH = _("This branch is outside your scope: choose one of your own branches.")
OUT_OF_SCOPE_MEMBER = _("This member is outside your scope, or cannot be chosen here.")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return f"{member.name}（{member.branch.name} · {member.phone or '—'}）"


def member_field(queryset):
    return MemberChoiceField(
        queryset=queryset.select_related("branch").order_by("branch__ordinal", "name"),
        label=_("member"),
        error_messages={"invalid_choice": OUT_OF_SCOPE_MEMBER},
    )


class CheckInForm(forms.ModelForm):
    class Meta:
        model = CheckIn
        fields = ["member", "branch", "checked_in_on", "way", "address", "employer", "certificate_shown"]
        widgets = {"checked_in_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Mobile members on the roll (the only ones who check in); an edited check-in keeps its member.
        on_roll = Q(status=MemberStatus.ACTIVE) | Q(pk=self.instance.member_id)
        self.fields["member"] = member_field(Member.objects.visible_to(user).filter(on_roll, category=Category.MOBILE))
        branch = self.fields["branch"]
        branch.queryset = Branch.objects.visible_to(user).filter(dissolved_on__isnull=True)
        branch.error_messages["invalid_choice"] = OUT_OF_SCOPE_BRANCH
        branch.help_text = _("A check-in into another branch of the committee moves the member there.")
        self.fields["checked_in_on"].initial = timezone.localdate()


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["member", "period_start", "submitted_on", "channel", "summary", "acknowledged_by", "acknowledged_on"]
        widgets = {
            "submitted_on": DateInput(),
            "acknowledged_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"] = member_field(
            Member.objects.visible_to(user).filter(category=Category.MOBILE, status=MemberStatus.ACTIVE)
        )
        current = Period.containing(timezone.localdate(), cycle)
        choices = [(f"{period.start:%Y-%m-%d}", period.label) for period in current.recent(8)]
        period = self.fields["period_start"]
        period.widget = forms.Select(choices=choices)
        period.initial = current.start
        period.help_text = _("The current period or one of the seven before it.")
        self.fields["submitted_on"].initial = timezone.localdate()
        self.fields["summary"].help_text = _("Thought, work, study and life, in a few sentences.")

    def validate_unique(self):
        # record_report() checks "one report per period" with a message naming the member.
        pass


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["committee", "branch", "title", "category", "description", "opens_on", "due_on", "capacity"]
        widgets = {"opens_on": DateInput(), "due_on": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        committees = Committee.objects.visible_to(user)
        branches = Branch.objects.visible_to(user).filter(dissolved_on__isnull=True)
        scope = getattr(user, "staff_scope", None)
        self.secretary = scope is not None and scope.branch_id is not None
        self.fields["branch"].queryset = branches
        self.fields["branch"].error_messages["invalid_choice"] = OUT_OF_SCOPE_BRANCH
        if self.secretary:
            # A branch secretary publishes for the own branch; the committee publishes for all.
            self.fields["branch"].required = True
            self.fields["branch"].empty_label = None
            self.fields["branch"].help_text = ""
        else:
            self.fields["branch"].empty_label = _("The whole committee (all branches)")
        if len(committees) == 1:
            del self.fields["committee"]
            self.instance.committee = committees[0]
        else:
            self.fields["committee"].queryset = committees
        self.fields["opens_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        committee = cleaned.get("committee") or getattr(self.instance, "committee", None)
        if committee is not None:
            self.instance.committee = committee
        return cleaned


class ClaimForm(forms.Form):
    member = forms.ModelChoiceField(queryset=Member.objects.none())
    claimed_on = forms.DateField(label=_("claimed on"), widget=DateInput())

    def __init__(self, *args, user, task, **kwargs):
        super().__init__(*args, **kwargs)
        eligible = Member.objects.visible_to(user).filter(
            status=MemberStatus.ACTIVE, branch__committee=task.committee_id
        )
        if task.branch_id:
            eligible = eligible.filter(branch=task.branch_id)
        self.fields["member"] = member_field(eligible.exclude(task_claims__task=task))
        self.fields["member"].help_text = _("Claim on behalf of a member of your branch.")
        self.fields["claimed_on"].initial = timezone.localdate()


class ProgressForm(forms.Form):
    note = forms.CharField(label=_("progress note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500)


class CompleteForm(forms.Form):
    result = forms.CharField(label=_("result"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    completed_on = forms.DateField(label=_("completed on"), widget=DateInput(), initial=timezone.localdate)


class EvaluateForm(forms.Form):
    evaluation = forms.ChoiceField(label=_("evaluation"), choices=Evaluation.choices)


class DropForm(forms.Form):
    reason = forms.CharField(label=_("reason for dropping"), max_length=200)


# --- list filters (search form above each table) ----------------------------------


def _search(queryset, prefix, value):
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(Q(**{f"{prefix}name__icontains": value}) | Q(**{f"{prefix}phone": value}))


class ScopedFilterSet(django_filters.FilterSet):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if "branch" in self.filters:
            self.filters["branch"].queryset = Branch.objects.visible_to(user)


class CheckInFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Name or phone"), method="search")
    branch = django_filters.ModelChoiceFilter(queryset=Branch.objects.none(), label=_("branch"), empty_label=_("All"))
    way = django_filters.ChoiceFilter(choices=CheckInWay.choices, label=_("way"), empty_label=_("All"))
    status = django_filters.ChoiceFilter(choices=CheckInStatus.choices, label=_("confirmation"), empty_label=_("All"))
    since = django_filters.DateFilter(
        field_name="checked_in_on", lookup_expr="gte", label=_("From"), widget=DateInput()
    )
    until = django_filters.DateFilter(field_name="checked_in_on", lookup_expr="lte", label=_("To"), widget=DateInput())

    class Meta:
        model = CheckIn
        fields = []

    def search(self, queryset, name, value):
        return _search(queryset, "member__", value)


class MemberSearchFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Name or phone"), method="search")
    branch = django_filters.ModelChoiceFilter(queryset=Branch.objects.none(), label=_("branch"), empty_label=_("All"))

    class Meta:
        model = Member
        fields = []

    def search(self, queryset, name, value):
        return _search(queryset, "", value)


class ReportBoardFilter(MemberSearchFilter):
    period = django_filters.ChoiceFilter(label=_("period"), method="keep", empty_label=None)
    report_status = django_filters.ChoiceFilter(
        label=_("Report status"), choices=BoardStatus.choices, empty_label=_("All")
    )

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["period"].extra["choices"] = [(f"{p.start:%Y-%m-%d}", p.label) for p in periods]

    def keep(self, queryset, name, value):
        # The view reads the period first: the statuses are computed for it.
        return queryset


class TaskFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("title"))
    category = django_filters.ChoiceFilter(choices=TaskCategory.choices, label=_("category"), empty_label=_("All"))
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, label=_("status"), empty_label=_("All"))
    overdue = django_filters.BooleanFilter(
        label=_("With overdue claims"), method="with_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Task
        fields = []

    def with_overdue(self, queryset, name, value):
        return queryset.filter(overdue_claims__gt=0) if value else queryset


class ReportGridForm(forms.Form):
    """报告登记表: per member of the page a tick (``report_<pk>``), a channel and a date, and one
    summary for all. Only ticked rows are read; each is checked by ``record_report``."""

    summary = forms.CharField(
        label=_("Summary"),
        initial=_("Reported on thought, work, study and life."),
        max_length=500,
        widget=forms.TextInput(),
    )

    def __init__(self, *args, members, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        self.period = period
        self.row_errors = {}
        today = timezone.localdate()
        default_day = min(today, period.end)
        for member in members:
            self.fields[f"report_{member.pk}"] = forms.BooleanField(required=False)
            self.fields[f"channel_{member.pk}"] = forms.ChoiceField(
                choices=ReportChannel.choices, initial=ReportChannel.WECHAT, required=False
            )
            self.fields[f"on_{member.pk}"] = forms.DateField(
                required=False, initial=default_day, widget=DateInput(), validators=[not_in_future]
            )

    def clean(self):
        cleaned = super().clean()
        for member in self.members:
            if cleaned.get(f"report_{member.pk}") and not cleaned.get(f"on_{member.pk}"):
                self.add_error(f"on_{member.pk}", _("Give the day the report was made."))
        return cleaned

    def entries(self):
        """(member, channel, date) of every ticked row."""
        return [
            (
                member,
                self.cleaned_data.get(f"channel_{member.pk}") or ReportChannel.WECHAT,
                self.cleaned_data[f"on_{member.pk}"],
            )
            for member in self.members
            if self.cleaned_data.get(f"report_{member.pk}")
        ]

    def rows(self):
        """What the template draws: each member with its three fields and its refusal, if any."""
        return [
            {
                "member": member,
                "tick": self[f"report_{member.pk}"],
                "channel": self[f"channel_{member.pk}"],
                "on": self[f"on_{member.pk}"],
                "error": self.row_errors.get(member.pk)
                or " ".join(self.errors.get(f"on_{member.pk}", []) + self.errors.get(f"channel_{member.pk}", [])),
            }
            for member in self.members
        ]
