"""Governance and evidence: the TSM return, the annual complaints report, the Code
self-assessment, the board dashboard, Ombudsman evidence packs and the public performance page,
all read straight from the operational record."""
