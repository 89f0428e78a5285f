"""The demo's complaints: one walk-through for every state a complaint can be in, made through
`complaints.services` exactly as the portal, console and API make them.

Stories that began weeks or months ago are recorded with the moments things really happened
(`received_at`, `acknowledged_at`, `responded_at`, `requested_at`) and the reason each is
back-dated, as an officer keying in from the file would; what happens today (points decided,
remedies, compensation, learning) is recorded now. Promises whose moment has passed are left to
the closing sweep, and `missed_promises_follow_up` then apologises for them with a new date.

Amina Hassan (the demo resident who signs in) has a stage 1 response inside its escalation
window, so the portal's one-button escalation can be shown.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta

from homecase.accounts.models import User
from homecase.complaints import services
from homecase.complaints.models import (
    CompensationStatus,
    Complainant,
    Complaint,
    Exclusion,
    Finding,
    Impact,
    RemedyKind,
)
from homecase.complaints.services import PointDecisionInput, Signer
from homecase.demo.cases import _Demo
from homecase.housing import services as housing
from homecase.housing.models import (
    HouseholdRole,
    Representative,
    RepresentativeRelationship,
    Resident,
)
from homecase.records.models import Case, Channel

OFFICER = "complaints@homecase.example"
REVIEWER = "reviews@homecase.example"  # stage 2: never the stage 1 officer (Code 6.13)
AGENT = "agent@homecase.example"
MANAGER = "manager@homecase.example"
PLANNER = "repairs@homecase.example"
NEIGHBOURHOOD = "neighbourhood@homecase.example"

FROM_FILE = "Keyed in from the complaint file"
FROM_LETTER = "Letter received by post; logged when it was scanned"
FROM_EMAIL = "Email to the complaints inbox; logged the next working day"
FROM_CALL = "Logged from the call recording"
_LEADS = (HouseholdRole.LEAD_TENANT, HouseholdRole.LEASEHOLDER)


class _Stories(_Demo):
    """The demo's people and clock, with the few steps every complaint story repeats."""

    def __init__(
        self, staff: dict[str, User], residents: dict[str, Resident], repairs: list[Case]
    ) -> None:
        super().__init__(staff, residents, areas={})
        self.repairs = repairs
        self.featured = {r.pk for r in residents.values()}

    def repair_of(self, key: str) -> Case:
        resident = self.residents[key]
        return next(case for case in self.repairs if case.resident_id == resident.pk)

    def neighbours(self, block: str, count: int) -> list[Resident]:
        """Lead tenants or leaseholders of a block drawn at random by the demo (not featured)."""
        found = (
            Resident.objects.filter(home__block__name=block, household_role__in=_LEADS)
            .exclude(pk__in=self.featured)
            .select_related("home")
            .order_by("home__uprn", "pk")
        )
        return list(found[:count])

    def make(self, *, days_ago: int, at: str, reason: str, **fields) -> Complaint:
        return services.complaint_create(
            actor=self.staff[AGENT],
            received_at=self.ago(days_ago, at),
            backdate_reason=reason,
            **fields,
        )

    def acknowledge(
        self,
        complaint: Complaint,
        *,
        days_ago: int,
        points: list[str],
        outcomes: str,
        officer: str = OFFICER,
    ) -> None:
        services.complaint_acknowledge(
            complaint=complaint,
            actor=self.staff[officer],
            points=points,
            outcomes_sought=outcomes,
            acknowledged_at=self.ago(days_ago, "11:00"),
            backdate_reason=FROM_FILE,
        )

    def answer(
        self,
        complaint: Complaint,
        *,
        days_ago: int,
        decisions: list[tuple[str, str]],
        explanation: str,
        remedy: str = "",
        officer: str = OFFICER,
    ) -> None:
        """Decide every point (in order), then send the response."""
        services.complaint_decide_points(
            complaint=complaint,
            actor=self.staff[officer],
            decisions=[
                PointDecisionInput(number, decision, reason)
                for number, (decision, reason) in enumerate(decisions, start=1)
            ],
        )
        services.complaint_respond(
            complaint=complaint,
            actor=self.staff[officer],
            explanation=explanation,
            remedy_summary=remedy,
            responded_at=self.ago(days_ago, "15:30"),
            backdate_reason=FROM_FILE,
        )

    def escalate(self, complaint: Complaint, *, days_ago: int, channel: str, reason: str) -> None:
        services.complaint_escalate(
            complaint=complaint,
            actor=self.staff[AGENT],
            channel=channel,
            reason=reason,
            requested_at=self.ago(days_ago, "10:30"),
            backdate_reason=FROM_FILE,
        )

    def due_in(self, days: int) -> date:
        return self.today + timedelta(days=days)

    def moment(self, days_ago: int) -> datetime:
        return self.ago(days_ago, "12:00")


