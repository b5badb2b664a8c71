"""stancemap: who said what, when, about which side of a conflict."""

__version__ = "0.1.0"


def open(db=None, read_only: bool = True):  # noqa: A001 - `stancemap.open(db)` reads like `open(file)`
    """Open a stancemap store for notebooks: `.statements()`, `.actors()`, `.analyze(conflict)`.

    Imported lazily so that `import stancemap` stays cheap for the CLI.
    """
    from .api import open_db

    return open_db(db, read_only=read_only)
