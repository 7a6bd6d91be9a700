"""Stage 1, extract: Pages -> the tidy tables in data/tables/ (articles, paragraphs, quotes, mentions, entities,
sources, ingest_log) and their datapackage.json.

`python -m scripts.extract --seeds DIR --tables DIR [--strict]` is the command (`make tables`); `gazetteer` finds
entity mentions, `quotes` finds quotations with speaker and intermediary, `schema` is the tables' contract.
"""
