from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.rules import branches_for_accounts, committees_for_accounts, roles_manageable_by
from branches.models import HomeOrganisation
from branches.roles import Role


class AccountForm(forms.Form):
    """Create an account (with username and password) or change one's name, role and scope."""

    username = forms.CharField(label=_("User name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"))
    committee = forms.ModelChoiceField(
        label=_("Committee"), queryset=None, required=False, help_text=_("For committee staff.")
    )
    home_organisation = forms.ModelChoiceField(
        label=_("home organisation"),
        queryset=HomeOrganisation.objects.select_related("parent"),
        required=False,
        help_text=_("For a home organisation's secretary (a township: its staff, who see all its villages)."),
    )
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=None, required=False, help_text=_("For branch secretaries.")
    )
    password1 = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not all digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, actor, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        self.fields["role"].choices = [("", "---------")] + [(r, labels[r]) for r in roles_manageable_by(actor)]
        self.fields["committee"].queryset = committees_for_accounts(actor)
        self.fields["branch"].queryset = branches_for_accounts(actor)
        self.editing = editing
        if editing is not None:
            # The user name stays; passwords are reset on their own page.
            for name in ("username", "password1", "password2"):
                del self.fields[name]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *[Div(Field(name), css_class="col-md-6") for name in self.fields],
        )
        self.helper.form_tag = False

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken."))
        return username

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == Role.BRANCH_SECRETARY and not data.get("branch"):
            self.add_error("branch", _("A branch secretary needs a branch."))
        if role == Role.COMMITTEE_STAFF and not data.get("committee"):
            self.add_error("committee", _("Committee staff need a committee."))
        if role == Role.HOME_SECRETARY and not data.get("home_organisation"):
            self.add_error("home_organisation", _("A home organisation secretary needs a home organisation."))
        if "password1" in self.fields and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class PasswordResetForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not all digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Reset password")))

    def clean(self):
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the six digits shown by the authenticator app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, submit_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", submit_label, css_class="w-100"))


class EnrolmentForm(TokenForm):
    """The first two-factor enrolment: the one-time code the administrator issued, then
    the app's six digits."""

    enrolment_code = forms.CharField(
        label=_("Enrolment code"),
        max_length=20,
        help_text=_("The one-time code the system administrator gave you (valid 24 hours)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    field_order = ["enrolment_code", "token"]


class OwnPasswordForm(forms.Form):
    """修改密码 on the personal centre: the current password, then the new one twice."""

    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not all digits, not a common password."),
    )
    new_password2 = forms.CharField(
        label=_("Repeat the new password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Change password")))

    def clean(self):
        data = super().clean()
        if data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("The two passwords differ."))
        return data


class SecondFactorOffForm(TokenForm):
    """Turning one's own two-factor login off: the password and a current code."""

    password = forms.CharField(
        label=_("Current password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    field_order = ["password", "token"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, submit_label=_("Turn off two-factor login"), **kwargs)
        self.fields["token"].widget.attrs.pop("autofocus", None)
        self.helper.form_tag = False
