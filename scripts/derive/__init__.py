"""Stage 2, derive: the extracted tables + the reference record -> data/derived/ (verdicts on the articles' claims,
found claims, and the quotes and verdicts as schema.org JSON-LD), with their own datapackage.json.

`python -m scripts.derive --tables DIR --out DIR` is the command (`make derived`).
"""
