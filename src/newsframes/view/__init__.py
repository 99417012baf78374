"""`newsframes view`: a self-contained HTML page to review one annotated article."""

from .page import render_page

__all__ = ["render_page"]
