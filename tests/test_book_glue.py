"""Numbers and words glued into the prose print exactly as computed (issue 8: the corpus chapter printed "(3, 340)
words" once a corpus had over 1,000 words with no leading zero in a group, because myst-nb reads a glued value's
text/plain with ast.literal_eval)."""
from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell
from myst_nb.core.variables import format_plain_text

from scripts.book import lab, render


@pytest.mark.parametrize("value, printed", [
    (2351, "2,351"), (1008, "1,008"), (12345678, "12,345,678"), (7, "7"), (2.5, "2.5"), (1200.0, "1,200"),
    ("1e5", "1e5"), ("0x10", "0x10"), ("None", "None"), ("[1]", "[1]"), ("'quoted'", "'quoted'"),
    ('He said "no"', 'He said "no"'), ("Russia's", "Russia's"), ("2014-04-24", "2014-04-24"), ("", ""),
])
def test_a_glued_value_prints_as_it_was_computed(value, printed, monkeypatch):
    glued = {}
    monkeypatch.setattr("myst_nb.glue", lambda name, obj, display=False: glued.setdefault(name, obj))
    render.say(x=value)
    bundle, _ = InteractiveShell.instance().display_formatter.format(glued["x"])
    assert format_plain_text(bundle["text/plain"], "") == printed  # what {glue:text} puts on the page
    assert lab.VALUES["x"] == printed  # what JupyterLab shows
