"""Stage 0, raw: read one file a reader saved into seeds/ (a browser's text dump or saved HTML) into a `Page`.

Nothing here knows about tables: `ingest` turns bytes into text and says what is wrong with a file, `text_dump`
and `html_page` find the title, byline, date and body paragraphs, `page` holds the rules both share.
"""
