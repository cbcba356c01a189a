"""The house's shape, read from the source: short functions, imports at the top, no cycles."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["recommendations", "strategy", "scrutiny"]
PROJECT_PACKAGES = {*APPS, "bench", "tests"}
LONGEST_FUNCTION = 60


def python_files(*folders):
    """The project's own Python files under `folders`; generated migrations are left out."""
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(node, module, is_package):
    """The dotted names an import statement asks for, relative ones made absolute."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = module.split(".") if is_package else module.split(".")[:-1]
    if node.level:
        base = base[: len(base) - node.level + 1]
        target = ".".join([*base, node.module] if node.module else base)
    else:
        target = node.module
    return [target] + [f"{target}.{alias.name}" for alias in node.names]


def import_graph(paths):
    """Each module's imports of other modules in `paths`, at any depth of the file."""
    modules = {module_name(path): path for path in paths}
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text())
        graph[name] = {
            imported
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for imported in imported_names(node, name, path.name == "__init__.py")
            if imported in modules and imported != name
        }
    return graph


def find_cycle(graph):
    """One import cycle as a list of modules (first repeated at the end), or None."""
    done, path = set(), []

    def visit(module):
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        path.append(module)
        for imported in sorted(graph[module]):
            if cycle := visit(imported):
                return cycle
        path.pop()
        done.add(module)
        return None

    for module in sorted(graph):
        if cycle := visit(module):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle_and_only_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_apps_modules_import_one_another_without_a_cycle():
    graph = import_graph(python_files(*APPS))
    assert "recommendations.status" in graph["recommendations.paper.content"]
    assert find_cycle(graph) is None


def _is_import(node):
    return isinstance(node, ast.Import | ast.ImportFrom)


def _is_project_import(node):
    if isinstance(node, ast.ImportFrom) and node.level:
        return True
    return any(name.split(".")[0] in PROJECT_PACKAGES for name in imported_names(node, "", False))


def test_no_project_import_is_hidden_inside_a_function():
    hidden = [
        f"{path.relative_to(ROOT)}:{node.lineno} in {function.name}"
        for path in python_files(*PROJECT_PACKAGES)
        for function in ast.walk(ast.parse(path.read_text()))
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
        if _is_import(node) and _is_project_import(node)
    ]
    assert hidden == []


def test_timescales_imports_nothing_from_the_project():
    tree = ast.parse((ROOT / "recommendations" / "timescales.py").read_text())
    imports = [node for node in ast.walk(tree) if _is_import(node)]
    assert imports, "the parser found no imports at all"
    for node in imports:
        assert not _is_project_import(node), ast.unparse(node)


def test_no_function_is_longer_than_sixty_lines():
    long = []
    for path in [*python_files(*PROJECT_PACKAGES), ROOT / "manage.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > LONGEST_FUNCTION:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}, {length}")
    assert long == []


def _pins_queries(node):
    return isinstance(node, ast.With) and any(
        "num_queries" in ast.unparse(item.context_expr) for item in node.items
    )


def _requests_a_page(node):
    return any(
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr in ("get", "post")
        and "objects" not in ast.unparse(call.func.value)
        for call in ast.walk(node)
    )


def test_every_pinned_query_count_of_a_page_also_checks_it_answered():
    """`get_with_queries` asserts 200; a hand-made pin must check the status code itself."""
    unchecked = [
        f"{path.relative_to(ROOT)}:{block.lineno} in {function.name}"
        for path in python_files("tests")
        for function in ast.walk(ast.parse(path.read_text()))
        if isinstance(function, ast.FunctionDef)
        for block in ast.walk(function)
        if _pins_queries(block) and _requests_a_page(block)
        if "status_code" not in ast.unparse(function)
    ]
    assert unchecked == []


# The paper's own header prints the meeting date with a leading zero ("06 March 2008").
OWN_DATE_FORMATS = {"recommendations/paper/content.py"}


def test_long_dates_are_written_by_long_date_or_the_j_F_Y_filter():
    """6 March 2008 everywhere: timescales.long_date in Python, |date:"j F Y" in templates."""
    by_hand = [
        str(path.relative_to(ROOT))
        for path in python_files(*APPS)
        if "%B %Y" in path.read_text()
        and path.name != "timescales.py"
        and str(path.relative_to(ROOT)) not in OWN_DATE_FORMATS
    ]
    assert by_hand == []
    other_formats = [
        f"{path.relative_to(ROOT)}: {found}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for found in re.findall(r"\|date:[\"']([^\"']*F[^\"']*)[\"']", path.read_text())
        if not found.startswith("j F Y")
    ]
    assert other_formats == []
