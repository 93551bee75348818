"""The package's parts are layers: a lower part never imports a higher one, and no two modules import each other.

Read from the source with ``ast``, imports inside functions included, so that a lazy import cannot hide a
dependency that goes the wrong way.
"""

import ast
from pathlib import Path

KG = Path(__file__).resolve().parent.parent / "kg"

# From the bottom up. The base modules serve every part; cli.py sits on top of all.
LAYERS = ["base", "store", "model", "query", "network", "extract", "analysis", "serve", "cli"]
BASE = {"errors", "vocab", "prefixes", "words", "datafiles", "options", "ontology", "__init__", "__main__"}


def part_of(module: str) -> str:
    """The part a module ``kg.x.y`` belongs to."""
    parts = module.split(".")[1:]
    if not parts or parts[0] in BASE:
        return "base" if not parts or parts[0] != "__main__" else "cli"
    return parts[0] if parts[0] in LAYERS else parts[0]


def imports(path: Path) -> set[str]:
    """Every kg module ``path`` imports, resolved to absolute names."""
    module = ".".join(path.relative_to(KG.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    if path.name == "__init__.py":
        module = package
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("kg"):
                found.add(target)
                found.update(f"{target}.{alias.name}" for alias in node.names
                             if (KG.parent / (target.replace(".", "/") + f"/{alias.name}.py")).exists())
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("kg"))
    return found


def modules():
    for path in sorted(KG.rglob("*.py")):
        name = ".".join(path.relative_to(KG.parent).with_suffix("").parts).removesuffix(".__init__")
        yield name, path


def test_every_module_is_in_a_known_part():
    for name, _ in modules():
        assert part_of(name) in LAYERS, f"{name} is in no part; add it to a folder or to BASE"


def test_lower_parts_never_import_higher_ones():
    wrong = []
    for name, path in modules():
        here = LAYERS.index(part_of(name))
        for target in imports(path):
            if target == "kg":
                continue
            there = LAYERS.index(part_of(target))
            if there > here:
                wrong.append(f"{name} ({part_of(name)}) imports {target} ({part_of(target)})")
    assert wrong == []


def test_no_two_modules_import_each_other():
    graph = {name: {t for t in imports(path) if t != name} for name, path in modules()}
    cycles = sorted({tuple(sorted((a, b))) for a, targets in graph.items() for b in targets if a in graph.get(b, ())
                     and not (a.endswith(b) or b.endswith(a))})
    assert cycles == [], cycles


def test_every_part_says_what_it_does_in_its_first_line():
    for folder in sorted(p for p in KG.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc and doc.splitlines()[0].endswith("."), f"kg/{folder.name}/__init__.py needs a one-line docstring"


def test_the_readme_layout_lists_every_part():
    readme = (KG.parent / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1]
    for part in LAYERS[1:-1]:
        assert f"{part}/" in layout, f"the README's Layout does not list kg/{part}/"
