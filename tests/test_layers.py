"""The layers of the house (DESIGN §2), arrows pointing down only, and no import cycles.

Every module of the project's packages is parsed with ``ast``; every import in it,
at module level or inside a function (an import moved into a function to dodge a
cycle is still an arrow), is checked.
"""

import ast
from pathlib import Path

from django.conf import settings

# Lowest first. A package imports its own modules and those of lower layers; the
# packages of one layer do not import each other. ``audit`` sits right above ``lib``:
# everything that logs sits above it, and it asks for no role (its pages ask for a
# permission that branches.backends grants by role; accounts spells roles for it).
LAYERS = [
    {"lib"},
    {"audit"},
    # notifications knows users only, so that any app above may notify.
    {"notifications"},
    {"branches"},
    {"members", "accounts"},
    {"shuangbao", "meetings", "dues"},
    # development (发展党员) reads the meetings' quorum, so it sits above meetings.
    # selfservice (members on /me/, notices) uses the 双报一领 writes, dues and the meetings' QR helper.
    {"assistance", "development", "appraisals", "selfservice"},
    {"dashboard", "village"},
    # The daily reminders and the jobs page read every app (and the dashboard's 待办 list).
    {"reminders", "jobs"},
    {"anren_registry"},  # settings, URLs, the demo data: the whole project
]
LAYER_OF = {package: index for index, layer in enumerate(LAYERS) for package in layer}
ROOT = Path(settings.BASE_DIR)


def _modules():
    """Dotted name → path of every module of the project's packages.

    Migrations are left out: they are the record of past states and name a callable
    where it lives today, whichever app held the model then (branches' first
    migration names meetings.models.meeting_attachment_path).
    """
    modules = {}
    for package in LAYER_OF:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


MODULES = _modules()


def _imports(path):
    """(line, dotted name) of each project module that ``path`` imports, wherever in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.append((node.lineno, submodule if submodule in MODULES else node.module))
    return [(line, name) for line, name in found if name.split(".")[0] in LAYER_OF]


def test_every_import_points_to_the_same_package_or_a_lower_layer():
    upward = []
    for module, path in MODULES.items():
        package = module.split(".")[0]
        for line, name in _imports(path):
            target = name.split(".")[0]
            if target != package and LAYER_OF[target] >= LAYER_OF[package]:
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert upward == []


def test_no_modules_import_each_other_in_a_circle():
    graph = {module: {name for _line, name in _imports(path) if name in MODULES} for module, path in MODULES.items()}
    # Tarjan's strongly connected components: any component of two or more is a cycle.
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    assert cycles == []


def test_an_import_inside_a_function_counts_like_any_other(tmp_path):
    """The audit log's models once spelled roles through ``from branches.roles import Role``
    inside a method, which only hid the arrow pointing up."""
    module = tmp_path / "module.py"
    module.write_text("import datetime\n\n\ndef spelled():\n    from branches.roles import Role\n")
    assert _imports(module) == [(5, "branches.roles")]
