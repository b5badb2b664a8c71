"""The terminal: a rich Console that never lets input text drive it.

Everything stancemap prints to a terminal goes through `SafeConsole`:

- control characters in any string (ESC, the C1 controls, bidi overrides) are shown as
  visible escapes (`\\x1b`) before layout, and again as a last guard just before the
  bytes are written, so no article, feed or file name can clear the screen, write the
  clipboard (OSC 52), retitle the window or plant a hidden hyperlink;
- emoji codes (`:warning:`) are never replaced;
- text that is not valid markup is printed as it is instead of raising MarkupError.

Strings from input must still be passed as `Text` (see `plain`) or escaped with
`rich.markup.escape`, so that `[link=...]` in a file name stays text.
"""

from __future__ import annotations

import os
from typing import Any, Iterable

from rich.console import Console
from rich.errors import MarkupError
from rich.segment import Segment
from rich.text import Text

from .safety import visible


PIPED_WIDTH = 160  # tables written to a file or a pipe: no terminal to fit, so no 80-column squeeze


class SafeConsole(Console):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("emoji", False)
        super().__init__(*args, **kwargs)
        if not self.is_terminal and "width" not in kwargs and not os.environ.get("COLUMNS"):
            self.width = PIPED_WIDTH

    def render_str(self, text: str, **kwargs: Any) -> Text:
        text = visible(text)
        try:
            return super().render_str(text, **kwargs)
        except MarkupError:
            kwargs["markup"] = False
            return super().render_str(text, **kwargs)

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        # Rich's own escape sequences travel as styles and control segments; any control
        # character left in a text segment came from input.
        return super()._render_buffer(
            segment if segment.control else Segment(visible(segment.text), segment.style, segment.control)
            for segment in buffer
        )


def plain(text: Any) -> Text:
    """Input text as a rich Text: never read as markup, control characters made visible."""
    return Text(visible("" if text is None else str(text)))


__all__ = ["SafeConsole", "plain"]
