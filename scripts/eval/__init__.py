"""Evaluation (`make eval`): the extraction scored against annotated corpora it was not written from."""