# Received -------------------------------------------------------------------------------------


def _petition(demo: _Stories) -> Complaint:
    """Received and on time (the acknowledgement falls due soon): three Heron House households
    sign one complaint."""
    signers = demo.neighbours("Heron House", 3)
    return demo.make(
        days_ago=4,
        at="13:20",
        reason=FROM_LETTER,
        channel=Channel.LETTER,
        complainant=Complainant.PETITION,
        resident=signers[0],
        signers=[
            Signer(name=r.full_name, resident=r, circumstances=r.home.address_line_1)
            for r in signers
        ],
        title="Door entry system keeps failing — Heron House (petition)",
        description="We, the residents who have signed below, complain that the door entry "
        "system at Heron House has failed four times since January. People who do not live "
        "here sleep in the stairwell and we do not feel safe coming home at night.",
        desired_outcome="A new door entry system, and a security patrol until it is fitted.",
    )


def _service_charge(demo: _Stories) -> Complaint:
    """Received and overdue: never acknowledged; the sweep marks it missed and we apologise
    with a new date."""
    return demo.make(
        days_ago=9,
        at="16:30",
        reason=FROM_EMAIL,
        channel=Channel.EMAIL,
        resident=demo.residents["delroy"],
        title="No answer to a service charge query — Teal Court",
        description="I asked two months ago why the cleaning charge went up by 40% and I have "
        "had no reply to three emails.",
        desired_outcome="A breakdown of the cleaning charge and an answer to my emails.",
    )


def _third_time_called(demo: _Stories) -> Complaint:
    """Received from dissatisfaction on a repair ("third time I've called"): offered, accepted,
    logged as a complaint linked to the repair, whose work goes on."""
    fence = demo.repair_of("rhys")
    _, offer = services.contact_record(
        case=fence,
        actor=demo.staff[AGENT],
        channel=Channel.PHONE,
        summary="Mr Davies rang again: this is the third time I've called about the fence. "
        "The dog got out into the lane this morning.",
    )
    offer = services.complaint_offer_decide(
        offer=offer,
        actor=demo.staff[AGENT],
        wants_to_complain=True,
        description="Three calls about the fence blown down in the storm and nobody has come "
        "or said when they will. The dog keeps getting out into the lane.",
        desired_outcome="The fence mended this week and a call back when it is booked.",
    )
    return offer.complaint


def _declined_offer(demo: _Stories) -> None:
    """Dissatisfaction shown, a complaint offered, and declined: the choice is on the record."""
    radiators = demo.repair_of("morag")
    _, offer = services.contact_record(
        case=radiators,
        actor=demo.staff[AGENT],
        channel=Channel.EMAIL,
        summary="Mrs Stewart emailed: still waiting for someone to look at the radiators, and "
        "the nights are cold.",
    )
    services.complaint_offer_decide(offer=offer, actor=demo.staff[AGENT], wants_to_complain=False)


# Stage 1 --------------------------------------------------------------------------------------


def _damp(demo: _Stories) -> Complaint:
    """Stage 1, extended with a reason: an advice agency writes for Abdul Miah, and its consent
    covers this complaint only."""
    abdul = demo.residents["abdul"]
    complaint = demo.make(
        days_ago=8,
        at="09:30",
        reason=FROM_LETTER,
        channel=Channel.LETTER,
        resident=abdul,
        title="Damp and mould in the bedroom not put right — Flat 14, Salmon Court",
        description="Letter from East End Advice Centre for Abdul Miah: mould has come back "
        "twice since it was treated in the spring; his asthma is worse.",
        desired_outcome="The cause found and fixed, and the bedroom redecorated.",
    )
    _advice_agency_for(demo, abdul, complaint)
    demo.acknowledge(
        complaint,
        days_ago=6,
        points=[
            "The mould treatment in the spring did not last",
            "The effect on Mr Miah's asthma has not been taken into account",
        ],
        outcomes="The cause of the damp found and fixed; the bedroom redecorated",
    )
    services.complaint_extend(
        complaint=complaint,
        actor=demo.staff[OFFICER],
        working_days=10,
        reason="We need the specialist damp survey, booked for next week, to answer fully. "
        "Mr Miah and his adviser have been told, with the Housing Ombudsman's details.",
    )
    return complaint


