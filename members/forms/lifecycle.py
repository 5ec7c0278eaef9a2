"""A member's life: a status change, transfers of the relation, the 失联 search log, the 活动证."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Branch, Committee
from lib.validators import not_in_future
from lib.widgets import DateInput
from members.forms.layout import _row
from members.lifecycle import allowed_transitions
from members.models import ContactAttempt, TransferKind, Transition


class StatusChangeForm(forms.Form):
    """One step of the member's life (members.lifecycle): only the steps the rules allow
    from the current status are offered; the file itself stays."""

    transition = forms.ChoiceField(label=_("Change"))
    changed_on = forms.DateField(label=_("Date"), widget=DateInput(), validators=[not_in_future])
    decision = forms.CharField(
        label=_("Decision"),
        max_length=200,
        required=False,
        help_text=_("The meeting or document that decided it, e.g. 2026年3月支部党员大会决议."),
    )
    approved_by = forms.CharField(label=_("Approving organisation"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, member, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["transition"].choices = [(value, Transition(value).label) for value in allowed_transitions(member)]
        self.fields["changed_on"].initial = timezone.localdate()
        self.fields["version"].initial = member.version
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            _row("transition", "changed_on", size="md-6"),
            _row("decision", "approved_by", size="md-6"),
            "note",
            "version",
            Div(Submit("save", _("Save"))),
        )


class TransferOutForm(forms.Form):
    """A transfer of a directly managed member: out of the county's committees (介绍信 and
    回执), or within them (between branches or committees, confirmed by the receiving side)."""

    kind = forms.ChoiceField(
        label=_("Transfer"),
        choices=[
            (TransferKind.OUT, _("Out of the committees (letter and receipt)")),
            (TransferKind.WITHIN, _("To another branch or committee of the county")),
        ],
        widget=forms.RadioSelect,
        initial=TransferKind.OUT,
    )
    organisation = forms.CharField(
        label=_("Receiving organisation"),
        max_length=100,
        required=False,
        help_text=_("For a transfer out: e.g. 中共安仁县永乐江镇新洲村支部委员会."),
    )
    stays_as_mobile = forms.BooleanField(
        label=_("The relation goes home; the member keeps working here as a mobile member"), required=False
    )
    to_committee = forms.ModelChoiceField(
        label=_("Receiving committee"), queryset=Committee.objects.none(), required=False
    )
    to_branch = forms.ModelChoiceField(label=_("Receiving branch"), queryset=Branch.objects.none(), required=False)
    letter_number = forms.CharField(label=_("Letter number"), max_length=30)
    issued_on = forms.DateField(label=_("Letter dated"), widget=DateInput(), validators=[not_in_future])
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, member, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Every committee of the county may receive (their names are no secret); the branch
        # list is the user's own committee's: another committee's staff choose theirs.
        self.fields["to_committee"].queryset = Committee.objects.order_by("pk")
        self.fields["to_committee"].initial = member.branch.committee_id
        self.fields["to_branch"].queryset = (
            Branch.objects.visible_to(user).filter(dissolved_on__isnull=True).exclude(pk=member.branch_id)
        )
        self.fields["issued_on"].initial = timezone.localdate()
        self.fields["version"].initial = member.version
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "kind",
            _row("organisation", "stays_as_mobile", size="md-6"),
            _row("to_committee", "to_branch", size="md-6"),
            _row("letter_number", "issued_on", "reason"),
            "version",
            Div(Submit("save", _("Issue the letter"))),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == TransferKind.WITHIN and not cleaned.get("to_committee"):
            self.add_error("to_committee", _("Choose the receiving committee."))
        return cleaned


class TransferInForm(forms.Form):
    """转入 of a relation into the committee for a file on record (流动 → 直管, or a file reopened)."""

    organisation = forms.CharField(label=_("Sending organisation"), max_length=100)
    letter_number = forms.CharField(label=_("Letter number"), max_length=30)
    issued_on = forms.DateField(label=_("Letter dated"), widget=DateInput(), validators=[not_in_future])
    completed_on = forms.DateField(label=_("Received on"), widget=DateInput(), validators=[not_in_future])
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = timezone.localdate()
        if member is None:
            # A new member's 转入: the file is made with the letter (members.transfers.receive_new_member).
            del self.fields["version"]
        else:
            self.fields["organisation"].initial = member.home_organisation_display
            self.fields["version"].initial = member.version
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            _row("organisation", "letter_number", size="md-6"),
            _row("issued_on", "completed_on", size="md-6"),
            # A new member's page has its button under the file.
            *(["version", Div(Submit("save", _("Receive the relation")))] if member is not None else []),
        )


class TransferActionForm(forms.Form):
    """The receipt (回执), the receiving side's confirmation, or a cancellation."""

    completed_on = forms.DateField(label=_("Date"), widget=DateInput(), validators=[not_in_future])
    receipt_note = forms.CharField(label=_("Receipt / note"), max_length=200, required=False)
    branch = forms.ModelChoiceField(label=_("Receiving branch"), queryset=Branch.objects.none(), required=False)

    def __init__(self, *args, transfer=None, user=None, submit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = timezone.localdate()
        if transfer is not None and transfer.kind == TransferKind.WITHIN and not transfer.to_branch_id:
            self.fields["branch"].queryset = Branch.objects.visible_to(user).filter(
                committee_id=transfer.to_committee_id, dissolved_on__isnull=True
            )
        else:
            del self.fields["branch"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            _row(*[name for name in ("completed_on", "receipt_note", "branch") if name in self.fields]),
            Div(Submit("save", submit or _("Save"))),
        )


# --- 失联 search log and 活动证 -----------------------------------------------------------------


class ContactAttemptForm(forms.ModelForm):
    class Meta:
        model = ContactAttempt
        fields = ["tried_on", "tried_by", "way", "result"]
        widgets = {"tried_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tried_on"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            _row("tried_on", "tried_by", "way"), "result", Div(Submit("save", _("Record the search")))
        )


class CertificateForm(forms.Form):
    number = forms.CharField(label=_("certificate number"), max_length=30)
    issued_by = forms.CharField(label=_("issuing organisation"), max_length=100)
    issued_on = forms.DateField(label=_("issued on"), widget=DateInput(), validators=[not_in_future])

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_by"].initial = member.home_organisation_display
        self.fields["issued_on"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.layout = Layout(_row("number", "issued_by", "issued_on"), Div(Submit("save", _("Issue or renew"))))
