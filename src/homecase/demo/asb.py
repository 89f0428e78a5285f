"""The demo's anti-social behaviour cases: one in every state, made through `asb.services` as the
portal, console and API make them.

The stories: drug use and people sleeping in the Heron House stairwell behind the broken door
entry system (the seed case's pattern, run the way the Ombudsman expected: no crime reference
asked for, a site visit, patrols asked of the safer neighbourhood team, a report to the police
on the victim's behalf with her consent, the door repair linked with its interim measures, a
neighbour's further report joined to the same case); noise from a neighbour just reported;
racist harassment flagged as a hate incident with a safeguarding referral; a first contact
missed; a case closed with the victim's view and her satisfaction; a case review asked for
after three reports in six months; a duplicate report joined to the case it is about; and a
case closed and reopened when the behaviour came back.
"""

from dataclasses import dataclass
from datetime import timedelta

from homecase.accounts.models import User
from homecase.asb.models import AsbCase, Partner, PartnerKind
from homecase.asb.services import (
    action_add,
    action_complete,
    asb_close,
    asb_join,
    asb_reopen,
    asb_report,
    case_review_request,
    contact_interval_agree,
    contact_record,
    crime_reference_record,
    diary_add,
    partner_response_record,
    repair_link,
    satisfaction_record,
)
from homecase.asb.services.intake import PersonInput
from homecase.common.time import now
from homecase.demo.cases import _Demo
from homecase.housing.models import Block, CommunalArea, Resident
from homecase.records.models import Channel
from homecase.repairs.models import Repair

OFFICER = "neighbourhood@homecase.example"
FROM_CALL = "Logged from the call recording"
FROM_EMAIL = "Email to the ASB inbox; logged the next working day"

PARTNERS = (
    ("Metropolitan Police: Leyton", PartnerKind.POLICE, "Waltham Forest", "101"),
    ("Leyton Safer Neighbourhood Team", PartnerKind.SAFER_NEIGHBOURHOOD, "Leyton", "020 8345 1234"),
    ("Waltham Forest Council ASB Team", PartnerKind.COUNCIL_ASB, "Waltham Forest", ""),
    ("Tower Hamlets Council ASB Team", PartnerKind.COUNCIL_ASB, "Tower Hamlets", ""),
    ("Victim Support East London", PartnerKind.VICTIM_SUPPORT, "East London", "0808 168 9111"),
    ("Tower Hamlets Adult Social Care", PartnerKind.SOCIAL_CARE, "Tower Hamlets", ""),
    ("Eastside Community Mediation", PartnerKind.MEDIATION, "East London", ""),
)


@dataclass(frozen=True)
class MadeAsb:
    cases: list[AsbCase]


class _Asb(_Demo):
    """The demo's people, places and partners, with the steps the ASB stories share."""

    def __init__(self, staff: dict[str, User], residents: dict[str, Resident], areas) -> None:
        super().__init__(staff, residents, areas)
        self.officer = staff[OFFICER]
        self.partners = _partners()

    def neighbour(self, resident: Resident, *, skip: int = 0) -> Resident:
        """Another resident of the same block (for a joined report, or the person blamed)."""
        others = Resident.objects.filter(home__block=resident.home.block).exclude(pk=resident.pk)
        return others.order_by("pk")[skip]

    def report(self, resident: Resident, *, days_ago: int = 0, at: str = "10:00", **fields):
        received = self.ago(days_ago, at) if days_ago else None
        channel = fields.pop("channel", Channel.PHONE)
        return asb_report(
            actor=self.officer if channel != Channel.PORTAL else resident.user,
            channel=channel,
            reporter=resident,
            received_at=received,
            backdate_reason=(FROM_EMAIL if channel == Channel.EMAIL else FROM_CALL)
            if received
            else "",
            **fields,
        ).asb

    def action(self, asb: AsbCase, kind: str, description: str, days: int, **fields):
        fields.setdefault("owner", None if "partner" in fields else self.officer)
        return action_add(
            asb=asb,
            actor=self.officer,
            kind=kind,
            description=description,
            due_on=self.today + timedelta(days=days),
            **fields,
        )


def _partners() -> dict[str, Partner]:
    made = {}
    for name, kind, area, phone in PARTNERS:
        made[name], _ = Partner.objects.get_or_create(
            name=name, defaults={"kind": kind, "area": area, "phone": phone}
        )
    return made


def _block(resident: Resident) -> Block:
    return resident.home.block


# The stories ------------------------------------------------------------------------------------