def _advice_agency_for(demo: _Stories, abdul: Resident, complaint: Complaint) -> None:
    """The agency's consent covers this complaint only, so it is added once the reference is
    known; the letter's enclosure was the signed authority."""
    housing.representative_add(
        resident=abdul,
        actor=demo.staff[OFFICER],
        name="Rashida Karim",
        relationship=RepresentativeRelationship.ADVICE_AGENCY,
        organisation="East End Advice Centre",
        email="rashida.karim@example.org",
        consent_given_on=demo.ago(9, "12:00").date(),
        consent_method="Signed authority form enclosed with the letter",
        case_references=[complaint.reference],
        valid_until=demo.today + timedelta(days=180),
    )


def _contractor_conduct(demo: _Stories) -> Complaint:
    """Stage 1, acknowledged with its definition: a Deaf resident about a contractor's conduct
    (the person's name is for officers only)."""
    complaint = demo.make(
        days_ago=3,
        at="19:10",
        reason="Text received after closing; logged the next morning",
        channel=Channel.SMS,
        resident=demo.residents["paul"],
        title="Contractor's operative would not write things down — Flat 11, Repton House",
        description="The man who came about the bathroom fan shouted at me when I asked him to "
        "write down what he was saying. I am Deaf. He left without fixing it.",
        desired_outcome="An apology, and contractors told how to talk to Deaf residents.",
        about_conduct=True,
        conduct_subject="Eastway Building Services operative who attended on the fan repair",
    )
    demo.acknowledge(
        complaint,
        days_ago=2,
        points=[
            "The operative would not communicate in writing with a Deaf resident",
            "The fan was left unrepaired",
        ],
        outcomes="An apology; the fan repaired; contractors briefed on Deaf awareness",
    )
    return complaint


def _third_party(demo: _Stories) -> Complaint:
    """Stage 1: a neighbour who is not our resident, affected by our trees; letters to them are
    written by hand (the timeline says so)."""
    complaint = demo.make(
        days_ago=6,
        at="10:45",
        reason=FROM_LETTER,
        channel=Channel.LETTER,
        complainant=Complainant.THIRD_PARTY,
        third_party_name="Graham Whitfield",
        third_party_contact="22 Orchard Lane, London E10 7BQ",
        title="Estate trees lifting a neighbour's patio — Marsh Lane Estate",
        description="The roots of the plane trees on your estate have lifted my patio and "
        "cracked my garden wall. I wrote in the autumn and nobody replied.",
        desired_outcome="The trees surveyed and the damage to my wall and patio put right.",
    )
    demo.acknowledge(
        complaint,
        days_ago=4,
        points=[
            "Damage to Mr Whitfield's patio and wall from trees on the estate",
            "No reply to his letter in the autumn",
        ],
        outcomes="A tree survey; the damage repaired or paid for",
    )
    return complaint


def _restricted(demo: _Stories) -> Complaint:
    """Stage 1 for a resident under a contact restriction past its review date: the complaint
    is handled as any other; the restriction only changes how we are in touch."""
    resident = demo.neighbours("Teal Court", 1)[0]
    complaint = demo.make(
        days_ago=5,
        at="11:40",
        reason=FROM_CALL,
        channel=Channel.PHONE,
        resident=resident,
        title="Noise from the flat above not dealt with — Teal Court",
        description="The noise from upstairs goes on past midnight and your officer has done "
        "nothing about it in three months.",
        desired_outcome="The noise stopped and a named officer to deal with.",
    )
    demo.acknowledge(
        complaint,
        days_ago=3,
        points=["No action on reports of noise from the flat above over three months"],
        outcomes="Action on the noise; one named officer",
    )
    services.contact_restriction_record(
        resident=resident,
        actor=demo.staff[MANAGER],
        behaviour="Abusive and threatening calls to the contact centre, several a day.",
        evidence="Call recordings of 12 and 14 March; the agents' incident reports.",
        equality_act_consideration="No disability or other protected need is recorded or was "
        "raised; contact by email and one named officer keeps every route to us open.",
        arrangement="Contact by email, answered by one named officer within 2 working days.",
        starts_on=demo.today - timedelta(days=200),
        review_on=demo.today - timedelta(days=20),
    )
    return complaint


