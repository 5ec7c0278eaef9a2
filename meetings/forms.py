"""Forms of the organisational-life pages: the meeting, its attendance roll, attachments,
the list filters, and the compliance and attendance-rate selectors."""

import datetime

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row, Submit
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from branches.models import Branch, Committee
from branches.terms import RenewalStatus
from lib.uploads import ACCEPT, check_upload
from lib.widgets import DateInput, FileInput
from meetings.compliance import NATIONAL_RULES, RULED_KINDS, Granularity
from meetings.models import (
    AttachmentKind,
    AttendanceStatus,
    ElectionKind,
    Frequency,
    Meeting,
    MeetingKind,
    PartyGroup,
    Standing,
)
from members.models import Member, MemberStatus, PostTitle

# The roll's fourth choice: this member was not expected (another party group met,
# or not on the branch committee). No attendance row is kept for it.
NOT_EXPECTED = "none"
ROLL_CHOICES = [*AttendanceStatus.choices, (NOT_EXPECTED, _("Not expected"))]
MAX_FILES = 10


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "kind",
            "party_group",
            "held_on",
            "online",
            "location",
            "topic",
            "host",
            "recorder",
            "observers",
            "agenda",
            "minutes",
            "has_vote",
            "is_election",
            "resolutions",
        ]
        widgets = {
            "held_on": DateInput(),
            "agenda": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 4}),
            "resolutions": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "observers": _("Names of non-members who sat in (列席), separated by 、"),
            "has_vote": _("A 党员大会 that votes needs more than half of the members with a vote present."),
            "is_election": _(
                "An election needs more than four fifths of the members entitled to vote present; "
                "otherwise it is recorded as invalid."
            ),
        }

    def __init__(self, *args, branch=None, **kwargs):
        super().__init__(*args, **kwargs)
        branch = branch or (self.instance.branch if self.instance.branch_id else None)
        groups = PartyGroup.objects.filter(branch=branch) if branch else PartyGroup.objects.none()
        self.fields["party_group"].queryset = groups
        self.fields["party_group"].empty_label = _("The whole branch")
        self.fields["party_group"].help_text = _("For a 党小组会: the group that met.")
        self.fields["held_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        # A real first choice, never "---------": the kind is required anyway.
        self.fields["kind"].choices = MeetingKind.choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("kind", css_class="col-sm-6 col-lg-3"),
                Column("party_group", css_class="col-sm-6 col-lg-3"),
                Column("held_on", css_class="col-sm-6 col-lg-2"),
                Column("location", css_class="col-sm-8 col-lg-3"),
                Column(Field("online"), css_class="col-sm-4 col-lg-1 pt-sm-4"),
            ),
            Row(
                Column("topic", css_class="col-lg-6"),
                Column("host", css_class="col-6 col-lg-3"),
                Column("recorder", css_class="col-6 col-lg-3"),
            ),
            "observers",
            "agenda",
            "minutes",
            Row(Column(Field("has_vote"), css_class="col-sm-6"), Column(Field("is_election"), css_class="col-sm-6")),
            "resolutions",
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("online") and not (cleaned.get("location") or "").strip():
            self.add_error("location", _("Give the place, or tick “held online”."))
        if cleaned.get("party_group") and cleaned.get("kind") not in (None, MeetingKind.GROUP):
            self.add_error("party_group", _("Only a 党小组会 is held by a party group."))
        if cleaned.get("is_election") and cleaned.get("kind") not in (None, MeetingKind.GENERAL):
            self.add_error("is_election", _("Elections are held at a branch general meeting (支部党员大会)."))
        return cleaned


