"""The curated record (data/reference/, kept by hand, every row sourced): dated bloc memberships, events, coded
claims and the sources they rest on, with the one set of rules for reading it.

`record` loads the tables and answers "who was in which bloc on a date" (the one half-open `in_force` rule);
`vocab` is the one vocabulary (statuses, confidence labels, precisions, source kinds, verdicts, with meanings);
`validate` checks the record against its datapackage.json and the domain rules (`python -m scripts.reference`).
Every later stage asks here; nothing here knows about an article's text beyond the paragraph a claim cites.
"""
from scripts.reference.record import (  # noqa: F401  (the query API: scripts.reference.members, ...)
    RECORD_DATE, blocs_of, checked_date, history, in_force, lineage, load_reference, members, memberships,
    read_csv, split_ids, status_on, strength,
)
from scripts.reference.validate import validate  # noqa: F401
