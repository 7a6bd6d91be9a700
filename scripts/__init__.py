"""The dossier's pipeline, one subpackage per stage, in the order the data flows:

    raw        seeds/ (saved pages, never edited) -> one Page per file             scripts.raw
    extract    Pages -> data/tables/ (articles, paragraphs, quotes, mentions...)   scripts.extract
    reference  data/reference/ (curated by hand, sourced): the record and its rules scripts.reference
    derive     tables + record -> data/derived/ (verdicts, found claims, JSON-LD)  scripts.derive
    book       chapters/ + all of the above -> _build/html                         scripts.book
    pdf        the book -> _build/pdf                                              scripts.pdf

`eval` measures the extraction against annotated corpora and `bench` times the stages.  A module may import from
its own stage and earlier ones, never from a later one; `paths` and `atomic` serve every stage.
"""