class AttendanceForm(forms.Form):
    """The branch roll: one status (and a reason for leave) per member."""

    def __init__(
        self, *args, members, initial_statuses, initial_reasons=None, committee_ids=(), standings=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        self.committee_ids = set(committee_ids)
        self.standings = standings or {}
        initial_reasons = initial_reasons or {}
        for member in self.members:
            self.fields[f"status_{member.pk}"] = forms.ChoiceField(
                label=member.name,
                choices=ROLL_CHOICES,
                initial=initial_statuses.get(member.pk, NOT_EXPECTED),
                widget=forms.RadioSelect,
            )
            self.fields[f"reason_{member.pk}"] = forms.CharField(
                label=_("reason for leave"),
                required=False,
                max_length=200,
                initial=initial_reasons.get(member.pk, ""),
                widget=forms.TextInput(attrs={"placeholder": _("Reason for leave"), "class": "form-control-sm"}),
            )

    def clean(self):
        cleaned = super().clean()
        for member in self.members:
            if (
                cleaned.get(f"status_{member.pk}") == AttendanceStatus.EXCUSED
                and not (cleaned.get(f"reason_{member.pk}") or "").strip()
            ):
                self.add_error(
                    f"reason_{member.pk}",
                    _("%(name)s is on leave: give the reason.") % {"name": member.name},
                )
        return cleaned

    def rows(self):
        """(member, status field, reason field, on the branch committee, standing) for the template."""
        labels = dict(Standing.choices)
        for member in self.members:
            standing = self.standings.get(member.pk, Standing.VOTING)
            yield (
                member,
                self[f"status_{member.pk}"],
                self[f"reason_{member.pk}"],
                member.pk in self.committee_ids,
                (standing, labels[standing]),
            )

    def attendance(self) -> dict:
        """member pk → (status, reason) for everyone expected."""
        result = {}
        for member in self.members:
            status = self.cleaned_data[f"status_{member.pk}"]
            if status != NOT_EXPECTED:
                result[member.pk] = (status, self.cleaned_data.get(f"reason_{member.pk}", ""))
        return result


class MultipleFileField(forms.FileField):
    """Several files from one input; each one checked by its content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FileInput(attrs={"accept": ACCEPT}, multiple=True))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in files]
        if len(cleaned) > MAX_FILES:
            raise forms.ValidationError(_("At most %(count)d files at a time.") % {"count": MAX_FILES})
        errors = []
        for uploaded in cleaned:
            try:
                check_upload(uploaded)
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


class AttachmentForm(forms.Form):
    photos = MultipleFileField(label=_("Photos"), help_text=_("JPG or PNG, at most 10 MB each."))
    sign_in_sheets = MultipleFileField(
        label=_("Sign-in sheet scans"), help_text=_("JPG, PNG or PDF, at most 10 MB each.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def attachments(self):
        """(uploaded file, kind) pairs for ``log_meeting`` / ``add_attachment``."""
        return [(f, AttachmentKind.PHOTO) for f in self.cleaned_data.get("photos", [])] + [
            (f, AttachmentKind.SIGN_IN) for f in self.cleaned_data.get("sign_in_sheets", [])
        ]


class BranchChoiceForm(forms.Form):
    """For committee and county users: which branch's meeting to log."""

    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = (
            Branch.objects.visible_to(user).filter(dissolved_on__isnull=True).select_related("committee")
        )
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True


def scoped_branches(request):
    return Branch.objects.visible_to(request.user) if request else Branch.objects.none()


class MeetingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Keyword"), method="search")
    branch = django_filters.ModelChoiceFilter(label=_("Branch"), queryset=scoped_branches)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MeetingKind.choices)
    held_from = django_filters.DateFilter(
        label=_("Held from"), field_name="held_on", lookup_expr="gte", widget=DateInput()
    )
    held_to = django_filters.DateFilter(label=_("Held to"), field_name="held_on", lookup_expr="lte", widget=DateInput())
    late_entry = django_filters.BooleanFilter(
        label=_("Late entry"),
        widget=forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = Meeting
        fields = ["q", "branch", "kind", "held_from", "held_to", "late_entry"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(topic__icontains=value) | Q(location__icontains=value) | Q(host__icontains=value))


def year_choices(today=None):
    today = today or timezone.localdate()
    first = Meeting.objects.order_by("held_on").values_list("held_on__year", flat=True).first() or today.year
    return [(year, _("Year %(year)d") % {"year": year}) for year in range(today.year, min(first, today.year) - 1, -1)]


class ComplianceForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Committee"), queryset=Committee.objects.none(), required=False, empty_label=_("All")
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    granularity = forms.ChoiceField(
        label=_("Count by"),
        choices=Granularity.choices,
        initial=Granularity.MONTH,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.visible_to(user)
        self.fields["year"].choices = year_choices()
        self.fields["year"].initial = timezone.localdate().year


class AttendanceRateForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=Branch.objects.none(), required=False, empty_label=_("All")
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Branch.objects.visible_to(user)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date cannot be before the start date."))
        return cleaned

    def period(self, today):
        """The chosen period, by default the twelve months up to today."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or (end - datetime.timedelta(days=365))
        return start, end


class ComplianceRulesForm(forms.Form):
    """组织生活达标规则 of one committee: for each kind of meeting, how often (or not checked)."""

    def __init__(self, *args, rules: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Not checked")), *Frequency.choices]
        for kind in RULED_KINDS:
            self.fields[kind] = forms.ChoiceField(
                label=kind.label,
                choices=choices,
                required=False,
                initial=rules.get(kind, ""),
                help_text=format_lazy(_("National rule: {}"), NATIONAL_RULES[kind].label),
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))
        self.helper.layout = Layout(Row(*[Column(Field(kind), css_class="col-12 col-md-6") for kind in RULED_KINDS]))


class PartyGroupForm(forms.ModelForm):
    """党小组: its name, leader and members, all of the branch (支部工作条例 第十三条)."""

    members = forms.ModelMultipleChoiceField(
        label=_("Members"), queryset=Member.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = PartyGroup
        fields = ["name", "leader"]

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.branch = branch
        roll = Member.objects.filter(branch=branch, status=MemberStatus.ACTIVE).order_by("pk")
        self.fields["leader"].queryset = roll
        self.fields["members"].queryset = roll
        if self.instance.pk:
            self.initial.setdefault("members", list(self.instance.members.values_list("pk", flat=True)))
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("name") or "").strip()
        # The branch is not a form field: the name is checked within it here.
        if name and PartyGroup.objects.filter(branch=self.branch, name=name).exclude(pk=self.instance.pk).exists():
            self.add_error("name", _("The branch already has a party group of this name."))
        return cleaned


class ElectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Election of"), choices=ElectionKind.choices)
    seats = forms.IntegerField(label=_("Seats to fill"), min_value=1, max_value=30)


class CandidateForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Candidate"), queryset=Member.objects.none(), required=False)
    title = forms.ChoiceField(label=_("Post if elected"), choices=[("", "—"), *PostTitle.choices], required=False)
    votes = forms.IntegerField(label=_("Votes for"), min_value=0, required=False)

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(branch=branch, status=MemberStatus.ACTIVE).order_by("pk")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("member") and cleaned.get("votes") is None:
            self.add_error("votes", _("Give the votes for this candidate."))
        return cleaned


CandidateFormSet = forms.formset_factory(CandidateForm, extra=8, max_num=30)


class PartyGroupFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Keyword"), method="search")
    branch = django_filters.ModelChoiceFilter(label=_("Branch"), queryset=scoped_branches, empty_label=_("All"))

    class Meta:
        model = PartyGroup
        fields = ["q", "branch"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value.strip()) | Q(leader__name__icontains=value.strip()))


class RenewalFilter(forms.Form):
    """换届提醒: by status and branch (the list is computed: a form, not a FilterSet)."""

    status = forms.ChoiceField(label=_("Term"), required=False)
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=Branch.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *RenewalStatus.choices]
        self.fields["branch"].queryset = Branch.objects.visible_to(user)


class MeetingNoticeForm(forms.ModelForm):
    """发布会议通知: the meeting announced before it is held (day today or later)."""

    class Meta:
        model = Meeting
        fields = ["kind", "party_group", "held_on", "starts_at", "online", "location", "topic", "agenda"]
        widgets = {
            "held_on": DateInput(),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "agenda": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = MeetingKind.choices
        self.fields["party_group"].queryset = PartyGroup.objects.filter(branch=branch)
        self.fields["party_group"].empty_label = _("The whole branch")
        self.fields["held_on"].widget.attrs["min"] = timezone.localdate().isoformat()
        self.fields["starts_at"].required = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(Column("kind", css_class="col-sm-6"), Column("party_group", css_class="col-sm-6")),
            Row(Column("held_on", css_class="col-6"), Column("starts_at", css_class="col-6")),
            Row(Column("location", css_class="col-sm-8"), Column(Field("online"), css_class="col-sm-4 pt-sm-4")),
            "topic",
            "agenda",
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("online") and not (cleaned.get("location") or "").strip():
            self.add_error("location", _("Give the place, or tick “held online”."))
        if cleaned.get("party_group") and cleaned.get("kind") not in (None, MeetingKind.GROUP):
            self.add_error("party_group", _("Only a 党小组会 is held by a party group."))
        held_on = cleaned.get("held_on")
        if held_on and held_on < timezone.localdate():
            self.add_error("held_on", _("A meeting is published before the day it is held."))
        return cleaned


class SignInForm(forms.Form):
    phone = forms.CharField(
        label=_("Your mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel", "placeholder": "13800138000"}),
    )
