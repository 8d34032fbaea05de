"""Scheduled team-library updates: profiles run non-interactively (``runner``), one writer per
library at a time (``lock``), reports people can read (``report_html``) and the snippets that
schedule a run (``schedule``)."""