def _drugs_in_heron_house(demo: _Asb) -> AsbCase:
    """The seed case's ASB side, handled as the Ombudsman expected."""
    amina = demo.residents["amina"]
    asb = demo.report(
        amina,
        days_ago=1,
        at="19:40",
        description="Men are using drugs on the stairs and landings every night since the front "
        "door stopped locking. Two people have been sleeping by the bin store. I am scared to "
        "leave my flat after dark.",
        behaviours=["drugs", "squatting", "intimidation"],
        location="block",
        block=_block(amina),
        where_details="Stairs between the 2nd and 4th floors; the bin store",
        risk_answers={
            "unsafe_at_home": True,
            "repeated": True,
            "health_affected": True,
            "fear_of_reprisal": True,
        },
        perpetrators=[PersonInput(name="Not known: a group of three or four men")],
    )
    contact_record(
        asb=asb,
        actor=demo.officer,
        channel=Channel.PHONE,
        summary="Spoke to Ms Hassan with a Somali interpreter. Agreed a site visit, patrols and "
        "that we report to the police for her. She does not want to be named to the police.",
    )
    contact_interval_agree(asb=asb, actor=demo.officer, working_days=5)
    door = Repair.objects.filter(
        category="door_entry", case__communal_area__block=_block(amina)
    ).first()
    if door is not None:
        repair_link(asb=asb, actor=demo.officer, repair=door)
    visit = demo.action(
        asb,
        "site_visit",
        "Visit the stairs and bin store; check the temporary lock and lighting.",
        1,
        agreed_with_victim=True,
    )
    action_complete(
        action=visit,
        actor=demo.officer,
        outcome="Needles and foil found on the 3rd floor landing; removed by the caretaker. "
        "Bedding in the bin store. The temporary lock works but the door is often propped open.",
    )
    patrols = demo.action(
        asb,
        "patrols",
        "Ask for evening patrols of Heron House and the bin store.",
        7,
        partner=demo.partners["Leyton Safer Neighbourhood Team"],
        agreed_with_victim=True,
    )
    partner_response_record(
        action=patrols,
        actor=demo.officer,
        response="Patrols added on Thursday to Saturday evenings for four weeks.",
    )
    demo.action(
        asb,
        "police_report",
        "Report the drug use to the police for Ms Hassan, without naming her.",
        2,
        partner=demo.partners["Metropolitan Police: Leyton"],
        agreed_with_victim=True,
        victim_consent=True,
    )
    demo.action(
        asb,
        "speak_to_neighbours",
        "Door-knock floors 2 to 4: has anyone else seen it? Leave a card.",
        5,
        agreed_with_victim=True,
    )
    asb_report(
        actor=demo.officer,
        channel=Channel.PHONE,
        reporter=demo.neighbour(amina),
        description="People are injecting on the landing outside my door.",
        behaviours=["drugs"],
        location="block",
        block=_block(amina),
        join=asb,
    )
    diary_add(
        asb=asb,
        actor=amina.user,
        resident=amina,
        happened_at=now() - timedelta(hours=3),
        what_happened="Three men on the 3rd floor stairs again at 2am, shouting. The door was "
        "propped open with a brick.",
    )
    return asb


def _noise_just_reported(demo: _Asb) -> AsbCase:
    margaret = demo.residents["margaret"]
    return demo.report(
        margaret,
        channel=Channel.PORTAL,
        description="Loud music and banging from the flat above until 3am most nights.",
        behaviours=["noise"],
        location="home",
        home=margaret.home,
        risk_answers={"repeated": True, "health_affected": True},
        perpetrators=[PersonInput(resident=demo.neighbour(margaret))],
    )


def _racist_harassment(demo: _Asb) -> AsbCase:
    abdul = demo.residents["abdul"]
    asb = demo.report(
        abdul,
        days_ago=2,
        at="17:05",
        description="Racist words painted on our front door and shouted at my children on the "
        "way to school by a neighbour's sons.",
        behaviours=["hate", "harassment", "vandalism"],
        location="home",
        home=abdul.home,
        hate_incident=True,
        hate_motivations=["race", "religion"],
        hate_perceived_by="The victim and his wife",
        risk_answers={
            "targeted": True,
            "repeated": True,
            "threats_or_violence": True,
            "children": True,
            "safeguarding_concern": True,
        },
        perpetrators=[PersonInput(name="Two teenage boys from the same block")],
    )
    contact_record(
        asb=asb,
        actor=demo.officer,
        channel=Channel.VISIT,
        summary="Home visit: photographed the graffiti; agreed the police report, Victim "
        "Support and getting the door cleaned today.",
    )
    demo.action(
        asb,
        "police_report",
        "Report the hate incident to the police with the family's consent.",
        1,
        partner=demo.partners["Metropolitan Police: Leyton"],
        agreed_with_victim=True,
        victim_consent=True,
    )
    demo.action(
        asb,
        "victim_support",
        "Refer the family to Victim Support's hate crime service.",
        2,
        partner=demo.partners["Victim Support East London"],
        agreed_with_victim=True,
    )
    demo.action(asb, "warning_letter", "Warning letter to the household of the two boys.", 5)
    crime_reference_record(asb=asb, actor=demo.officer, crime_reference="CAD 6029/21NOV26")
    return asb


