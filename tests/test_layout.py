"""The package is a map of the pipeline: a stage imports only stages before it, and no module imports itself in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "stancemap"

# Pipeline order: a stage may import any stage to its left, never one to its right.
STAGES = ["config", "safety", "console", "records", "userfile", "english", "wordlists", "timespans", "store", "ingest", "nlp", "actors", "statements", "stance",
          "analysis", "report", "evaluate", "serve", "api", "cli", "__main__", "__init__"]


# Known exceptions, each with its reason; the list should only shrink.
ALLOWED = {
    ("stancemap.ingest.dateline", "stancemap.actors.kb"):
        "a dateline's city and country are read with the knowledge base's gazetteer (countries, capitals)",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every stancemap module this file imports, at the top or inside functions."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
                   for n in ast.walk(block)}  # imports for type checkers only never run
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
                # `from . import x` may name a submodule
                names = [f"{target}.{a.name}" for a in node.names] if not node.module else []
                out.update([target, *names])
            elif node.module and node.module.startswith("stancemap"):
                out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("stancemap"))
    return out


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {m: {t for t in _imports(p) if t in modules and t != m} for m, p in modules.items()}


def test_no_stage_imports_a_later_stage():
    wrong = []
    for module, targets in _graph().items():
        here = _stage(module)
        for target in targets:
            there = _stage(target)
            if here in STAGES and there in STAGES and STAGES.index(there) > STAGES.index(here) and there != "__init__":
                if (module, target) not in ALLOWED:
                    wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_every_stage_is_placed():
    assert {_stage(m) for m in _graph()} <= set(STAGES)


def test_no_import_circle():
    graph = _graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(path[path.index(nxt):] + [nxt]) if nxt in path else f"{node} -> {nxt}")
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_word_lists_are_data_and_each_is_read():
    """Every data/words.yaml list is a list of distinct words that some module of its stage reads."""
    import yaml

    for words_file in PACKAGE.rglob("data/words.yaml"):
        stage = words_file.parent.parent
        code = "\n".join(p.read_text(encoding="utf-8") for p in stage.glob("*.py"))
        for name, words in yaml.safe_load(words_file.read_text(encoding="utf-8")).items():
            assert isinstance(words, list) and all(isinstance(w, str) for w in words), (words_file, name)
            assert len(set(words)) == len(words), (words_file, name)
            assert f'"{name}")' in code, f"{words_file}: {name} is read by no module"


def test_the_page_reader_knows_no_abbreviation_the_sentence_splitter_does_not():
    """ingest's sentence starts in text dumps and nlp's glued-sentence splits read abbreviations alike."""
    from stancemap.wordlists import word_set

    assert word_set("stancemap.ingest", "abbreviations") <= word_set("stancemap.nlp", "abbreviations")


def test_every_data_file_of_the_package_is_shipped_in_it():
    """A file the code reads (word lists, the knowledge base, the shipped models, templates) must
    match a pattern of pyproject's package-data, or an installed wheel lacks it while an editable
    install, as the tests run, still finds it: the trained coder (coder.json.gz) once did."""
    import fnmatch
    import tomllib

    root = Path(__file__).resolve().parents[1]
    patterns = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["*"]
    files = [p for p in (root / "stancemap").rglob("*") if p.is_file() and p.suffix not in {".py", ".pyc"}]
    assert any(p.name == "coder.json.gz" for p in files)
    left_out = [str(p.relative_to(root)) for p in files if not any(fnmatch.fnmatch(p.name, pat) for pat in patterns)]
    assert left_out == []
