"""Measuring the extraction: `make eval` (python -m scripts.eval).

The harness runs the real extraction command on a corpus folder into a temporary tables folder and scores the
CSVs it writes (quotes.csv, articles.csv) against hand-made truth, so it measures exactly what a user gets.
corpora.py loads each corpus's truth into one shape, score.py matches and counts, __main__.py prints and writes
_build/eval/eval.json.
"""