def _lift_for_amina(demo: _Stories) -> Complaint:
    """Stage 1 responded, upheld, inside the escalation window: Amina Hassan can escalate with
    one button. An action is outstanding with its owner and date, compensation was offered and
    accepted, and the upheld complaint has its root cause and learning actions."""
    complaint = demo.make(
        days_ago=12,
        at="09:05",
        reason=FROM_EMAIL,
        channel=Channel.EMAIL,
        resident=demo.residents["amina"],
        title="Lift out of service again, no updates — Heron House",
        description="The lift has broken down three times this year. My mother uses a walking "
        "frame and was stuck in the flat for nine days. Nobody told us when it would be fixed.",
        desired_outcome="The lift fixed properly, updates when it breaks, and an apology.",
    )
    demo.acknowledge(
        complaint,
        days_ago=11,
        points=[
            "The lift keeps breaking down",
            "Residents were not told when it would be fixed",
            "The needs of a resident who relies on the lift were not considered",
        ],
        outcomes="A lasting repair to the lift; updates during breakdowns; an apology",
    )
    _put_right_for_amina(demo, complaint)
    demo.answer(
        complaint,
        days_ago=2,
        decisions=[
            (
                "upheld",
                "The door operator failed three times; a part was replaced each time "
                "instead of the whole unit.",
            ),
            ("upheld", "We did not send updates during the breakdown in March."),
            ("upheld", "Mrs Warsame's reliance on the lift was recorded but not acted on."),
        ],
        explanation="We are sorry. The lift's door operator is worn out and will be replaced, "
        "and while the lift is out we will now call households who rely on it every day.",
        remedy="An apology; the door operator replaced; £150 for the distress and inconvenience.",
    )
    offer = complaint.compensations.get()
    services.compensation_record(
        compensation=offer, actor=demo.staff[OFFICER], status=CompensationStatus.ACCEPTED
    )
    services.root_cause_record(
        complaint=complaint,
        actor=demo.staff[OFFICER],
        root_cause="Lift repairs are booked part by part; nobody looks at the pattern of "
        "breakdowns, and residents' needs are not linked to communal repairs.",
    )
    for description, owner, days in (
        ("Flag residents who rely on a lift on every lift repair", MANAGER, 42),
        ("Review lifts with three or more breakdowns a year for full replacement", PLANNER, 60),
    ):
        services.learning_action_add(
            complaint=complaint,
            actor=demo.staff[OFFICER],
            description=description,
            owner=demo.staff[owner],
            due_on=demo.due_in(days),
        )
    return complaint


def _put_right_for_amina(demo: _Stories, complaint: Complaint) -> None:
    services.remedy_add(
        complaint=complaint,
        actor=demo.staff[OFFICER],
        kind=RemedyKind.APOLOGY,
        description="An apology for the breakdowns and for not keeping you informed.",
    )
    services.remedy_add(
        complaint=complaint,
        actor=demo.staff[OFFICER],
        kind=RemedyKind.ACTION,
        description="Replace the lift's door operator.",
        owner=demo.staff[PLANNER],
        due_on=demo.due_in(21),
    )
    services.compensation_offer(
        complaint=complaint,
        actor=demo.staff[OFFICER],
        amount="150",
        impact=Impact.ADVERSE,
        reason="Distress and inconvenience while the lift was out and you were not updated.",
    )


# Stage 2 --------------------------------------------------------------------------------------


