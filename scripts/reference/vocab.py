"""The one vocabulary of the dossier: every status, confidence label, date precision, source kind and claim type the
record uses (read from the record's own data/reference/datapackage.json, where each value has its meaning), and the
verdicts the fact-check gives.  Charts, tables, the methods appendix and the validation all read them from here."""
from __future__ import annotations

import json
from functools import lru_cache

from scripts import paths


@lru_cache(maxsize=1)
def _descriptor() -> dict:
    return json.loads((paths.REFERENCE / "datapackage.json").read_text(encoding="utf-8"))


def field(resource: str, name: str) -> dict:
    """One field's descriptor from the record's datapackage.json."""
    for res in _descriptor()["resources"]:
        if res["name"] == resource:
            for f in res["schema"]["fields"]:
                if f["name"] == name:
                    return f
    raise KeyError(f"{resource}.{name} is not described in data/reference/datapackage.json")


def meanings(resource: str, name: str) -> dict[str, str]:
    """{value: what it means}, in the order the record defines them."""
    return {c["value"]: c["label"] for c in field(resource, name)["categories"]}


STATUS_MEANINGS = meanings("memberships", "status")
CONFIDENCE_MEANINGS = meanings("memberships", "confidence")
PRECISION_MEANINGS = meanings("memberships", "start_precision")
SOURCE_KIND_MEANINGS = meanings("sources", "kind")
SOURCE_READ_MEANINGS = meanings("sources", "read")
SOURCE_FORM_MEANINGS = meanings("sources", "form")
CLAIM_TYPE_MEANINGS = meanings("claims", "claim_type")

STATUSES = tuple(STATUS_MEANINGS)
CONFIDENCE = tuple(CONFIDENCE_MEANINGS)
PRECISIONS = tuple(PRECISION_MEANINGS)
SOURCE_KINDS = tuple(SOURCE_KIND_MEANINGS)
SOURCE_READ = tuple(SOURCE_READ_MEANINGS)
SOURCE_FORMS = tuple(SOURCE_FORM_MEANINGS)
CLAIM_TYPES = tuple(CLAIM_TYPE_MEANINGS)

# Full membership: a claim that a state "is a member" is right only for these.
FULL = frozenset({"founding member", "member"})
# Inside the bloc, or party to its founding instrument, but not (or no longer) taking full part as a member: a claim
# that such a state "is a member" is partly right, and naming or omitting it in a list of members is not an error.
LIMITED = frozenset({"participant", "associate", "suspended", "frozen", "withdrawn"})
STATE_KINDS = frozenset({"state", "de facto state"})
# A change of standing a sentence reports (scripts/derive/found.py reads them), as the verdicts and the book say it:
# "Iran joined the SCO", "Armenia froze its part in the CSTO".
CHANGE_PHRASES = {"joined": "joined", "left": "left", "suspended": "suspended its membership in",
                  "frozen": "froze its part in", "never_joined": "never joined"}

# The fact-check's verdicts, from best to worst standing, then the one that says nothing either way.
VERDICT_MEANINGS = {
    "consistent": "The record, on the date the claim speaks of, says what the claim says.",
    "partly right": "Part of the claim matches the record and part does not (the explanation says which).",
    "since overtaken": "Right on the date the claim speaks of, but no longer right when the record was last checked.",
    "contradicted": "The record, on the date the claim speaks of, says otherwise.",
    "unverifiable": "The record does not cover the claim, or its date cannot be settled.",
}
VERDICTS = tuple(VERDICT_MEANINGS)

assert FULL | LIMITED <= set(STATUSES), "FULL and LIMITED must be statuses of the record"
