from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Fieldset, Layout, Row, Submit
from django import forms
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from branches.models import Branch, Committee, HomeOrganisation
from lib.uploads import check_upload, upload_limit
from lib.validators import not_in_future
from lib.widgets import DateInput, FileInput
from members.id_number import birth_date_of, gender_of, normalize_id_number
from members.importing.spreadsheets import MAX_COLUMNS, MAX_ROWS
from members.lifecycle import allowed_transitions, batch_statuses
from members.models import ContactAttempt, Honor, Member, MemberStatus, Post, TransferKind, Transition


def _row(*names, size="md-4"):
    return Row(*[Column(name, css_class=f"col-{size}") for name in names])


class MemberForm(forms.ModelForm):
    """党员档案 create and edit. Gender and birth date must agree with the ID number."""

    # The version the user opened: a save against an older version is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Member
        fields = [
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "id_number",
            "phone",
            "education",
            "category",
            "branch",
            "joined_party_on",
            "full_member_on",
            "home_organisation",
            "hometown_township",
            "hometown_village",
            "employer",
            "position",
            "work_city",
            "occupation",
            "left_home_on",
            "activity_certificate_no",
            "notes",
        ]
        # The shared catalogue renders "name" as 名称 (a branch's name); a person has a 姓名.
        labels = {"name": _("Name")}
        widgets = {
            "birth_date": DateInput(),
            "joined_party_on": DateInput(),
            "full_member_on": DateInput(),
            "left_home_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, transfer_in=False, **kwargs):
        super().__init__(*args, **kwargs)
        if transfer_in:
            # 转入 of a new member: the file is directly managed, the relation coming with the
            # letter; a 流出地, a day left home and a 活动证 are a mobile member's.
            for name in ("category", "home_organisation", "left_home_on", "activity_certificate_no"):
                del self.fields[name]
        if self.instance.pk:
            # Moving a file to another branch is a transfer, with a reason and date; the
            # category (直管 / 流动) changes only through a transfer of the relation.
            del self.fields["branch"]
            del self.fields["category"]
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
            self.fields["branch"].queryset = Branch.objects.visible_to(user).select_related("committee")
        home = self.fields.get("home_organisation")
        if home is not None:
            home.queryset = HomeOrganisation.objects.branches().select_related("parent")
            if self.instance.home_organisation_text and not self.instance.home_organisation_id:
                # An old file's or a roster's name that matched no organisation of the list.
                home.help_text = format_lazy(
                    "{}{}", _("As written, not on the county's list: "), self.instance.home_organisation_text
                )
        self.helper = FormHelper()
        self.helper.form_tag = False

        def row(*names):
            return _row(*(name for name in names if name in self.fields))

        self.helper.layout = Layout(
            Fieldset(
                _("Basic file"),
                row("name", "gender", "ethnicity"),
                row("id_number", "birth_date", "phone"),
                row("education", "occupation"),
            ),
            Fieldset(
                _("Party membership"),
                row("category", "branch", "home_organisation"),
                row("joined_party_on", "full_member_on"),
            ),
            Fieldset(
                _("Hometown and work"),
                row("hometown_township", "hometown_village", "left_home_on"),
                row("employer", "position", "work_city"),
                row("activity_certificate_no"),
            ),
            "notes",
            *(["version"] if "version" in self.fields else []),
        )

    def clean_id_number(self):
        return normalize_id_number(self.cleaned_data["id_number"])

    def clean_home_organisation(self):
        organisation = self.cleaned_data.get("home_organisation")
        if organisation is not None:
            # Linked: the name as once written has been resolved.
            self.instance.home_organisation_text = ""
        return organisation

    def clean_phone(self):
        return "".join(ch for ch in self.cleaned_data.get("phone", "") if ch.isdigit())

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("id_number")
        if number and "id_number" not in self.errors:
            if cleaned.get("birth_date") and cleaned["birth_date"] != birth_date_of(number):
                self.add_error("birth_date", _("The birth date does not agree with the ID number."))
            if cleaned.get("gender") and cleaned["gender"] != gender_of(number):
                self.add_error("gender", _("The gender does not agree with the ID number."))
        return cleaned


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


class ImportUploadForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none(), empty_label=None)
    file = forms.FileField(
        label=_("Roster file"),
        help_text=format_lazy(
            _(
                ".xlsx, .xls or .csv (UTF-8 or GBK), at most {size} MB, {rows} rows and {columns} columns. "
                "The header row may sit under title rows."
            ),
            size=upload_limit() // 1024 // 1024,
            rows=f"{MAX_ROWS:,}",
            columns=MAX_COLUMNS,
        ),
        widget=FileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        committees = Committee.objects.visible_to(user)
        self.fields["committee"].queryset = committees
        if len(committees) == 1:
            self.fields["committee"].initial = committees[0].pk
            self.fields["committee"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused on its size alone, before a byte of it is parsed.
        if upload.size > upload_limit():
            raise forms.ValidationError(
                _("The file is %(size)s MB; files over %(limit)s MB are refused."),
                params={"size": f"{upload.size / 1024 / 1024:.1f}", "limit": upload_limit() // 1024 // 1024},
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


# --- 支部职务 and 表彰 -----------------------------------------------------------------------


def _form_helper(label=None):
    helper = FormHelper()
    helper.add_input(Submit("submit", label or _("Save")))
    return helper


class PostForm(forms.ModelForm):
    """A post of a branch: who, which, from / to. The rules (members.posts) are checked on save."""

    class Meta:
        model = Post
        fields = ["branch", "member", "title", "started_on", "ended_on"]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}
        help_texts = {
            "started_on": _("A new holder of a title ends the current holder's term on this day."),
            "ended_on": _("Empty while the term runs."),
        }

    def __init__(self, *args, user, transfer_in=False, **kwargs):
        super().__init__(*args, **kwargs)
        if transfer_in:
            # 转入 of a new member: the file is directly managed, the relation coming with the
            # letter; a 流出地, a day left home and a 活动证 are a mobile member's.
            for name in ("category", "home_organisation", "left_home_on", "activity_certificate_no"):
                del self.fields[name]
        if self.instance.pk:
            del self.fields["branch"]
            branch_id = self.instance.branch_id
        else:
            branches = Branch.objects.visible_to(user)
            self.fields["branch"].queryset = branches
            branch_id = self.data.get("branch") or self.initial.get("branch")
            if not branch_id and len(only := list(branches.values_list("pk", flat=True)[:2])) == 1:
                branch_id = self.initial["branch"] = only[0]
        # The members on the roll of the branch, from the user's scope: the list stays short.
        members = Member.objects.visible_to(user).filter(status=MemberStatus.ACTIVE)
        if self.instance.pk:
            members = Member.objects.visible_to(user).filter(
                models.Q(status=MemberStatus.ACTIVE) | models.Q(pk=self.instance.member_id)
            )
        if str(branch_id or "").isdigit():
            members = members.filter(branch_id=branch_id)
        self.fields["member"].queryset = members.order_by("name")
        self.helper = _form_helper()
        self.helper.layout = Layout(
            *([_row("branch", "title", size="md-6")] if "branch" in self.fields else [_row("title", size="md-6")]),
            _row("member", size="md-6"),
            _row("started_on", "ended_on", size="md-6"),
        )

    def _get_validation_exclusions(self):
        # One current holder per title is members.posts' to apply: a new holder ends the
        # current one's term (the database constraint stays the backstop), which the
        # constraint, checked by the model form before the handover, would refuse. The
        # form field still checks the title is one of the choices.
        return super()._get_validation_exclusions() | {"title"}


class EndPostForm(forms.Form):
    ended_on = forms.DateField(label=_("Term ended on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()
        self.helper = _form_helper(_("End the term"))


class HonorForm(forms.ModelForm):
    """表彰 of a member, a branch or (committee staff and above) a whole committee."""

    class Meta:
        model = Honor
        fields = ["member", "branch", "committee", "title", "awarded_by", "year"]
        help_texts = {"member": _("Choose one: a member, a branch or a committee.")}

    def __init__(self, *args, user, committee_wide: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.visible_to(user).order_by("name")
        self.fields["branch"].queryset = Branch.objects.visible_to(user)
        if committee_wide:
            self.fields["committee"].queryset = Committee.objects.visible_to(user)
        else:
            del self.fields["committee"]
        # From a member's or a branch's page, the recipient is already chosen: a member's
        # list of every file in scope is long.
        for name in ("member", "branch", "committee"):
            chosen = self.initial.get(name) or getattr(self.instance, f"{name}_id", None)
            if name in self.fields and chosen and not self.is_bound:
                self.fields[name].queryset = self.fields[name].queryset.filter(pk=chosen)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["year"].widget.attrs.update(min=1921, max=timezone.localdate().year)
        self.helper = _form_helper()
        recipients = [name for name in ("member", "branch", "committee") if name in self.fields]
        self.helper.layout = Layout(
            _row(*recipients, size="md-4"), _row("title", "awarded_by", size="md-6"), _row("year", size="md-4")
        )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 1921 <= year <= timezone.localdate().year:
            raise forms.ValidationError(
                _("The year must lie between 1921 and %(year)d.") % {"year": timezone.localdate().year}
            )
        return year

    def clean(self):
        cleaned = super().clean()
        chosen = [name for name in ("member", "branch", "committee") if cleaned.get(name)]
        if len(chosen) != 1 and not self.errors.get("member"):
            self.add_error("member", _("An honour goes to one member, one branch or one committee."))
        return cleaned


# --- 组织关系转接 ------------------------------------------------------------------------


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


class BatchStatusForm(forms.Form):
    """批量变更状态: one status, date and reason for every selected member; each change goes
    through the same rules as the member's own status page (members.lifecycle.change_status_to)."""

    status = forms.ChoiceField(label=_("New status"), choices=batch_statuses)
    changed_on = forms.DateField(label=_("Date"), widget=DateInput(), validators=[not_in_future])
    reason = forms.CharField(label=_("Reason"), max_length=200, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["changed_on"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(_row("status", "changed_on", size="md-6"), "reason")


class PhotoForm(forms.Form):
    """档案照片: one JPG or PNG, checked by its content."""

    photo = forms.FileField(
        label=_("Photo"), widget=FileInput(attrs={"accept": "image/jpeg,image/png,.jpg,.jpeg,.png"})
    )

    def clean_photo(self):
        uploaded = self.cleaned_data["photo"]
        if check_upload(uploaded).extension not in ("jpg", "png"):
            raise forms.ValidationError(_("A photo must be a JPG or PNG picture."), code="not_a_photo")
        return uploaded