def _first_contact_missed(demo: _Asb) -> AsbCase:
    paul = demo.residents["paul"]
    return demo.report(
        paul,
        days_ago=6,
        at="11:20",
        channel=Channel.EMAIL,
        description="Cars are parked across the bin store and the fire exit every evening.",
        behaviours=["vehicles"],
        location="block",
        block=_block(paul),
        risk_answers={"repeated": True, "targeted": True, "health_affected": True},
    )


def _closed_resolved(demo: _Asb) -> AsbCase:
    agnieszka = demo.residents["agnieszka"]
    asb = demo.report(
        agnieszka,
        days_ago=15,
        at="09:10",
        description="Rubbish and old furniture dumped in the bin store every weekend.",
        behaviours=["rubbish"],
        location="block",
        block=_block(agnieszka),
    )
    contact_record(
        asb=asb,
        actor=demo.officer,
        channel=Channel.PHONE,
        summary="Agreed a letter to every flat and a camera check.",
    )
    letter = demo.action(
        asb,
        "warning_letter",
        "Letter to every flat about dumping; bulky waste collection details.",
        3,
        agreed_with_victim=True,
    )
    action_complete(action=letter, actor=demo.officer, outcome="Letters delivered to all 48 flats.")
    asb_close(
        asb=asb,
        actor=demo.officer,
        reason="resolved",
        victim_view="Ms Nowak says the bin store has been clear for three weekends and is "
        "happy for the case to close.",
    )
    return satisfaction_record(
        asb=asb, actor=agnieszka.user, resident=agnieszka, satisfaction=4, comment=""
    )


def _case_review_asked(demo: _Asb) -> AsbCase:
    delroy = demo.residents["delroy"]
    place = {"location": "block", "block": _block(delroy), "behaviours": ["noise", "intimidation"]}
    asb = demo.report(
        delroy,
        days_ago=40,
        at="20:15",
        description="Groups gathering in the entrance hall, shouting and kicking the doors.",
        risk_answers={"repeated": True, "unsafe_at_home": True},
        **place,
    )
    for days_ago, what in ((25, "They were back again, louder."), (8, "Still happening.")):
        asb_report(
            actor=demo.officer,
            channel=Channel.PHONE,
            reporter=delroy,
            description=what,
            received_at=demo.ago(days_ago, "21:00"),
            backdate_reason=FROM_CALL,
            join=asb,
            **place,
        )
    case_review_request(
        asb=asb,
        actor=delroy.user,
        resident=delroy,
        reason="I have reported this three times and nothing has changed.",
    )
    return asb


def _duplicate_joined(demo: _Asb) -> AsbCase:
    chloe = demo.residents["chloe"]
    area = demo.areas.get(("Aspen Court", "Bin store"))
    place = (
        {"location": "communal", "communal_area": area}
        if area
        else {
            "location": "block",
            "block": _block(chloe),
        }
    )
    first = demo.report(
        chloe,
        description="Someone keeps setting fire to the bins.",
        behaviours=["vandalism"],
        **place,
    )
    duplicate = demo.report(
        demo.neighbour(chloe),
        description="The bins were on fire again last night.",
        behaviours=["vandalism"],
        **place,
    )
    return asb_join(
        asb=duplicate,
        into=first,
        actor=demo.officer,
        reason="The same fires in the same bin store: one case.",
    )


def _reopened(demo: _Asb) -> AsbCase:
    nazma = demo.residents["nazma"]
    asb = demo.report(
        nazma,
        days_ago=20,
        at="13:30",
        description="A neighbour's dog is left barking on the balcony all day.",
        behaviours=["animals", "noise"],
        location="block",
        block=_block(nazma),
    )
    asb_close(
        asb=asb,
        actor=demo.officer,
        reason="no_further_incidents",
        victim_view="Ms Begum says it stopped after our letter; she agreed to close.",
    )
    return asb_reopen(
        asb=asb,
        actor=demo.officer,
        reason="Ms Begum rang: the barking started again this week.",
    )


STORIES = (
    _drugs_in_heron_house,
    _noise_just_reported,
    _racist_harassment,
    _first_contact_missed,
    _closed_resolved,
    _case_review_asked,
    _duplicate_joined,
    _reopened,
)


def open_demo_asb(
    *,
    staff: dict[str, User],
    residents: dict[str, Resident],
    areas: dict[tuple[str, str], CommunalArea],
) -> MadeAsb:
    """Make the demo's partners and ASB cases (inside the demo's transaction)."""
    demo = _Asb(staff, residents, areas)
    return MadeAsb(cases=[story(demo) for story in STORIES])
