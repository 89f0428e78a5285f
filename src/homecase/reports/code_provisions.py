"""The Housing Ombudsman's Complaint Handling Code 2024 as data: one entry per provision, in the
order of the Code's sections 1-9, for the self-assessment.

Numbers follow the provisions table in `RULES.md`; each text is a short paraphrase, not the
Code's wording. A provision with a `measure` has a figure computed from the record
(`reports.selectors_self_assessment.MEASURES`); the others rest on the officer's evidence."""

from dataclasses import dataclass

SECTIONS = {
    1: "Definition of a complaint",
    2: "Exclusions",
    3: "Accessibility and awareness",
    4: "Complaint handling staff",
    5: "The complaint handling process",
    6: "Complaints stages",
    7: "Putting things right",
    8: "Self-assessment, reporting and compliance",
    9: "Scrutiny and oversight: continuous learning and improvement",
}


@dataclass(frozen=True)
class Provision:
    number: str
    text: str
    measure: str | None = None

    @property
    def section(self) -> int:
        return int(self.number.split(".")[0])

    @property
    def section_title(self) -> str:
        return SECTIONS[self.section]

    @property
    def sort_key(self) -> tuple[int, int]:
        section, item = self.number.split(".")
        return int(section), int(item)


PROVISIONS: tuple[Provision, ...] = (
    Provision(
        "1.2",
        "A complaint is an expression of dissatisfaction, however made, about the standard of "
        "service, actions or lack of action by the landlord, its staff or those acting on its "
        "behalf, affecting a resident or group of residents.",
    ),
    Provision(
        "1.3",
        "A resident need not use the word 'complaint'; whenever they express dissatisfaction "
        "they are offered the choice to make a complaint.",
        "offers",
    ),
    Provision(
        "1.4",
        "A service request is not a complaint, but service requests are recorded, monitored "
        "and reviewed.",
    ),
    Provision(
        "1.5",
        "Dissatisfaction with the response to a service request is taken as a complaint, and "
        "work on the request continues.",
        "about_service_requests",
    ),
    Provision(
        "2.1",
        "A complaint is accepted unless there is a valid reason not to.",
        "accepted",
    ),
    Provision(
        "2.2",
        "Each refusal is decided on its merits and evidenced; no blanket exclusions.",
    ),
    Provision(
        "2.3",
        "The complaints policy sets out the circumstances in which a complaint will not be "
        "considered (over 12 months old, legal proceedings, already considered).",
    ),
    Provision(
        "2.4",
        "A refusal is explained in writing with the resident's right to take it to the Ombudsman.",
        "refusal_letters",
    ),
    Provision(
        "2.5",
        "Discretion is used to accept complaints about older issues where there is good reason.",
    ),
    Provision(
        "3.1",
        "Complaints can be made through any channel and to any member of staff.",
        "channels",
    ),
    Provision(
        "3.2",
        "Residents may be represented, and reasonable adjustments under the Equality Act 2010 "
        "are recorded and kept under review.",
    ),
    Provision("4.1", "There is a named complaints officer (a person or team)."),
    Provision(
        "5.2",
        "The complaints process has exactly two stages.",
        "two_stages",
    ),
    Provision("5.3", "There is no 'stage 0' or informal complaint stage."),
    Provision(
        "5.6",
        "At logging and at escalation the complaint is defined: our understanding of it and "
        "the outcomes the resident seeks.",
        "definitions",
    ),
    Provision(
        "5.10",
        "Reasonable adjustments are recorded and reviewed throughout the complaint.",
    ),
    Provision(
        "5.12",
        "A full record is kept of each complaint and its outcome at each stage: the original "
        "complaint, the date received, correspondence and supporting documents.",
    ),
    Provision(
        "5.14",
        "Restrictions for unacceptable behaviour are evidenced and proportionate, with the "
        "Equality Act considered.",
    ),
    Provision("5.15", "Restrictions are kept under review.", "restrictions_reviewed"),
    Provision(
        "6.2",
        "Stage 1 complaints are acknowledged, defined and logged within 5 working days of receipt.",
        "stage1_acknowledge",
    ),
    Provision(
        "6.3",
        "The stage 1 response is sent within 10 working days of acknowledgement.",
        "stage1_respond",
    ),
    Provision(
        "6.4",
        "A stage 1 extension is no more than 10 working days without good reason.",
        "stage1_extension",
    ),
    Provision(
        "6.5",
        "When a stage 1 response is extended the reasons are explained and the Ombudsman's "
        "contact details given.",
    ),
    Provision(
        "6.6",
        "The response is sent when the answer is known, with outstanding actions tracked and "
        "the resident kept updated.",
    ),
    Provision(
        "6.7",
        "Every point of the complaint is addressed with reasons, citing policy, law or good "
        "practice.",
        "points_reasoned",
    ),
    Provision(
        "6.8",
        "Related points raised before the stage 1 response are folded in; others are logged "
        "as a new complaint.",
    ),
    Provision(
        "6.9",
        "The stage 1 letter sets out the stage, the definition, the decision, the reasons, the "
        "remedy, outstanding actions and how to escalate.",
    ),
    Provision(
        "6.10",
        "A complaint not resolved to the resident's satisfaction at stage 1 is progressed to "
        "stage 2 when they ask.",
    ),
    Provision(
        "6.11",
        "Stage 2 requests are acknowledged, defined and logged within 5 working days of the "
        "escalation request.",
        "stage2_acknowledge",
    ),
    Provision("6.12", "Residents are not asked to explain their reasons for escalating."),
    Provision(
        "6.13",
        "Stage 2 is considered by a different person from stage 1.",
        "stage2_different_officer",
    ),
    Provision(
        "6.14",
        "The final (stage 2) response is sent within 20 working days of acknowledgement.",
        "stage2_respond",
    ),
    Provision(
        "6.15",
        "A stage 2 extension is no more than 20 working days without good reason.",
        "stage2_extension",
    ),
    Provision(
        "6.16",
        "When a stage 2 response is extended the reasons are explained and the Ombudsman's "
        "contact details given.",
    ),
    Provision(
        "6.19",
        "The stage 2 letter sets out the same as stage 1, with how to go to the Ombudsman.",
    ),
    Provision(
        "7.1",
        "Where something has gone wrong we put it right: apology, acknowledgement, "
        "explanation, action, reconsidering a decision, amending a record, financial remedy or "
        "a change of policy.",
    ),
    Provision(
        "7.2",
        "Each remedy states what will happen and by when.",
    ),
    Provision(
        "7.3",
        "Remedies are followed through to completion.",
        "remedies_completed",
    ),
    Provision(
        "7.4",
        "Account is taken of the Ombudsman's remedies guidance.",
        "compensation_banded",
    ),
    Provision(
        "8.1",
        "An annual complaints performance and service improvement report is produced, with "
        "the self-assessment, performance analysis (including refused complaints), Ombudsman "
        "findings and service improvements.",
    ),
    Provision(
        "8.2",
        "The annual report goes to the governing body and is published with its response.",
    ),
    Provision(
        "8.3",
        "The self-assessment is carried out at least annually and after a merger, restructure "
        "or business-continuity event.",
        "self_assessment_current",
    ),
    Provision("9.1", "We learn from complaints to improve services.", "learning_actions"),
    Provision("9.2", "Complaints data is used to find themes and root causes.", "root_causes"),
    Provision("9.3", "A senior accountable lead is responsible for complaint handling."),
    Provision(
        "9.4",
        "A member of the governing body is the Member Responsible for Complaints.",
    ),
    Provision(
        "9.5",
        "The Member Responsible for Complaints receives regular information on volumes, "
        "categories, outcomes and performance.",
    ),
    Provision(
        "9.6",
        "The governing body sees compliance with Ombudsman orders.",
        "ombudsman_orders",
    ),
    Provision(
        "9.7",
        "Staff are encouraged and trained to handle complaints well, with a positive "
        "complaint-handling culture.",
    ),
)

BY_NUMBER: dict[str, Provision] = {provision.number: provision for provision in PROVISIONS}


def provision_get(number: str) -> Provision | None:
    """The provision with this number, or None."""
    return BY_NUMBER.get(number)
