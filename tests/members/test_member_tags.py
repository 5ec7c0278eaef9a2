"""The member list's |display filter says what get_<field>_display says, in the request's language."""

from django.utils import translation

from members.models import Category, Gender, Member, MemberStatus
from members.templatetags.member_tags import display


def test_it_gives_the_label_get_display_gives_in_each_language():
    member = Member(gender=Gender.FEMALE, category=Category.MOBILE, status=MemberStatus.RETURNED)
    for language in ["zh-hans", "en"]:
        with translation.override(language):
            for name in ["gender", "category", "status"]:
                assert str(display(member, name)) == getattr(member, f"get_{name}_display")()
    with translation.override("zh-hans"):
        assert str(display(member, "status")) != "Returned home"


def test_a_value_outside_the_choices_shows_as_it_is():
    assert display(Member(status="archived"), "status") == "archived"
