"""The plugin distribution: declared dependencies, the install guide, the changelog.

The wheel itself is built and installed into a fresh `wagtail start` project by
`.ci/plugin_check.py` (CI); these tests check, fast and without network, that what the
distribution declares and what PLUGIN.md tells a host site match what the apps use.
"""

import ast
import importlib.metadata
import importlib.util
import re
import sys
import tomllib
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.urls import URLResolver, get_resolver, include, path
from django.urls.resolvers import RegexPattern
from packaging.requirements import Requirement

from tests.test_plugin_boundary import PLUGIN_APPS, ROOT, imported_modules, plugin_modules, plugin_templates

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
GUIDE = (ROOT / "PLUGIN.md").read_text(encoding="utf-8")
WAGTAIL_START_SETTINGS = (
    Path(importlib.util.find_spec("wagtail").origin).parent
    / "project_template"
    / "project_name"
    / "settings"
    / "base.py"
)


def load_plugin_check():
    spec = importlib.util.spec_from_file_location("plugin_check", ROOT / ".ci" / "plugin_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PLUGIN_CHECK = load_plugin_check()


def declared():
    return {Requirement(line).name.lower(): Requirement(line) for line in PROJECT["dependencies"]}


def third_party_imports():
    """{top-level module: first place it is imported} over the plugin's code."""
    found = {}
    for app in PLUGIN_APPS:
        for module_path in plugin_modules(app):
            for name, line in imported_modules(module_path):
                top = name.split(".")[0]
                if not top or top in PLUGIN_APPS or top in sys.stdlib_module_names or top == "__future__":
                    continue
                found.setdefault(top, f"{module_path.relative_to(ROOT)}:{line}")
    return found


def distribution_of(top):
    names = importlib.metadata.packages_distributions().get(top, [])
    return names[0].lower() if names else None


def test_distribution_holds_only_the_plugin_apps():
    find = PYPROJECT["tool"]["setuptools"]["packages"]["find"]
    assert set(find["include"]) == {"procedures", "procedures.*", "cchc_pages", "cchc_pages.*"}
    assert PROJECT["name"] == "wagtail-cchc"
    assert re.fullmatch(r"\d+\.\d+\.\d+", PROJECT["version"])


def test_every_import_is_a_declared_dependency_or_one_of_theirs():
    """A host installs only what the wheel declares: every module the apps import must come with it."""
    requirements = declared()
    provided = set(requirements)
    for name in list(requirements):
        for line in importlib.metadata.requires(name) or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                provided.add(requirement.name.lower())
    missing = []
    for top, where in sorted(third_party_imports().items()):
        distribution = distribution_of(top)
        if distribution is None:
            missing.append(f"{top} ({where}) is not installed at all")
        elif distribution not in provided:
            missing.append(
                f"{top} ({where}) comes from {distribution}, which pyproject.toml does not declare"
            )
    assert not missing, "\n".join(missing)


def test_every_declared_dependency_is_imported():
    """No dependency a host would install for nothing (declare what the apps import, no more)."""
    imported = {distribution_of(top) for top in third_party_imports()}
    unused = sorted(name for name in declared() if name not in imported)
    assert not unused, "declared in pyproject.toml but imported by no plugin module: " + ", ".join(unused)


def test_installed_versions_lie_in_the_declared_ranges():
    """requirements.txt pins the versions the site runs; the plugin's ranges must include them."""
    outside = []
    for name, requirement in declared().items():
        version = importlib.metadata.version(name)
        if not requirement.specifier.contains(version, prereleases=True):
            outside.append(f"{name} {version} is outside {requirement.specifier}")
    assert not outside, "\n".join(outside)


def test_dependency_ranges_have_upper_bounds_for_frameworks():
    """Wagtail, Django and their add-ons break things in new major (Wagtail: minor) releases."""
    for name in ("django", "wagtail", "wagtail-localize", "django-import-export"):
        specifier = str(declared()[name].specifier)
        assert "<" in specifier and ">=" in specifier, name


def test_changelog_has_the_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{PROJECT['version']}]" in changelog
    assert "Semantic Versioning" in changelog
    assert "never edited" in changelog


# --- the install guide -----------------------------------------------------------------------


def guide_blocks():
    return PLUGIN_CHECK.guide_blocks(GUIDE)


