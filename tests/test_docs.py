"""The command reference cannot drift: every command and option is documented, and docs/cli.md is generated."""

from __future__ import annotations

import re

import click
import pytest

from conftest import REPO, script_module

REGENERATE = "regenerate it with `.venv/bin/python scripts/gen_cli_docs.py > docs/cli.md` (or `make docs`)"


@pytest.fixture(scope="module")
def gen():
    return script_module("gen_cli_docs")


@pytest.fixture(scope="module")
def cli_md() -> str:
    path = REPO / "docs" / "cli.md"
    assert path.exists(), f"docs/cli.md is missing: {REGENERATE}"
    return path.read_text(encoding="utf-8")


def options(cmd: click.Command) -> list[click.Option]:
    return [p for p in cmd.params if isinstance(p, click.Option) and not p.hidden]


def flags(opt: click.Option) -> list[str]:
    return [f for f in [*opt.opts, *opt.secondary_opts] if f.startswith("-")]


def sections(text: str) -> dict[str, str]:
    """docs/cli.md split at its `## stancemap ...` headings."""
    parts = re.split(r"^## (stancemap[^\n]*)$", text, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_cli_md_is_the_generator_output(gen, cli_md):
    assert cli_md == gen.render(), f"docs/cli.md is out of date with the commands' --help: {REGENERATE}"


def test_every_command_and_option_is_in_cli_md(gen, cli_md):
    found = sections(cli_md)
    missing = []
    for path, cmd, _ in gen.commands():
        if path not in found:
            missing.append(path)
            continue
        missing.extend(f"{path} {flag}" for opt in options(cmd) for flag in flags(opt) if flag not in found[path])
    assert not missing, f"not documented in docs/cli.md: {', '.join(missing)}; {REGENERATE}"


def test_every_option_and_argument_has_help_that_says_something(gen):
    undocumented = []
    for path, cmd, ctx in gen.commands():
        if not (cmd.help or "").strip():
            undocumented.append(f"{path} (no docstring/help)")
        for opt in options(cmd):
            if "--help" in opt.opts:
                continue
            if len((opt.help or "").split()) < 2:
                undocumented.append(f"{path} {'/'.join(flags(opt))}")
        for arg in (p for p in cmd.params if isinstance(p, click.Argument)):
            if len((getattr(arg, "help", None) or "").split()) < 2:
                undocumented.append(f"{path} argument {(arg.name or '').upper()}")
        help_text = cmd.get_help(ctx)
        documented = re.findall(r"^  (\S+)  ", help_text.split("Arguments:")[-1], flags=re.M) if "Arguments:" in help_text else []
        for arg in (p for p in cmd.params if isinstance(p, click.Argument)):
            if not any((arg.name or "").upper() in d.upper() for d in documented):
                undocumented.append(f"{path} argument {(arg.name or '').upper()} (missing from --help)")
    assert not undocumented, "give these a help text that teaches: " + ", ".join(undocumented)


def code_in(markdown: str) -> list[str]:
    """The lines of fenced code blocks and the inline `code` spans of a Markdown text."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            out.append(line)
        else:
            out.extend(re.findall(r"`([^`]+)`", line))
    return out


def test_readme_names_only_real_commands_and_options(gen):
    """A command or flag shown as code in the README must exist, so examples never rot."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    known = {path: cmd for path, cmd, _ in gen.commands()}
    root_flags = {f for opt in options(known["stancemap"]) for f in flags(opt)}
    wrong = []
    for code in code_in(readme):
        code = code.split("#")[0]  # a shell comment is prose
        for m in re.finditer(r"(?<![\w/.-])stancemap ([a-z][a-z-]*)([^|;&]*)", code):
            path, rest = f"stancemap {m.group(1)}", m.group(2)
            if path not in known:
                wrong.append(path)
                continue
            allowed = {f for opt in options(known[path]) for f in flags(opt)} | root_flags
            wrong.extend(f"{path} {flag}" for flag in re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", rest)
                         if flag not in allowed)
    assert not wrong, f"README.md shows commands or options that do not exist: {', '.join(sorted(set(wrong)))}"


def test_readme_points_to_the_command_reference():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/cli.md" in readme, "README.md must link the generated command reference docs/cli.md"


def test_the_security_page_names_real_options(gen):
    """docs/security.md tells users how to change each limit: the options it names must exist."""
    page = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    known = {path: cmd for path, cmd, _ in gen.commands()}
    real = {f for path in ("stancemap ingest", "stancemap analyze", "stancemap export", "stancemap serve") for opt in options(known[path]) for f in flags(opt)}
    named = set(re.findall(r"(?<![\w-])(--[a-z][\w-]*)", page)) - {"--db"}
    assert named and named <= real, f"docs/security.md names options that do not exist: {sorted(named - real)}"
    assert {"--allow-private-addresses", "--allow-address", "--max-bytes", "--timeout"} <= named
