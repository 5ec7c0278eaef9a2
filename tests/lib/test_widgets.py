"""The date input writes ISO dates in any language; CompactSelect writes the markup Django's Select would,
without a template per option."""

import datetime

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lib.widgets import CompactSelect, DateInput


def test_a_date_is_written_yyyy_mm_dd_for_the_browsers_picker_in_chinese_and_english():
    for language in ("zh-hans", "en"):
        with translation.override(language):
            html = DateInput().render("on", datetime.date(2028, 2, 29))
        assert 'type="date"' in html and 'value="2028-02-29"' in html


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
