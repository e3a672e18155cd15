"""The package's shape (README: Layout): imports run one way, no cycles, pages go through ui and catalog only.

pages → ui → outputs → catalog → charts → analysis → queries / fmt / quantity / i18n / vocab / config / schema; ingest
stands beside them and only the commands and the admin page use it.
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["ui", "outputs", "catalog", "charts", "analysis", "base"]  # each may import only itself and those after it
BASE = {"queries", "fmt", "quantity", "i18n", "vocab", "config", "schema"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every shegong module a file imports (at the top or inside a function), as dotted names."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("shegong")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("shegong"):
            for a in node.names:  # `from shegong.catalog import tables` imports the module shegong.catalog.tables
                sub = f"{node.module}.{a.name}"
                found.add(sub if (ROOT / (sub.replace(".", "/") + ".py")).exists()
                          or (ROOT / sub.replace(".", "/") / "__init__.py").exists() else node.module)
    return found


def modules() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in (ROOT / "shegong").rglob("*.py")}


def layer(module: str) -> str:
    part = module.split(".")[1] if module.count(".") else ""
    return "base" if part in BASE or part == "" else part


def test_imports_run_one_way():
    wrong = []
    for mod, deps in modules().items():
        if layer(mod) in ("ingest", "__main__"):
            continue
        for dep in deps:
            if layer(dep) == "ingest" or (layer(dep) in LAYERS and LAYERS.index(layer(dep)) < LAYERS.index(layer(mod))):
                wrong.append(f"{mod} imports {dep}")
    assert not wrong, "\n".join(sorted(wrong))


def test_ingest_uses_only_the_base():
    wrong = [f"{m} imports {d}" for m, deps in modules().items() if layer(m) == "ingest"
             for d in deps if layer(d) not in ("ingest", "base")]
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_cycles():
    graph = {m: {d for d in deps if d != m and not m.startswith(d + ".")} for m, deps in modules().items()}
    cycles, seen = [], set()

    def visit(node, path):
        if node in path:
            cycles.append(" → ".join(path[path.index(node):] + [node]))
            return
        if node in seen:
            return
        seen.add(node)
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, path + [node])

    for m in sorted(graph):
        visit(m, [])
    assert not cycles, "\n".join(cycles)


def test_pages_call_ui_and_catalog_only():
    allowed = ("shegong.ui", "shegong.catalog", "shegong.i18n", "shegong.escape", "shegong.vocab", "shegong.config",
               "shegong.outputs")
    wrong = []
    for page in [ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py")]:
        extra = ("shegong.ingest",) if page.name == "admin.py" else ()  # the one page that writes
        for dep in imports(page):
            if dep != "shegong" and not dep.startswith(allowed + extra):
                wrong.append(f"{page.name} imports {dep}")
    assert not wrong, "\n".join(sorted(wrong))
