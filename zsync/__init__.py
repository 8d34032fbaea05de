"""zsync: paper digests in, a clean deduplicated Zotero library out.

The pipeline, one package or module per stage:

    sources/  parse a digest into :class:`~zsync.model.Entry` objects (plugins)
    mapping   turn entries into Zotero item JSON following ``mappings/*.toml``
    dedupe/   find entries that are the same paper, in the run and in the library
    enrich/   code-link attachments and tags
    library/  where items go: a local SQLite library or the Zotero Web API
    sync      plan what to create or update, then apply the plan
    cli/      the ``zsync`` command
"""

__version__ = "0.1.0"
