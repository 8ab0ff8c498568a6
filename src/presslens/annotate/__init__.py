"""Annotators: one file per kind of span, each registered with ``@component``.

Importing this package registers the built-in annotators. None ship yet: the
foundation produces structure (metadata, provenance, boilerplate, body); the
quotation, claim and persuasion annotators add their own modules here.
"""
