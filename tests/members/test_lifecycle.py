"""A member's life (members.lifecycle): allowed transitions, their history, the 失联 timers of
条例 第二十四条 at their boundaries, and the status page."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from members.lifecycle import allowed_transitions, change_status
from members.models import Category, ContactAttempt, Member, MemberStatus, SearchWay, StatusChange, Transition
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def lose(member, on, user=None):
    return change_status(member, Transition.LOST, on=on, expected_version=member.version, user=user, today=on)


def searched(member, on):
    ContactAttempt.objects.create(member=member, tried_on=on, tried_by="何军", way=SearchWay.PHONE, result="停机")


def suspend(member, on, today=None):
    return change_status(
        member,
        Transition.SUSPENDED,
        on=on,
        decision="支部党员大会决议",
        expected_version=member.version,
        today=today or on,
    )


def test_each_step_is_recorded_with_its_date_decision_and_recorder(alice, secretary1):
    lose(alice, D(2026, 1, 10), user=secretary1)
    alice.refresh_from_db()
    assert (alice.status, alice.status_since) == (MemberStatus.LOST_CONTACT, D(2026, 1, 10))
    change = StatusChange.objects.get(member=alice)
    assert (change.from_status, change.to_status, change.recorded_by) == ("active", "lost_contact", secretary1)
    # The file's own history has the step too (who and when).
    assert alice.history.first().history_change_reason == "2026-01-10 失去联系"
    assert Member.objects.filter(pk=alice.pk).exists()  # never deleted


def test_only_the_steps_the_rules_allow_are_offered(alice, branch1):
    assert set(allowed_transitions(alice)) == {
        Transition.LOST,
        Transition.REMOVED,
        Transition.EXPELLED,
        Transition.DIED,
        Transition.RETURNED_HOME,
    }
    direct = MemberFactory(branch=branch1, category=Category.DIRECT)
    # A directly managed member's relation goes home through a transfer out, not 回乡.
    assert Transition.RETURNED_HOME not in allowed_transitions(direct)
    lose(alice, D(2026, 1, 10))
    alice.refresh_from_db()
    assert set(allowed_transitions(alice)) == {
        Transition.FOUND,
        Transition.SUSPENDED,
        Transition.EXPELLED,
        Transition.DIED,
    }
    dead = MemberFactory(branch=branch1, status=MemberStatus.DECEASED)
    assert allowed_transitions(dead) == []


def test_a_jump_the_rules_do_not_allow_is_refused_and_nothing_is_written(alice):
    with pytest.raises(ValidationError) as error:
        change_status(
            alice, Transition.RESTORED, on=D(2026, 1, 10), decision="x", expected_version=1, today=D(2026, 2, 1)
        )
    assert "不允许" in error.value.message_dict["transition"][0]
    alice.refresh_from_db()
    assert alice.status == MemberStatus.ACTIVE and alice.version == 1
    assert not StatusChange.objects.exists()


def test_a_suspension_needs_6_months_of_lost_contact_to_the_day(alice):
    lose(alice, D(2026, 1, 31))
    alice.refresh_from_db()
    searched(alice, D(2026, 2, 15))
    # 31 January + 6 months is 31 July: the day before is too early.
    with pytest.raises(ValidationError) as error:
        suspend(alice, D(2026, 7, 30))
    assert "2026-07-31" in error.value.message_dict["changed_on"][0]
    alice.refresh_from_db()
    assert alice.status == MemberStatus.LOST_CONTACT
    suspend(alice, D(2026, 7, 31))
    alice.refresh_from_db()
    assert (alice.status, alice.status_since) == (MemberStatus.SUSPENDED, D(2026, 7, 31))


def test_a_suspension_needs_a_recorded_search(alice):
    lose(alice, D(2026, 1, 1))
    alice.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        suspend(alice, D(2026, 8, 1))
    assert "查找" in error.value.message_dict["transition"][0]


def test_a_suspension_needs_the_decision(alice):
    lose(alice, D(2026, 1, 1))
    alice.refresh_from_db()
    searched(alice, D(2026, 1, 5))
    with pytest.raises(ValidationError) as error:
        change_status(
            alice, Transition.SUSPENDED, on=D(2026, 8, 1), expected_version=alice.version, today=D(2026, 8, 1)
        )
    assert "decision" in error.value.message_dict


def test_removal_after_suspension_needs_2_years_and_the_approving_organisation(alice):
    lose(alice, D(2024, 1, 1))
    alice.refresh_from_db()
    searched(alice, D(2024, 2, 1))
    suspend(alice, D(2024, 7, 1))
    alice.refresh_from_db()

    def remove(on, approved_by="中共安仁县驻广东地区流动委员会"):
        return change_status(
            alice,
            Transition.REMOVED,
            on=on,
            decision="支部党员大会决议",
            approved_by=approved_by,
            expected_version=alice.version,
            today=on,
        )

    with pytest.raises(ValidationError) as error:
        remove(D(2026, 6, 30))
    assert "2026-07-01" in error.value.message_dict["changed_on"][0]
    with pytest.raises(ValidationError) as error:
        remove(D(2026, 7, 1), approved_by=" ")
    assert "approved_by" in error.value.message_dict
    remove(D(2026, 7, 1))
    alice.refresh_from_db()
    assert alice.status == MemberStatus.REMOVED and alice.is_read_only
    assert allowed_transitions(alice) == []


def test_restoring_a_suspended_membership_brings_the_member_back_on_the_roll(alice):
    lose(alice, D(2025, 1, 1))
    alice.refresh_from_db()
    searched(alice, D(2025, 1, 2))
    suspend(alice, D(2025, 7, 1))
    alice.refresh_from_db()
    change_status(
        alice,
        Transition.RESTORED,
        on=D(2026, 3, 1),
        decision="县委组织部批复",
        expected_version=alice.version,
        today=D(2026, 3, 1),
    )
    alice.refresh_from_db()
    assert alice.status == MemberStatus.ACTIVE
    assert list(alice.status_changes.values_list("transition", flat=True)) == ["restored", "suspended", "lost"]


def test_dates_out_of_order_are_refused(alice):
    lose(alice, D(2026, 3, 1))
    alice.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        change_status(alice, Transition.FOUND, on=D(2026, 2, 1), expected_version=alice.version, today=D(2026, 4, 1))
    assert "2026-03-01" in error.value.message_dict["changed_on"][0]
    with pytest.raises(ValidationError) as error:
        change_status(alice, Transition.FOUND, on=D(2026, 5, 1), expected_version=alice.version, today=D(2026, 4, 1))
    assert error.value.message_dict["changed_on"] == ["日期不能晚于今天。"]


@pytest.mark.time_machine("2026-08-01 10:00 +0800", tick=False)
def test_the_status_page_offers_the_allowed_steps_and_explains_a_refusal(client_for, secretary1, alice):
    lose(alice, D(2026, 3, 1))
    alice.refresh_from_db()
    client = client_for(secretary1)
    page = client.get(f"/members/{alice.pk}/status/")
    offered = [value for value, _label in page.context["form"].fields["transition"].choices]
    assert "found" in offered and "restored" not in offered and "lost" not in offered
    response = client.post(
        f"/members/{alice.pk}/status/",
        {"transition": "suspended", "changed_on": "2026-08-01", "decision": "支部大会", "version": alice.version},
    )
    assert response.status_code == 200
    assert "2026-09-01" in response.content.decode()  # a suspension is possible from then
    alice.refresh_from_db()
    assert alice.status == MemberStatus.LOST_CONTACT
    # A step not offered from this status is refused by the form.
    response = client.post(
        f"/members/{alice.pk}/status/", {"transition": "restored", "changed_on": "2026-08-01", "version": alice.version}
    )
    assert response.status_code == 200 and response.context["form"].errors["transition"]


def test_the_edit_form_no_longer_offers_the_category(client_for, committee_staff, alice):
    client = client_for(committee_staff)
    form = client.get(f"/members/{alice.pk}/edit/").context["form"]
    assert "category" not in form.fields
    data = {name: getattr(alice, name) or "" for name in form.fields if name != "version"}
    data |= {"category": Category.DIRECT, "version": alice.version, "birth_date": f"{alice.birth_date:%Y-%m-%d}"}
    data |= {"joined_party_on": "2010-07-01", "full_member_on": "2011-07-01", "left_home_on": "2015-03-01"}
    response = client.post(f"/members/{alice.pk}/edit/", data)
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.category == Category.MOBILE


def test_a_closed_file_is_not_edited(client_for, committee_staff, branch1):
    closed = MemberFactory(branch=branch1, status=MemberStatus.TRANSFERRED)
    response = client_for(committee_staff).get(f"/members/{closed.pk}/edit/")
    assert response.status_code == 302 and response.url == f"/members/{closed.pk}/"
