"""Enrichment of mapped items: code-link attachments (``links``) and tags (``tags``)."""
