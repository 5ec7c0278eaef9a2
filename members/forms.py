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
from members.models import Honor, Member, MemberStatus, Post


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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Moving a file to another branch is a transfer, with a reason and date.
            del self.fields["branch"]
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
            self.fields["branch"].queryset = Branch.objects.visible_to(user).select_related("committee")
        home = self.fields["home_organisation"]
        home.queryset = HomeOrganisation.objects.branches().select_related("parent")
        if self.instance.home_organisation_text and not self.instance.home_organisation_id:
            # An old file's or a roster's name that matched no organisation of the list.
            home.help_text = format_lazy(
                "{}{}", _("As written, not on the county's list: "), self.instance.home_organisation_text
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Basic file"),
                _row("name", "gender", "ethnicity"),
                _row("id_number", "birth_date", "phone"),
                _row("education", "occupation"),
            ),
            Fieldset(
                _("Party membership"),
                _row("category", "branch", "home_organisation")
                if "branch" in self.fields
                else _row("category", "home_organisation"),
                _row("joined_party_on", "full_member_on"),
            ),
            Fieldset(
                _("Hometown and work"),
                _row("hometown_township", "hometown_village", "left_home_on"),
                _row("employer", "position", "work_city"),
                _row("activity_certificate_no"),
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
    """Status change or transfer; the file itself stays."""

    TRANSFER = "transfer"

    change = forms.ChoiceField(label=_("Change"))
    branch = forms.ModelChoiceField(label=_("Transfer to branch"), queryset=Branch.objects.none(), required=False)
    changed_on = forms.DateField(label=_("Date"), widget=DateInput(), validators=[not_in_future])
    reason = forms.CharField(label=_("Reason"), max_length=200, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, member, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        branches = (
            Branch.objects.visible_to(user).filter(committee_id=member.branch.committee_id).exclude(pk=member.branch_id)
        )
        self.fields["branch"].queryset = branches
        choices = [(status.value, status.label) for status in MemberStatus if status != member.status]
        if branches.exists():
            choices.insert(0, (self.TRANSFER, _("Transfer to another branch")))
        self.fields["change"].choices = choices
        self.fields["changed_on"].initial = timezone.localdate()
        self.fields["version"].initial = member.version
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            _row("change", "branch", "changed_on"), "reason", "version", Div(Submit("save", _("Save")))
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("change") == self.TRANSFER and not cleaned.get("branch"):
            self.add_error("branch", _("Choose the branch the member moves to."))
        return cleaned


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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
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


class BatchStatusForm(forms.Form):
    """批量变更状态: one status, date and reason for every selected member; each change goes
    through the same function as the member's own status page (members.services.change_status)."""

    status = forms.ChoiceField(label=_("New status"), choices=MemberStatus.choices)
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
