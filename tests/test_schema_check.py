"""The tables' check has a fast path (schema.clean, and schema.vouch in the workers): it may only ever say "sound"
where problems()' value-by-value reading finds nothing, whatever the tables hold."""
from __future__ import annotations

import csv
import io
import random

import pytest

from conftest import FIXTURES, SEEDS
from scripts.extract import schema
from scripts.extract import tables as build_tables

ODD_VALUES = ["", "abc", "-1", "0", " 1", "1.5", "2014-02-30", "2014-02-03", "x\ny", "true", "maybe", "html", "quote",
              "nested", "0" * 64, "1_0", "\u0661", "+3", "a\rb", "2014-02-03T00:00"]


def slow_problems(texts: dict) -> list[str]:
    """problems() without its fast path: every value read and reported."""
    original = schema.clean
    schema.clean = lambda *args, **kwargs: False
    try:
        return schema.problems(texts)
    finally:
        schema.clean = original


@pytest.fixture(scope="module")
def built():
    return [build_tables.build(folder)[0] for folder in (SEEDS, FIXTURES / "unseen", FIXTURES / "unseen-2")]


def _mutate(tables: build_tables.Tables, rng: random.Random) -> None:
    """One random change: a value replaced (by an odd one, or by another row's, which repeats keys), a row copied,
    dropped or widened, or one article's rows replaced by another's.  An article's chunks are vouched for again,
    as the worker that wrote them would."""
    name = rng.choice(list(schema.RESOURCES))
    rows = tables[name]
    if not rows:
        return
    cols = schema.columns(name)
    if name in build_tables.ARTICLE_TABLES:
        i = rng.randrange(len(rows))
        parsed = list(csv.reader(io.StringIO(rows[i])))
        other = list(csv.reader(io.StringIO(rows[rng.randrange(len(rows))])))
        op = rng.random()
        if op < 0.6 and parsed:
            r, c = rng.randrange(len(parsed)), rng.randrange(len(cols))
            parsed[r][c] = rng.choice(other)[c] if other and rng.random() < 0.5 else rng.choice(ODD_VALUES)
        elif op < 0.7 and parsed:
            parsed.append(list(rng.choice(parsed)))
        elif op < 0.8 and parsed:
            parsed.pop(rng.randrange(len(parsed)))
        elif op < 0.85 and parsed:
            parsed[rng.randrange(len(parsed))].append("extra")
        else:
            parsed = other
        rows[i] = build_tables.csv_rows(parsed)
        tables.vouched.facts[i] = schema.vouch({t: tables[t][i] for t in build_tables.ARTICLE_TABLES})
    else:
        rows = tables[name] = [dict(r) for r in rows]
        r, op = rng.randrange(len(rows)), rng.random()
        if op < 0.4:
            rows[r][rng.choice(cols)] = rng.choice(rows)[rng.choice(cols)]
        elif op < 0.9:
            rows[r][rng.choice(cols)] = rng.choice(ODD_VALUES)
        else:
            rows.pop(r)


def test_the_fast_check_never_passes_what_the_full_check_refuses(built):
    rng = random.Random(17)
    verdicts = {(True, True): 0, (False, False): 0, (False, True): 0}
    for _ in range(600):
        source = rng.choice(built)
        tables = build_tables.Tables({k: list(v) for k, v in source.items()})
        tables.vouched = schema.Vouched(source.vouched.tables, list(source.vouched.facts))
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            _mutate(tables, rng)
        texts = {n: build_tables.to_csv(n, r) for n, r in tables.items()}
        vouched = build_tables._vouched(tables, texts)
        assert vouched is not None
        sound = slow_problems(texts) == []
        for fast in (schema.clean(texts, vouched=vouched), schema.clean(texts)):
            assert not (fast and not sound), slow_problems(texts)
            verdicts[(fast, sound)] += 1
        assert (schema.problems(texts, vouched=vouched) == []) == sound
    # both kinds of tables were met, and the fast path answered for nearly all the sound ones
    assert verdicts[(True, True)] > 400 and verdicts[(False, False)] > 200
    assert verdicts[(False, True)] < verdicts[(True, True)] / 20


def test_the_workers_vouch_for_every_article_of_the_seeds(built):
    for tables in built:
        assert tables.vouched.tables == build_tables.ARTICLE_TABLES
        assert len(tables.vouched.facts) == len(tables["paragraphs"]) and None not in tables.vouched.facts
        texts = {n: build_tables.to_csv(n, r) for n, r in tables.items()}
        assert schema.clean(texts, vouched=build_tables._vouched(tables, texts))