def wagtail_start_installed_apps():
    tree = ast.parse(WAGTAIL_START_SETTINGS.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "INSTALLED_APPS":
            return ast.literal_eval(node.value)
    raise AssertionError("no INSTALLED_APPS in Wagtail's project template")


def host_settings():
    """Wagtail-start settings with the guide's settings block applied (twice: it must be idempotent)."""
    namespace = {
        "INSTALLED_APPS": wagtail_start_installed_apps(),
        "MIDDLEWARE": [
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
        ],
        "TEMPLATES": [{"OPTIONS": {"context_processors": ["django.template.context_processors.request"]}}],
    }
    block = guide_blocks()["settings"]
    exec(compile(block, "PLUGIN.md settings", "exec"), namespace)  # noqa: S102 — our own guide
    once = {key: repr(value) for key, value in namespace.items() if key.isupper()}
    exec(compile(block, "PLUGIN.md settings", "exec"), namespace)  # noqa: S102
    assert once == {key: repr(value) for key, value in namespace.items() if key.isupper()}
    return namespace


def test_guide_has_every_block_the_check_applies():
    assert set(PLUGIN_CHECK.GUIDE_BLOCKS) <= set(guide_blocks())


def test_guide_settings_block_sets_what_the_plugin_needs():
    settings = host_settings()
    installed = settings["INSTALLED_APPS"]
    assert len(installed) == len(set(installed))
    assert {"procedures", "cchc_pages", "wagtail_localize", "wagtail_localize.locales"} <= set(installed)
    middleware = settings["MIDDLEWARE"]
    assert middleware.index("django.middleware.locale.LocaleMiddleware") == (
        middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
    )
    assert settings["WAGTAIL_I18N_ENABLED"] is True
    assert settings["LANGUAGE_CODE"] == "vi"
    assert settings["WAGTAILSEARCH_BACKENDS"]["default"]["BACKEND"] == "procedures.searching.backend"
    assert importlib.util.find_spec(settings["WAGTAILSEARCH_BACKENDS"]["default"]["BACKEND"])


def app_of(module):
    """The Django app a module belongs to: the innermost package with an apps.py.

    Found from the files, not from this site's INSTALLED_APPS, so that an app the demo site
    happens not to install (e.g. wagtail.contrib.routable_page) is still seen.
    """
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError, LookupError):
            # LookupError: finding `a.b.Name` imports module `a.b`, and a backend module for another
            # database (modelsearch's SQLite one on PostgreSQL) looks up models it cannot find.
            continue
        for location in (spec.submodule_search_locations or []) if spec else []:
            if (Path(location) / "apps.py").exists():
                return name
    return None


def apps_the_plugin_uses():
    used = {}
    for app in PLUGIN_APPS:
        for module_path in plugin_modules(app):
            for name, line in imported_modules(module_path):
                app_name = app_of(name)
                if app_name is not None and app_name.split(".")[0] not in PLUGIN_APPS:
                    used.setdefault(app_name, f"{module_path.relative_to(ROOT)}:{line}")
    from django.template import engines

    libraries = engines["django"].engine.libraries  # name -> module path
    for app in PLUGIN_APPS:
        for template in plugin_templates(app):
            for match in re.finditer(r"{%\s*load\s+(.*?)%}", template.read_text(encoding="utf-8")):
                for library in match.group(1).split():
                    module = libraries.get(library)
                    app_name = app_of(module) if module else None
                    if app_name is not None and app_name.split(".")[0] not in PLUGIN_APPS:
                        used.setdefault(app_name, f"{template.relative_to(ROOT)} loads {library}")
    return used


# Apps with an apps.py that need no INSTALLED_APPS entry of their own.
NOT_AN_INSTALLED_APP = {
    "django.contrib.syndication",  # feed views only
    "modelsearch",  # wagtail.search is its app config (TECH_NOTES: never install both)
}


def test_guide_installs_every_app_the_plugin_uses():
    """An app the plugin imports from (or loads tags from) must be in a host's INSTALLED_APPS."""
    installed = set(host_settings()["INSTALLED_APPS"]) | NOT_AN_INSTALLED_APP
    missing = [
        f"{name} (used at {where})"
        for name, where in sorted(apps_the_plugin_uses().items())
        if name not in installed
    ]
    assert not missing, "PLUGIN.md's settings block does not install:\n" + "\n".join(missing)


