"""YAML files a user hands to stancemap (--kb, --conflict): read safely, checked against a
schema, and every problem reported as one line naming the file, the field and the problem.

- the read is bounded (MAX_BYTES) and only regular files are read;
- the text must be UTF-8 (a BOM is fine): a Latin-1 file is an error naming the byte;
- dates stay the text written (`2020-13-45` is a field error, not a crash in the parser);
- anchors and aliases may not expand the document beyond EXPANSION x its own size plus a
  small allowance, so a few hundred bytes of "billion laughs" are refused before any
  value is built, printed or compared;
- `validate` runs a pydantic model and turns its errors into `file: field: problem`.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any, TypeVar

import yaml

MAX_BYTES = 20_000_000
EXPANSION = 10  # aliases may make a document at most this many times larger than written ...
ALLOWANCE = 100_000  # ... plus this many characters
MAX_TEXT = 10_000  # characters in one name, alias, title or pattern


class UserFileError(ValueError):
    """A user file that cannot be used; the message names the file and the problem."""


class UserLoader(yaml.SafeLoader):
    """safe_load without timestamps: a date is the text written, checked by the schema."""


UserLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: str | os.PathLike, what: str = "file") -> str:
    """A user's text file, bounded and strictly UTF-8."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise UserFileError(f"{path}: no such {what}") from None
    except OSError as exc:
        raise UserFileError(f"{path}: cannot read the {what} ({exc.strerror or exc})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise UserFileError(f"{path}: is a folder, not a {what}" if stat.S_ISDIR(mode) else f"{path}: not a regular file")
    os.set_blocking(fd, True)
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise UserFileError(f"{path}: the {what} is over {MAX_BYTES:,} bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UserFileError(
            f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save the {what} as UTF-8"
        ) from None


def load_yaml(path: str | os.PathLike, what: str = "file") -> Any:
    """The parsed YAML document of a user file (None when empty)."""
    text = read_text(path, what)
    loader = UserLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expansion(node, len(text), path)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        where = f" (line {exc.problem_mark.line + 1}, column {exc.problem_mark.column + 1})" if exc.problem_mark else ""
        raise UserFileError(f"{path}: not valid YAML{where}: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise UserFileError(f"{path}: not valid YAML: {exc}") from None
    except RecursionError:
        raise UserFileError(f"{path}: nested too deeply") from None
    finally:
        loader.dispose()


def _check_expansion(root: yaml.Node, written: int, path: Any) -> None:
    """Refuse a document whose aliases expand it far beyond what was written (billion
    laughs) or that contains itself, before anything is built from it."""
    limit = EXPANSION * written + ALLOWANCE
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise UserFileError(f"{path}: an alias refers to a node that contains it (a recursive document)")
        open_nodes.add(key)
        if isinstance(node, yaml.ScalarNode):
            total = len(node.value) + 1
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(item) for item in node.value)
        else:
            total = 1 + sum(size(k) + size(v) for k, v in node.value)
        open_nodes.discard(key)
        if total > limit:
            raise UserFileError(
                f"{path}: anchors and aliases expand the document beyond {limit:,} characters "
                f"(it is {written:,} as written); write the values out instead"
            )
        sizes[key] = total
        return total

    size(root)


T = TypeVar("T")


def validate(model: Any, data: Any, path: Any) -> Any:
    """`model` (a pydantic model or TypeAdapter) applied to data; UserFileError listing up to
    five problems as `file: field: problem (got value)`."""
    from pydantic import TypeAdapter, ValidationError  # lazy for start-up: only a user file is validated

    adapter = model if isinstance(model, TypeAdapter) else TypeAdapter(model)
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False)[:5]:
            field = _field(error["loc"], data)
            got = error.get("input")
            shown = repr(got) if not isinstance(got, (dict, list)) or len(repr(got)) <= 60 else type(got).__name__
            if len(shown) > 60:
                shown = shown[:57] + "..."
            message = re.sub(r" or instance of \w+", "", error["msg"]).removeprefix("Value error, ")
            message = message[0].lower() + message[1:]
            problems.append(f"{field}: {message}" + ("" if error["type"] == "missing" else f" (got {shown})"))
        more = f" (and {exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
        raise UserFileError(f"{path}: " + "; ".join(problems) + more) from None


def _field(loc: tuple, data: Any) -> str:
    """A pydantic location as the user wrote it: actors[3] (Zarif).roles[0].since."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("name"), str) and node["name"].strip():
                out += f" ({node['name'][:40]})"
        elif isinstance(part, str) and not part.startswith(("function-", "list[", "str", "dict[", "tagged-union")):
            out += f".{part}" if out else part
            # a list written where the schema wraps it in a mapping (a KB that is a bare list of actors)
            node = node.get(part) if isinstance(node, dict) else node if isinstance(node, list) else None
    return out or "the document"


def text_value(value: Any) -> Any:
    """For a schema's BeforeValidator: numbers written unquoted (`since: 2020`, an alias `1984`)
    count as their text; anything else is left for the schema to judge."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def one_or_many(value: Any) -> Any:
    """For a schema's BeforeValidator: a single item (a name or a mapping) where a list is
    expected is a list of one; nothing is an empty list."""
    if isinstance(value, (str, dict)):
        return [value]
    return [] if value is None else value


def one_name_or_many(value: Any) -> Any:
    """As one_or_many, for a list of names: a single name is a list of one (a mapping is not)."""
    if isinstance(value, str):
        return [value]
    return [] if value is None else value


__all__ = ["MAX_TEXT", "UserFileError", "UserLoader", "load_yaml", "one_name_or_many", "one_or_many", "read_text", "text_value", "validate"]
