"""The article view: `stance analyze --html`, one self-contained page per article.

``render_article_page`` and ``render_index`` are pure functions from analysis results to HTML
strings; ``write_pages`` (``stance.html.write``) puts them on disk.
"""

from stance.html.render import render_article_page, render_index

__all__ = ["render_article_page", "render_index"]
