"""CompactSelect writes the markup Django's Select would, without a template per option."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lib.widgets import CompactSelect


def test_it_marks_the_chosen_value_and_escapes_values_and_labels():
    widget = CompactSelect(attrs={"class": "form-select"})
    widget.choices = [("", _("All")), (1, "甲<支部>"), (2, 'A & "B"')]
    html = widget.render("branch", "2", attrs={"id": "id_branch"})
    assert html == (
        '<select name="branch" class="form-select" id="id_branch">'
        f'<option value="">{_("All")}</option>'
        '<option value="1">甲&lt;支部&gt;</option>'
        '<option value="2" selected>A &amp; &quot;B&quot;</option>'
        "</select>"
    )


def test_it_shows_the_same_options_as_django_s_select():
    choices = [("", "全部"), ("深圳", "深圳"), ("<x>", "<x>")]
    compact = CompactSelect(choices=choices).render("city", "深圳")
    stock = forms.Select(choices=choices).render("city", "深圳")
    assert compact == "".join(line.strip() for line in stock.splitlines())
