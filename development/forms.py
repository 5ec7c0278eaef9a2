"""The pipeline's forms: a new record, one form per step, the withdrawal, the board's filters,
the committee's rules and the year of the figures."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Branch, Committee
from development import rules as R
from development.models import (
    OPEN_STAGES,
    ActivistWay,
    Applicant,
    DevelopmentRules,
    Stage,
    StepKind,
    WithdrawalReason,
)
from lib.widgets import DateInput
from meetings.models import Meeting, MeetingKind, MeetingStatus
from members.id_number import normalize_id_number
from members.models import Member, MemberStatus


class ApplicantForm(forms.ModelForm):
    """入党申请人: who applied, to which branch, on which day (细则 第六条)."""

    document_no = forms.CharField(label=_("document number"), max_length=60, required=False)

    class Meta:
        model = Applicant
        fields = [
            "branch",
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "id_number",
            "phone",
            "education",
            "hometown_township",
            "hometown_village",
            "home_organisation",
            "category",
            "employer",
            "position",
            "work_city",
            "occupation",
            "applied_on",
            "notes",
        ]
        widgets = {"birth_date": DateInput(), "applied_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        branches = Branch.objects.visible_to(user).filter(dissolved_on__isnull=True).order_by("committee_id", "ordinal")
        self.fields["branch"].queryset = branches
        only = list(branches[:2])
        if len(only) == 1:
            self.fields["branch"].initial = only[0]

    def clean_id_number(self):
        number = normalize_id_number(self.cleaned_data["id_number"])
        if Member.objects.filter(id_number=number).exists():
            raise forms.ValidationError(_("A member file with this ID number exists: the person is already a member."))
        if Applicant.objects.filter(id_number=number).exclude(stage=Stage.WITHDRAWN).exists():
            raise forms.ValidationError(_("This person already has a recruitment record."))
        return number


# Which fields each step's form has besides the date and the note.
STEP_FIELDS = {
    StepKind.TALK: ["by_whom"],
    StepKind.ACTIVIST: ["meeting", "way", "people", "document_no"],
    StepKind.ASSESSMENT: ["by_whom"],
    StepKind.CANDIDATE: ["meeting", "document_no"],
    StepKind.SPONSORS: ["people"],
    StepKind.POLITICAL_REVIEW: ["document_no"],
    StepKind.TRAINING: ["hours", "document_no"],
    StepKind.PUBLICITY: ["ends_on", "document_no"],
    StepKind.PRE_REVIEW: ["document_no"],
    StepKind.ADMISSION: ["meeting", "votes_for"],
    StepKind.APPROVAL: ["document_no", "by_whom"],
    StepKind.OATH: [],
    StepKind.EXTENSION: ["meeting", "votes_for", "months", "document_no"],
    StepKind.CONVERSION: ["meeting", "votes_for"],
    StepKind.CONVERSION_APPROVAL: ["document_no"],
    StepKind.DISQUALIFICATION: ["meeting", "votes_for", "document_no"],
}
PEOPLE_LABELS = {StepKind.ACTIVIST: _("contact members"), StepKind.SPONSORS: _("sponsors")}
BY_WHOM_LABELS = {
    StepKind.TALK: _("talked with by"),
    StepKind.ASSESSMENT: _("assessed by"),
    StepKind.APPROVAL: _("talk before approval held by"),
}


def meeting_label(meeting):
    """The meeting's day, kind and topic; a published one whose roll is not confirmed says so."""
    text = f"{meeting.held_on:%Y-%m-%d} {meeting.get_kind_display()} · {meeting.topic}"
    if meeting.status == MeetingStatus.PLANNED:
        note = _("published, roll not confirmed")
        text += f"（{note}）"
    return text


