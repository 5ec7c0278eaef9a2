"""Branch posts (支部职务) and honours (表彰)."""

from crispy_forms.layout import Layout
from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Branch, Committee
from lib.widgets import DateInput
from members.forms.layout import _form_helper, _row
from members.models import Honor, Member, MemberStatus, Post


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
