"""The member file's forms: create and edit, the roster upload, batch status, the photo."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from branches.models import Branch, Committee, HomeOrganisation
from lib.uploads import check_upload, upload_limit
from lib.validators import not_in_future
from lib.widgets import DateInput, FileInput
from members.forms.layout import _row
from members.id_number import birth_date_of, gender_of, normalize_id_number
from members.importing.spreadsheets import MAX_COLUMNS, MAX_ROWS
from members.lifecycle import batch_statuses
from members.models import Member


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
