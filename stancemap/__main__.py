"""`python -m stancemap`: the same command line as `stancemap`."""

from .cli import app

app()
