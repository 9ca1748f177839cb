"""The plugin boundary: `procedures` and `cchc_pages` install into any Wagtail site.

They must not reach into the demo site (`home`, `config`, `search`, `site`), `procedures`
must not depend on `cchc_pages`, their templates may only extend the documented base
template and use what the plugin or its dependencies provide, and every setting of their
own is read with a default and documented in PLUGIN.md. See PLUGIN.md and issue 9.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import global_settings

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_APPS = ("procedures", "cchc_pages")
SITE_PACKAGES = ("home", "config", "search", "site")
# What each plugin app may not import, besides the site.
FORBIDDEN = {
    "procedures": SITE_PACKAGES + ("cchc_pages",),
    "cchc_pages": SITE_PACKAGES,
}
BASE_TEMPLATE = "base.html"
# String references allowed across the boundary, each with its reason. Keep this list short:
# an app contributes to another through hooks or settings (e.g. cchc_pages registers its
# search models with the hook register_procedures_search_models), not by being named.
SOFT_REFERENCES = set()


def plugin_modules(app):
    return sorted(p for p in (ROOT / app).rglob("*.py") if "__pycache__" not in p.parts)


def plugin_templates(app):
    return sorted(
        p
        for p in (ROOT / app / "templates").rglob("*")
        if p.is_file() and p.suffix in {".html", ".txt", ".xml"}
    )


def module_name(path):
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def imported_modules(path, source=None):
    """Absolute names of every module ``path`` imports, relative imports resolved."""
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.append((module, node.lineno))
            names.extend(
                (f"{module}.{alias.name}" if module else alias.name, node.lineno) for alias in node.names
            )
    return names


def dynamic_references(path, source=None):
    """String constants that name a site module or model: "home.HomePage", "search.views"…"""
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    pattern = re.compile(r"^(home|config|search|site|cchc_pages)(\.[A-Za-z_]\w*)+$")
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = pattern.match(node.value)
            if match and not node.value.endswith((".html", ".txt", ".css", ".js")):
                found.append((match.group(1), node.value, node.lineno))
    return found


def test_the_plugin_apps_exist():
    for app in PLUGIN_APPS:
        assert plugin_modules(app), app


@pytest.mark.parametrize("app", PLUGIN_APPS)
def test_no_import_crosses_the_plugin_boundary(app):
    violations = []
    for path in plugin_modules(app):
        for name, line in imported_modules(path):
            top = name.split(".")[0]
            if top in FORBIDDEN[app]:
                violations.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("app", PLUGIN_APPS)
def test_no_string_reference_to_site_models_or_modules(app):
    """E.g. parent_page_types = ["home.HomePage"] or import_string("search.views.x")."""
    violations = []
    for path in plugin_modules(app):
        for top, value, line in dynamic_references(path):
            relative = path.relative_to(ROOT).as_posix()
            if top in FORBIDDEN[app] and (relative, value) not in SOFT_REFERENCES:
                violations.append(f"{relative}:{line} names {value!r}")
    assert not violations, "\n".join(violations)


def test_boundary_check_catches_a_violation():
    """The checks above see a forbidden import, relative or absolute, and a model named in a string."""
    probe = ROOT / "procedures" / "models" / "probe.py"
    source = (
        "from home.models import HomePage\n"
        "import cchc_pages.models\n"
        "from ..text import fold\n"
        "PARENT = 'home.HomePage'\n"
    )
    names = [name for name, _ in imported_modules(probe, source)]
    assert "home.models" in names
    assert "cchc_pages.models" in names
    assert "procedures.text" in names
    assert [value for _, value, _ in dynamic_references(probe, source)] == ["home.HomePage"]


# --- templates -------------------------------------------------------------------------------

TAG = re.compile(r"{%\s*(extends|include|load|url)\s+(.*?)%}", re.S)


def template_tags(path):
    text = path.read_text(encoding="utf-8")
    for match in TAG.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        yield match.group(1), match.group(2).strip(), line


def plugin_template_names():
    names = set()
    for app in PLUGIN_APPS:
        for path in plugin_templates(app):
            names.add(path.relative_to(ROOT / app / "templates").as_posix())
    return names


def _site_library_names():
    names = set()
    for package in SITE_PACKAGES:
        folder = ROOT / package / "templatetags"
        if folder.is_dir():
            names.update(p.stem for p in folder.glob("*.py") if p.stem != "__init__")
    return names


def test_templates_extend_only_the_documented_base_or_their_own():
    own = plugin_template_names()
    violations = []
    for app in PLUGIN_APPS:
        for path in plugin_templates(app):
            for tag, argument, line in template_tags(path):
                if tag not in {"extends", "include"}:
                    continue
                literal = re.match(r"""^["']([^"']+)["']""", argument)
                if not literal:
                    continue  # a variable: the view decides
                name = literal.group(1)
                allowed = name in own or (tag == "extends" and name == BASE_TEMPLATE) or _third_party(name)
                if not allowed:
                    violations.append(f"{path.relative_to(ROOT)}:{line} {tag}s {name!r}")
    assert not violations, "\n".join(violations)


def _third_party(name):
    """A template that an installed dependency (Wagtail, Django, …) ships, not the site."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    try:
        origin = get_template(name).origin.name
    except TemplateDoesNotExist:
        return False
    return ".venv" in origin or "site-packages" in origin


