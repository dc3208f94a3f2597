"""The daily store (日汇总库): per grid and per worker, the inputs the figures of every day are
made from, kept in the dashboard's own app database and refreshed from the registry.

``store.build`` writes it (``python -m store refresh``, or the server's background thread,
``store.background``); ``store.reader`` answers ``data_access.daily`` from it, so the pages,
the commands and the brief compute the same figures from stored or live inputs alike.
"""