def _defects_stage_2_requested(demo: _Stories) -> Complaint:
    """Stage 2 requested yesterday, not yet acknowledged."""
    complaint = demo.make(
        days_ago=30,
        at="14:00",
        reason=FROM_EMAIL,
        channel=Channel.EMAIL,
        resident=demo.residents["chloe"],
        title="New-build defects still not fixed — Aspen Court",
        description="Since I moved in, the balcony door lets water in and the extractor hood "
        "was never connected. I have reported both four times.",
        desired_outcome="Both defects fixed and a date for the work.",
    )
    demo.acknowledge(
        complaint,
        days_ago=28,
        points=["The balcony door lets water in", "The extractor hood was never connected"],
        outcomes="Both defects fixed, with a date",
    )
    demo.answer(
        complaint,
        days_ago=18,
        decisions=[
            (
                "partly_upheld",
                "The door is a defect; the developer accepted it but has not given a date.",
            ),
            ("not_upheld", "The hood was connected at handover; the fault is a tripped fuse."),
        ],
        explanation="We have asked the developer to fix the balcony door under the warranty.",
    )
    demo.escalate(
        complaint,
        days_ago=1,
        channel=Channel.PORTAL,
        reason="The developer still has not given a date for the balcony door.",
    )
    return complaint


def _large_print_stage_2(demo: _Stories) -> Complaint:
    """Stage 2 under review by a different officer: a daughter complains for her mother, as
    her representative."""
    margaret = demo.residents["margaret"]
    complaint = demo.make(
        days_ago=40,
        at="10:00",
        reason=FROM_LETTER,
        channel=Channel.LETTER,
        resident=margaret,
        complainant=Complainant.REPRESENTATIVE,
        representative=Representative.objects.get(resident=margaret, name="Susan Collins"),
        title="Letters not sent in large print — Flat 3, Kingfisher House",
        description="Susan Collins for her mother: Mum's letters keep coming in small print "
        "although you have recorded that she needs large print. She missed a gas safety visit.",
        desired_outcome="Every letter in large print, and the gas visit rebooked.",
    )
    demo.acknowledge(
        complaint,
        days_ago=38,
        points=["Letters were not sent in the large print we record Mrs Collins needs"],
        outcomes="Letters in large print; the gas visit rebooked",
    )
    demo.answer(
        complaint,
        days_ago=29,
        decisions=[
            (
                "partly_upheld",
                "Our main letters follow the format; the gas contractor's letters did not.",
            )
        ],
        explanation="The gas contractor prints its own letters; we have sent it Mrs Collins's "
        "format, and the visit is rebooked.",
    )
    demo.escalate(
        complaint,
        days_ago=10,
        channel=Channel.EMAIL,
        reason="Another small-print letter came last week.",
    )
    demo.acknowledge(
        complaint,
        days_ago=8,
        officer=REVIEWER,
        points=["Contractors' letters still do not follow Mrs Collins's recorded format"],
        outcomes="Every letter, ours or a contractor's, in large print",
    )
    return complaint


def _boiler_to_the_ombudsman(demo: _Stories) -> Complaint:
    """Final response, then the Housing Ombudsman: a determination with findings and orders,
    one complied with. Compensation offered, accepted and paid."""
    complaint = demo.make(
        days_ago=170,
        at="13:45",
        reason=FROM_EMAIL,
        channel=Channel.EMAIL,
        resident=demo.residents["nazma"],
        title="Three missed appointments for a boiler repair — Flat 7, Dunbar Court",
        description="The engineer failed to come three times and I took a day off work each "
        "time. We have a baby and no reliable hot water.",
        desired_outcome="The boiler fixed, and my lost wages paid.",
    )
    demo.acknowledge(
        complaint,
        days_ago=168,
        points=["Three missed appointments", "No reliable hot water for a family with a baby"],
        outcomes="The boiler fixed; lost wages paid",
    )
    demo.answer(
        complaint,
        days_ago=160,
        decisions=[
            ("upheld", "The engineer did not attend on three booked days."),
            ("not_upheld", "The boiler was repaired on the fourth visit."),
        ],
        explanation="We are sorry for the missed appointments; the boiler has been repaired.",
    )
    demo.escalate(
        complaint,
        days_ago=150,
        channel=Channel.EMAIL,
        reason="Nobody has offered anything for the three days off work.",
    )
    demo.acknowledge(
        complaint,
        days_ago=148,
        officer=REVIEWER,
        points=["No redress for three days of lost wages"],
        outcomes="Lost wages paid",
    )
    _final_with_payment(demo, complaint)
    _ombudsman(demo, complaint)
    return complaint