def host_urlconf():
    """The URL patterns of a `wagtail start` project after the guide's urls block."""
    from wagtail import urls as wagtail_urls
    from wagtail.admin import urls as wagtailadmin_urls
    from wagtail.documents import urls as wagtaildocs_urls

    namespace = {
        "path": path,
        "include": include,
        "wagtail_urls": wagtail_urls,
        "urlpatterns": [
            path("admin/", include(wagtailadmin_urls)),
            path("documents/", include(wagtaildocs_urls)),
            path("search/", lambda request: None, name="search"),
        ],
    }
    exec(compile(guide_blocks()["urls"], "PLUGIN.md urls", "exec"), namespace)  # noqa: S102
    return URLResolver(RegexPattern(r"^/"), namespace["urlpatterns"])


def url_names_used():
    """(name, where) of every literal URL name the plugin reverses, in code and templates."""
    used = []
    for app in PLUGIN_APPS:
        for module_path in plugin_modules(app):
            tree = ast.parse(module_path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", getattr(node.func, "attr", ""))
                    in {"reverse", "reverse_lazy", "redirect"}
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                    and "/" not in node.args[0].value
                ):
                    used.append((node.args[0].value, f"{module_path.relative_to(ROOT)}:{node.lineno}"))
        for template in plugin_templates(app):
            text = template.read_text(encoding="utf-8")
            for match in re.finditer(r"""{%\s*url\s+["']([^"']+)["']""", text):
                line = text.count("\n", 0, match.start()) + 1
                used.append((match.group(1), f"{template.relative_to(ROOT)}:{line}"))
    return used


def name_exists(resolver, name):
    *namespaces, view_name = name.split(":")
    for namespace in namespaces:
        if namespace not in resolver.namespace_dict:
            return False
        resolver = resolver.namespace_dict[namespace][1]
    return view_name in resolver.reverse_dict


def test_guide_urls_give_every_url_name_the_plugin_reverses():
    """`{% url "x:y" %}` and reverse("x:y") in the plugin work in a host that follows the guide."""
    host = host_urlconf()
    site = get_resolver()
    missing = []
    for name, where in url_names_used():
        if name.startswith(
            ("wagtailadmin", "wagtailsnippets", "wagtaildocs", "wagtailimages", "wagtailsettings")
        ):
            continue  # Wagtail's admin URLs, there in every Wagtail site
        if not name_exists(host, name):
            in_site = " (the demo site has it)" if name_exists(site, name) else ""
            missing.append(f"{name} at {where}{in_site}")
    assert not missing, "URL names a host following PLUGIN.md does not have:\n" + "\n".join(missing)


def test_guide_urls_serve_the_short_addresses():
    host = host_urlconf()
    assert name_exists(host, "procedures:short_code")
    assert name_exists(host, "procedures:short_id")
    assert name_exists(host, "procedures_export:index_xlsx")


def test_guide_commands_exist_and_belong_to_the_plugin_or_wagtail():
    """The guide must not send a host to the demo site's own commands (e.g. load_demo_content)."""
    commands = get_commands()
    for line in guide_blocks()["commands"].splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        assert line.startswith("python manage.py "), line
        name = line.split()[2]
        assert name in commands, f"{name}: no such command"
        assert commands[name] not in {"home", "search", "config"}, (
            f"{name} comes from the site ({commands[name]})"
        )


@pytest.mark.parametrize(
    "name", ["import_procedures", "export_procedures", "load_cchc_demo", "erase_feedback_contacts"]
)
def test_documented_plugin_commands_come_from_the_plugin(name):
    assert f"manage.py {name}" in GUIDE
    app = get_commands().get(name)
    assert app in PLUGIN_APPS, f"{name} is provided by {app!r}"


def test_plugin_check_finds_guide_blocks_and_rejects_a_guide_without_them():
    blocks = PLUGIN_CHECK.guide_blocks(
        "<!-- plugin-check: settings -->\n```python\nX = 1\n```\n" * 1
        + "".join(
            f"<!-- plugin-check: {name} -->\n```\ny\n```\n"
            for name in PLUGIN_CHECK.GUIDE_BLOCKS
            if name != "settings"
        )
    )
    assert blocks["settings"] == "X = 1"
    with pytest.raises(PLUGIN_CHECK.CheckFailed):
        PLUGIN_CHECK.guide_blocks("no blocks here")


def test_plugin_check_reads_the_import_summary_line():
    numbers = PLUGIN_CHECK.counts("new 3, changed 3, unchanged 0, replaced 0, abolished 2, errors 0")
    assert numbers == {"new": 3, "changed": 3, "unchanged": 0, "replaced": 0, "abolished": 2, "errors": 0}
