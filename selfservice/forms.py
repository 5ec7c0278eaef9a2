"""Forms of the self-service pages and of the notices. Every choice comes from ``visible_to``
or from the member's own committee."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.models import Branch, Committee
from selfservice.models import Notice
from shuangbao.models import CheckInWay

SELF_CHECK_IN_WAYS = [
    (CheckInWay.QR_LINK, CheckInWay.QR_LINK.label),
    (CheckInWay.ONLINE, CheckInWay.ONLINE.label),
    (CheckInWay.IN_PERSON, CheckInWay.IN_PERSON.label),
]


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("new password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not all digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("new password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class ChangeOwnPasswordForm(SetPasswordForm):
    old_password = forms.CharField(label=_("current password"), widget=forms.PasswordInput())
    field_order = ["old_password", "password1", "password2"]


class SelfCheckInForm(forms.Form):
    branch = forms.ModelChoiceField(
        queryset=Branch.objects.none(),
        label=_("branch"),
        error_messages={"invalid_choice": _("Choose a branch of your own committee.")},
    )
    way = forms.ChoiceField(label=_("way"), choices=SELF_CHECK_IN_WAYS)
    address = forms.CharField(label=_("where you live or work now"), max_length=200, required=False)
    employer = forms.CharField(label=_("employer"), max_length=100, required=False)

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Branch.objects.filter(
            committee_id=member.branch.committee_id, dissolved_on__isnull=True
        ).order_by("ordinal")


class OwnReportForm(forms.Form):
    period_start = forms.DateField(widget=forms.HiddenInput())
    summary = forms.CharField(
        label=_("my report"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        help_text=_("Your thought, work, study and life in this period."),
    )


class NoticeForm(forms.ModelForm):
    class Meta:
        model = Notice
        fields = ["committee", "branch", "kind", "title", "body", "young_only"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.visible_to(user)
        self.fields["committee"].required = False
        self.fields["committee"].help_text = _("For committee staff: the committee whose branches all receive it.")
        branch = self.fields["branch"]
        branch.queryset = Branch.objects.visible_to(user).filter(dissolved_on__isnull=True).order_by("ordinal")
        branch.error_messages["invalid_choice"] = _(
            "This branch is outside your scope: publish to your own branch only."
        )