def _final_with_payment(demo: _Stories, complaint: Complaint) -> None:
    offer = services.compensation_offer(
        complaint=complaint,
        actor=demo.staff[REVIEWER],
        amount="250",
        impact=Impact.ADVERSE,
        reason="Three days of lost wages and the time and trouble of the missed appointments.",
    )
    demo.answer(
        complaint,
        days_ago=130,
        officer=REVIEWER,
        decisions=[("upheld", "Each missed appointment cost Ms Begum a day's pay.")],
        explanation="We should have offered redress at stage 1.",
        remedy="£250 for lost wages, time and trouble.",
    )
    for status in (CompensationStatus.ACCEPTED, CompensationStatus.PAID):
        services.compensation_record(compensation=offer, actor=demo.staff[REVIEWER], status=status)


def _ombudsman(demo: _Stories, complaint: Complaint) -> None:
    referral = services.ombudsman_referral_record(
        complaint=complaint,
        actor=demo.staff[REVIEWER],
        referred_at=demo.moment(100),
        ombudsman_reference="202512345",
    )
    referral = services.ombudsman_determination_record(
        referral=referral,
        actor=demo.staff[MANAGER],
        determined_at=demo.moment(12),
        findings=[
            ("The landlord's handling of the boiler repair", Finding.SERVICE_FAILURE),
            ("The landlord's complaint handling", Finding.MALADMINISTRATION),
        ],
        orders=[
            ("Pay the resident a further £200 for the complaint handling failures", 4),
            ("Review how repair appointments are booked and confirmed, and report back", 8),
        ],
    )
    services.ombudsman_order_comply(
        order=referral.orders.order_by("pk").first(),
        actor=demo.staff[MANAGER],
        evidence="Paid by bank transfer; remittance advice sent to the Ombudsman.",
    )


# Closed without a response ----------------------------------------------------------------


def _refused(demo: _Stories) -> Complaint:
    """Refused, with the policy's reason explained and a letter with the Ombudsman's details."""
    resident = demo.neighbours("Repton House", 1)[0]
    complaint = demo.make(
        days_ago=3,
        at="12:15",
        reason=FROM_LETTER,
        channel=Channel.LETTER,
        resident=resident,
        title="Disrepair in the kitchen — Repton House",
        description="My solicitor has told you about the disrepair in my kitchen. I want "
        "compensation for the damage to my things.",
        desired_outcome="Compensation for my damaged belongings.",
    )
    services.complaint_refuse(
        complaint=complaint,
        actor=demo.staff[OFFICER],
        exclusion=Exclusion.LEGAL_ACTION,
        explanation="Your solicitor filed a disrepair claim at the county court on the same "
        "matter; the court will decide it. The repairs themselves go on as a repair case.",
    )
    return complaint


def _withdrawn(demo: _Stories) -> Complaint:
    """Withdrawn once the bin store was cleared (told in Polish, by text)."""
    complaint = demo.make(
        days_ago=4,
        at="08:15",
        reason="Text read in the SMS inbox and translated before logging",
        channel=Channel.SMS,
        resident=demo.residents["agnieszka"],
        title="Bin store overflowing for two weeks — Lime Tree House",
        description="Rubbish has piled up in the bin store for two weeks, there are rats, and "
        "nobody has come. (Translated from Polish.)",
        desired_outcome="The bin store cleared and kept clean.",
    )
    demo.acknowledge(
        complaint,
        days_ago=3,
        points=["The bin store was not cleared for two weeks"],
        outcomes="The bin store cleared and kept clean",
    )
    services.complaint_withdraw(
        complaint=complaint,
        actor=demo.staff[OFFICER],
        reason="Ms Nowak withdrew it once the bin store was cleared and its door replaced; "
        "confirmed to her by text in Polish.",
    )
    return complaint


STORIES: tuple[Callable[[_Stories], Complaint | None], ...] = (
    _petition,
    _service_charge,
    _third_time_called,
    _declined_offer,
    _damp,
    _contractor_conduct,
    _third_party,
    _restricted,
    _lift_for_amina,
    _defects_stage_2_requested,
    _large_print_stage_2,
    _boiler_to_the_ombudsman,
    _refused,
    _withdrawn,
)


def open_demo_complaints(
    *, staff: dict[str, User], residents: dict[str, Resident], repairs: list[Case]
) -> list[Complaint]:
    """Tell every complaint story, in order; returns the complaints made."""
    demo = _Stories(staff, residents, repairs)
    return [c for story in STORIES if (c := story(demo)) is not None]
