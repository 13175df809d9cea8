"""The upload page (pages/upload.py): checking a table and keeping it for the session.

``session`` (checking once per content, holding the upload), ``problems`` (a problem of
the table in the reader's language) and ``texts``. May import the
ui core and analysis; never another page's folder.
"""