def test_templates_load_no_site_tag_library():
    site_libraries = _site_library_names()
    violations = []
    for app in PLUGIN_APPS:
        for path in plugin_templates(app):
            for tag, argument, line in template_tags(path):
                if tag == "load":
                    libraries = set(argument.split()) - {"from"}
                    for library in sorted(libraries & site_libraries):
                        violations.append(f"{path.relative_to(ROOT)}:{line} loads {library!r}")
    assert not violations, "\n".join(violations)


def test_templates_use_no_site_url_or_site_setting():
    """`{% url "search:search" %}` or `settings.home.X` would break in a host site."""
    violations = []
    for app in PLUGIN_APPS:
        for path in plugin_templates(app):
            text = path.read_text(encoding="utf-8")
            for tag, argument, line in template_tags(path):
                if tag == "url" and re.match(r"""^["'](search|home|config):""", argument):
                    violations.append(f"{path.relative_to(ROOT)}:{line} reverses {argument.split()[0]}")
            for match in re.finditer(r"settings\.(home|search|config)\.", text):
                line = text.count("\n", 0, match.start()) + 1
                violations.append(f"{path.relative_to(ROOT)}:{line} reads site setting {match.group(0)}…")
    assert not violations, "\n".join(violations)


# --- settings --------------------------------------------------------------------------------


def settings_reads(path):
    """(name, has_default, line) for each `settings.X` and `getattr(settings, "X"[, d])`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    reads = []
    getattr_nodes = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and len(node.args) >= 2
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "settings"
            and isinstance(node.args[1], ast.Constant)
        ):
            reads.append((node.args[1].value, len(node.args) >= 3, node.lineno))
            getattr_nodes.add(id(node.args[0]))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "settings"
        ):
            if not node.attr.isupper():
                continue
            reads.append((node.attr, False, node.lineno))
    return reads


def test_plugin_settings_have_defaults_and_are_documented():
    """A host site that sets nothing must still work; every own setting is in PLUGIN.md."""
    guide = (ROOT / "PLUGIN.md").read_text(encoding="utf-8")
    django_defaults = {name for name in dir(global_settings) if name.isupper()}
    violations = []
    for app in PLUGIN_APPS:
        for path in plugin_modules(app):
            if "migrations" in path.parts:
                continue
            for name, has_default, line in settings_reads(path):
                where = f"{path.relative_to(ROOT)}:{line}"
                if name in django_defaults:
                    continue
                if not has_default:
                    violations.append(f"{where} reads settings.{name} without a default (use getattr)")
                elif not name.startswith("WAGTAIL") and name not in guide:
                    violations.append(f"{where} reads {name}, which PLUGIN.md does not document")
    assert not violations, "\n".join(violations)


SITE_SPECIFIC = re.compile(r"bà rịa|vũng tàu|ba ria|vung tau|brvt|baria", re.I)


def python_strings(path):
    """(line, text) of string constants in code, leaving out docstrings and help texts (examples)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "help_text":
            skipped.update(id(inner) for inner in ast.walk(node.value))
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
            yield node.lineno, node.value


@pytest.mark.parametrize("app", PLUGIN_APPS)
def test_no_hard_coded_province(app):
    """The province's name belongs in demo content, settings and help-text examples, not in code."""
    violations = []
    for path in plugin_modules(app) + plugin_templates(app):
        parts = set(path.relative_to(ROOT).parts)
        if parts & {"migrations", "demo_data"} or path.stem.startswith("demo"):
            continue
        if path.suffix == ".py":
            lines = python_strings(path)
        else:
            lines = enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for number, text in lines:
            if SITE_SPECIFIC.search(text):
                violations.append(f"{path.relative_to(ROOT)}:{number}: {text.strip()[:100]}")
    assert not violations, "\n".join(violations)
