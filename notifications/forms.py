from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import ChannelSettings


class ChannelSettingsForm(forms.ModelForm):
    # Longer than the column: spaces and dashes typed between the digits are dropped below.
    phone = forms.CharField(label=_("mobile phone for SMS"), max_length=20, required=False)

    class Meta:
        model = ChannelSettings
        fields = ["email_enabled", "sms_enabled", "phone"]
        help_texts = {
            "email_enabled": _("Reminders to the e-mail address of your account."),
            "sms_enabled": _("Reminders by SMS to the number below. In-app notifications cannot be turned off."),
        }

    def clean_phone(self):
        phone = "".join(self.cleaned_data["phone"].split())
        if phone and not (len(phone) == 11 and phone.isdigit() and phone.startswith("1")):
            raise forms.ValidationError(_("A mobile number has 11 digits and starts with 1."))
        return phone
