"""The Zotero Web API backend: HTTP policy (``http``), local copy and journal (``cache``),
the :class:`~zsync.library.zotero.backend.ZoteroLibrary` itself (``backend``)."""
