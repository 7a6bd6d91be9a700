"""Benchmarks (`make bench`): the tables stage on generated corpora (`tables`) and the book stage (`book`)."""
