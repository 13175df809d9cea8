"""The overview page (pages/overview.py): the year's headline, map and distribution.

``sections`` holds its cached sections, ``texts`` its texts. May import the ui core and
analysis; never another page's folder.
"""
