"""Readable reports of analysed articles (rich), kept out of the annotators: ``print_report(article)``."""

from presslens.render.report import print_report, render
from presslens.render.sections import SECTIONS, section

__all__ = ["SECTIONS", "print_report", "render", "section"]