class StepForm(forms.Form):
    """One step of a record; the rules are checked by development.services on save."""

    done_on = forms.DateField(label=_("date"), widget=DateInput(), required=False)
    meeting = forms.ModelChoiceField(label=_("meeting"), queryset=Meeting.objects.none(), required=False)
    way = forms.ChoiceField(label=_("how determined"), choices=ActivistWay.choices, required=False)
    people = forms.ModelMultipleChoiceField(
        label=_("sponsors"), queryset=Member.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    votes_for = forms.IntegerField(label=_("votes in favour"), min_value=0, max_value=9999, required=False)
    hours = forms.IntegerField(label=_("hours"), min_value=1, max_value=999, required=False)
    months = forms.IntegerField(
        label=_("months"), min_value=R.EXTENSION_MIN_MONTHS, max_value=R.EXTENSION_MAX_MONTHS, required=False
    )
    ends_on = forms.DateField(label=_("public notice until"), widget=DateInput(), required=False)
    document_no = forms.CharField(label=_("document number"), max_length=60, required=False)
    by_whom = forms.CharField(label=_("by whom"), max_length=50, required=False)
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, applicant, kind, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = {"done_on", "note", *STEP_FIELDS[kind]}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "meeting" in self.fields:
            kinds = (
                [MeetingKind.GENERAL]
                if kind in R.GENERAL_MEETING_DECIDES
                else [MeetingKind.COMMITTEE, MeetingKind.GENERAL]
            )
            # The branch's meetings up to today, held or published (a published one is chosen once
            # its roll is confirmed: development.services says so if it is not).
            meetings = Meeting.objects.visible_to(user).filter(
                branch=applicant.branch, kind__in=kinds, held_on__lte=timezone.localdate()
            )
            self.fields["meeting"].queryset = meetings.order_by("-held_on", "-pk")
            self.fields["meeting"].label_from_instance = meeting_label
            self.fields["meeting"].required = kind in R.GENERAL_MEETING_DECIDES
            self.fields["meeting"].help_text = _("The date of the step is the meeting's day.")
        if "people" in self.fields:
            full = Member.objects.visible_to(user).filter(
                branch=applicant.branch, status=MemberStatus.ACTIVE, full_member_on__isnull=False
            )
            self.fields["people"].queryset = full.order_by("name", "pk")
            self.fields["people"].label = PEOPLE_LABELS[kind]
            self.fields["people"].required = True
        if "by_whom" in self.fields and kind in BY_WHOM_LABELS:
            self.fields["by_whom"].label = BY_WHOM_LABELS[kind]
        if kind == StepKind.DISQUALIFICATION and "document_no" in self.fields:
            self.fields["document_no"].label = _("approval of the higher organisation (document number)")
            self.fields["document_no"].required = True
        for name in ("votes_for", "hours", "months", "ends_on"):
            if name in self.fields:
                self.fields[name].required = True
        if "way" in self.fields:
            self.fields["way"].required = True

    def clean(self):
        data = super().clean()
        meeting = data.get("meeting")
        if not data.get("done_on"):
            if meeting:
                data["done_on"] = meeting.held_on
            elif "done_on" not in self.errors:
                self.add_error("done_on", _("This field is required."))
        return data

    def step_values(self):
        data = self.cleaned_data
        return {
            "done_on": data["done_on"],
            "meeting": data.get("meeting"),
            "document_no": data.get("document_no", ""),
            "hours": data.get("hours"),
            "months": data.get("months"),
            "votes_for": data.get("votes_for"),
            "ends_on": data.get("ends_on"),
            "way": data.get("way", ""),
            "by_whom": data.get("by_whom", ""),
            "note": data.get("note", ""),
            "people": list(data.get("people") or []),
        }


class WithdrawForm(forms.Form):
    reason = forms.ChoiceField(label=_("reason for withdrawal"), choices=WithdrawalReason.choices)
    withdrawn_on = forms.DateField(label=_("withdrawn on"), widget=DateInput())
    note = forms.CharField(label=_("why"), widget=forms.Textarea(attrs={"rows": 3}))


def scoped_branches(request):
    return Branch.objects.visible_to(request.user) if request else Branch.objects.none()


BOARD_STATES = [(state, label) for state, label in R.TIMER_STATE_LABELS.items()]


class BoardFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Keyword"), method="search")
    branch = django_filters.ModelChoiceFilter(label=_("Branch"), queryset=scoped_branches)
    stage = django_filters.ChoiceFilter(
        label=_("stage"), choices=[(s, Stage(s).label) for s in [*OPEN_STAGES, Stage.FULL, Stage.WITHDRAWN]]
    )
    state = django_filters.ChoiceFilter(label=_("Timer"), choices=BOARD_STATES, field_name="timer_state")
    next_step = django_filters.ChoiceFilter(label=_("next step"), choices=StepKind.choices)

    class Meta:
        model = Applicant
        fields = ["q", "branch", "stage", "state", "next_step"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(phone__icontains=value) | Q(employer__icontains=value))


class DevelopmentRulesForm(forms.ModelForm):
    """A committee may be stricter than the 细则, never laxer: each field's bounds say how far."""

    # field → (least, most, the message naming the rule)
    BOUNDS = {
        "application_min_months": (0, 24, _("Between 0 and 24 months.")),
        "activist_min_months": (12, 36, _("At least a year as activist (细则 第十三条).")),
        "assessment_every_months": (1, 6, _("细则 第十一条: the branch assesses each activist every half year.")),
        "training_min_hours": (24, 200, _("细则 第十七条: three days or 24 class hours.")),
        "approval_within_months": (
            1,
            3,
            _("The higher committee decides within three months (six at most in special cases)."),
        ),
        "conversion_within_months": (1, 3, _("Between one and three months.")),
    }

    class Meta:
        model = DevelopmentRules
        fields = [
            "application_min_months",
            "activist_min_months",
            "assessment_every_months",
            "training_min_hours",
            "approval_within_months",
            "conversion_within_months",
        ]

    def clean(self):
        data = super().clean()
        for name, (least, most, message) in self.BOUNDS.items():
            value = data.get(name)
            if value is not None and not least <= value <= most:
                self.add_error(name, message)
        return data


class FiguresForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    committee = forms.ModelChoiceField(
        label=_("Committee"), queryset=Committee.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        this = timezone.localdate().year
        self.fields["year"].choices = [(y, str(y)) for y in range(this, this - 11, -1)]
        self.fields["year"].initial = this
        self.fields["committee"].queryset = Committee.objects.visible_to(user)
