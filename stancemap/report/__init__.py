"""Reports of an analysis: terminal tables, one self-contained HTML file, Markdown and JSON."""

from .html_page import render_html, write_html
from .json import render_json, write_json, write_text
from .markdown import render_markdown, write_markdown
from .terminal import print_report

__all__ = [
    "print_report", "render_html", "render_json", "render_markdown",
    "write_html", "write_json", "write_markdown", "write_text",
]
