"""The date input writes and reads ISO dates in any language (and the Chinese ways of writing a date);
the file input is labelled in Chinese; CompactSelect writes the markup Django's Select would, without a
template per option."""

import datetime

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lib.widgets import CompactSelect, DateInput, FileInput, normalise_date


def test_a_date_is_written_yyyy_mm_dd_for_the_chinese_picker_in_chinese_and_english():
    for language in ("zh-hans", "en"):
        with translation.override(language):
            html = DateInput().render("on", datetime.date(2028, 2, 29))
        # A text box that flatpickr turns into a picker: never the browser's own, whose
        # format follows the browser's language.
        assert 'type="text"' in html and "data-datepicker" in html and 'value="2028-02-29"' in html


@pytest.mark.parametrize(
    "typed",
    [
        "2027-02-20",
        "2027/2/20",
        "2027/02/20",
        "2027.2.20",
        "2027年2月20日",
        "2027年02月20日",
        " 2027-2-20 ",
        "２０２７/２/２０",
    ],
)
def test_the_chinese_ways_of_writing_a_date_are_read_as_that_date_in_any_language(typed):
    class Form(forms.Form):
        on = forms.DateField(widget=DateInput())

    for language in ("zh-hans", "en"):
        with translation.override(language):
            form = Form({"on": typed})
            assert form.is_valid(), (typed, language, form.errors)
            assert form.cleaned_data["on"] == datetime.date(2027, 2, 20)


@pytest.mark.parametrize("typed", ["2027-02-30", "2027/13/1", "70220-02-20", "02/20/2027x", "明天"])
def test_what_is_not_a_date_is_refused_with_the_fields_message(typed):
    class Form(forms.Form):
        on = forms.DateField(widget=DateInput())

    with translation.override("zh-hans"):
        form = Form({"on": typed})
        assert not form.is_valid()
        assert form.errors["on"] == ["输入一个有效的日期。"]


def test_text_that_is_not_a_year_month_day_is_left_as_it_was():
    assert normalise_date("2027-2") == "2027-2"
    assert normalise_date("") == "" and normalise_date(None) is None


def test_a_file_input_is_labelled_in_chinese_whatever_the_browser_says():
    with translation.override("zh-hans"):
        html = FileInput(attrs={"accept": ".xlsx"}).render("file", None, attrs={"id": "id_file"})
    assert "选择文件" in html and "未选择文件" in html
    assert 'type="file"' in html and 'accept=".xlsx"' in html and 'id="id_file"' in html
    assert "multiple" not in html
    assert "multiple" in FileInput(multiple=True).render("photos", None)


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
