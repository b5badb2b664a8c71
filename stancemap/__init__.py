"""stancemap: who said what, when, about which side of a conflict."""

from .config import __version__

__all__ = ["__version__", "open"]


def open(db=None, read_only: bool = True):  # noqa: A001 - `stancemap.open(db)` reads like `open(file)`
    """Open a stancemap store for notebooks: `.statements()`, `.actors()`, `.analyze(conflict)`.

    Imported lazily so that `import stancemap` stays cheap for the CLI.
    """
    from .api import open_db

    return open_db(db, read_only=read_only)
