"""`homecase demo-data`: complaints in every state, made through the complaints services.

Loaded once for the module inside a transaction rolled back afterwards, as in
`test_demo_data.py`; each test runs in a savepoint within it.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from homecase.accounts import access
from homecase.accounts.models import Role, User
from homecase.common.time import now
from homecase.complaints import selectors, services
from homecase.complaints.models import (
    Complainant,
    Complaint,
    ComplaintOffer,
    ComplaintStatus,
    ContactRestriction,
    MissedPromise,
    OfferChoice,
    Stage,
)
from homecase.demo.staff import DEMO_RESIDENT_EMAIL
from homecase.notify.models import OutboundMessage
from homecase.records.models import Channel, DeadlineStatus

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        out = io.StringIO()
        call_command("demo-data", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output, db):
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield demo_output


def _complaint(title_start: str) -> Complaint:
    return Complaint.objects.select_related("case").get(case__title__startswith=title_start)


def test_there_is_a_complaint_in_every_state(demo):
    # when
    statuses = sorted(Complaint.objects.values_list("status", flat=True))
    # then
    assert statuses == sorted(
        [ComplaintStatus.RECEIVED] * 3
        + [ComplaintStatus.STAGE_1] * 4
        + [
            ComplaintStatus.STAGE_1_RESPONDED,
            ComplaintStatus.STAGE_2_REQUESTED,
            ComplaintStatus.STAGE_2,
            ComplaintStatus.STAGE_2_RESPONDED,
            ComplaintStatus.REFUSED,
            ComplaintStatus.WITHDRAWN,
        ]
    )
    assert set(statuses) == set(ComplaintStatus.values)
    assert "13 complaints" in demo


def test_amina_can_escalate_her_stage_1_response_with_one_button(demo):
    # given
    amina = User.objects.get(username=DEMO_RESIDENT_EMAIL).resident
    mine = list(selectors.complaints_for_resident(resident=amina))
    first = mine[0].stages.get(number=1)
    # then: upheld, with an action outstanding and compensation accepted, inside the window
    assert [(c.case.title, c.status) for c in mine] == [
        ("Lift out of service again, no updates — Heron House", "stage_1_responded")
    ]
    assert first.outcome == "upheld"
    assert first.escalate_by > now()
    assert first.response_letter is not None
    assert [r.kind for r in mine[0].remedies.all()] == ["apology", "action"]
    action = mine[0].remedies.get(kind="action")
    assert action.outstanding
    assert action.owner.username == "repairs@homecase.example"
    assert list(mine[0].compensations.values_list("amount", "status")) == [(150, "accepted")]
    # when: she escalates from the portal, as herself
    stage = services.complaint_escalate(complaint=mine[0], actor=amina.user, channel=Channel.PORTAL)
    # then
    mine[0].refresh_from_db()
    assert (mine[0].status, stage.number) == (ComplaintStatus.STAGE_2_REQUESTED, 2)


def test_the_upheld_complaint_has_a_root_cause_and_learning_actions(demo):
    # when
    lift = _complaint("Lift out of service again")
    # then
    assert lift.root_cause.startswith("Lift repairs are booked part by part")
    assert [(a.owner.username, a.done_at) for a in lift.learning.order_by("pk")] == [
        ("manager@homecase.example", None),
        ("repairs@homecase.example", None),
    ]


def test_a_missed_acknowledgement_is_apologised_for_with_a_new_date(demo):
    # given
    query = _complaint("No answer to a service charge query")
    # when
    promise = MissedPromise.objects.select_related("deadline", "new_deadline").get()
    # then
    assert promise.deadline.case_id == query.case_id
    assert promise.deadline.status == DeadlineStatus.MISSED
    assert promise.new_deadline.status == DeadlineStatus.OPEN
    assert promise.new_deadline.due_at > now()
    assert OutboundMessage.objects.filter(case=query.case, template="deadline_missed").count() == 1
    page, _ = selectors.complaint_queue(filters=selectors.QueueFilters(), at=now())
    assert (page[0].reference, page[0].rag) == (query.reference, "red")


def test_stage_2_is_reviewed_by_a_different_officer(demo):
    # given
    reviewer = User.objects.get(username="reviews@homecase.example")
    # when
    second = Stage.objects.filter(number=2, acknowledged_at__isnull=False)
    # then
    assert access.has_role(reviewer, Role.COMPLAINT_OFFICER)
    assert sorted(s.complaint.status for s in second) == ["stage_2", "stage_2_responded"]
    for stage in second:
        first = stage.complaint.stages.get(number=1)
        assert (first.officer.username, stage.officer_id) == (
            "complaints@homecase.example",
            reviewer.pk,
        )


def test_a_final_response_went_to_the_ombudsman_with_orders(demo):
    # when
    boiler = _complaint("Three missed appointments")
    referral = boiler.ombudsman_referrals.get()
    # then
    assert boiler.status == ComplaintStatus.STAGE_2_RESPONDED
    assert sorted(referral.findings.values_list("finding", flat=True)) == [
        "maladministration",
        "service_failure",
    ]
    orders = list(referral.orders.order_by("pk"))
    assert [(o.complied_at is not None, o.deadline.status) for o in orders] == [
        (True, DeadlineStatus.MET),
        (False, DeadlineStatus.OPEN),
    ]
    assert list(boiler.compensations.values_list("status", flat=True)) == ["paid"]


def test_complaints_from_every_kind_of_complainant(demo):
    # when
    petition = _complaint("Door entry system keeps failing")
    letters = _complaint("Letters not sent in large print")
    trees = _complaint("Estate trees lifting")
    # then
    assert petition.complainant == Complainant.PETITION
    assert petition.signatories.count() == 3
    assert petition.case.resident == petition.signatories.first().resident
    assert (letters.complainant, letters.representative.name) == (
        Complainant.REPRESENTATIVE,
        "Susan Collins",
    )
    assert (trees.complainant, trees.case.resident, trees.third_party_name) == (
        Complainant.THIRD_PARTY,
        None,
        "Graham Whitfield",
    )
    assert trees.case.timeline.events.filter(kind="complaint.letter_needed").exists()


def test_a_complaint_about_a_contractors_conduct_is_flagged_internally(demo):
    # when
    conduct = _complaint("Contractor's operative")
    # then
    assert conduct.about_conduct
    assert conduct.status == ComplaintStatus.STAGE_1
    flagged = conduct.case.timeline.events.get(kind="complaint.conduct_flagged")
    assert flagged.visibility == "internal"


def test_dissatisfaction_on_a_repair_became_a_linked_complaint_and_another_was_declined(demo):
    # when
    accepted = ComplaintOffer.objects.get(choice=OfferChoice.ACCEPTED)
    declined = ComplaintOffer.objects.get(choice=OfferChoice.DECLINED)
    # then
    assert "third time" in accepted.phrases
    assert accepted.complaint.related_case == accepted.case
    assert accepted.case.kind == "repair"
    assert accepted.case.timeline.events.filter(kind="complaint.linked").exists()
    assert declined.complaint is None
    assert declined.case.resident.first_name == "Morag"


def test_refused_withdrawn_and_extended_complaints_say_why(demo):
    # when
    refused = Complaint.objects.get(status=ComplaintStatus.REFUSED)
    withdrawn = Complaint.objects.get(status=ComplaintStatus.WITHDRAWN)
    damp = _complaint("Damp and mould")
    extended = damp.case.deadlines.get(duty="complaint.stage1.respond")
    # then
    assert (refused.exclusion, bool(refused.exclusion_explanation)) == ("legal_action", True)
    assert OutboundMessage.objects.filter(case=refused.case, template="complaint_refused").exists()
    assert withdrawn.withdrawn_reason.startswith("Ms Nowak withdrew it")
    assert (extended.status, extended.extended_working_days) == (DeadlineStatus.OPEN, 10)
    assert extended.extension_reason.startswith("We need the specialist damp survey")


def test_a_contact_restriction_is_past_its_review_date(demo):
    # when
    due = list(selectors.restrictions_due_review(on=timezone.localdate(now())))
    # then
    assert len(due) == 1 == ContactRestriction.objects.count()
    assert Complaint.objects.get(case__resident=due[0].resident).status == ComplaintStatus.STAGE_1


def test_running_it_again_adds_no_complaint(demo):
    # given
    before = (Complaint.objects.count(), ComplaintOffer.objects.count())
    # when
    call_command("demo-data", stdout=io.StringIO())
    # then
    assert (Complaint.objects.count(), ComplaintOffer.objects.count()) == before == (13, 3)
