"""The documentation points at things that exist: cited functions, and files it links to.

* Every citation written `path.py:Name` (or `path.py:Class.method`) in README.md and docs/*.md names
  a file of the repository and a function, class, method or module-level constant defined in it
  (read with ast, nothing imported).
* Every relative markdown link and image in README.md and docs/*.md points at a file or folder
  inside the repository (no link out of it, e.g. to a sibling folder of the checkout).
"""
import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
CITATION = re.compile(r"`([\w./-]+\.py):([A-Za-z_][\w.]*)`")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def defined_names(path):
    """Dotted names defined in a Python file: functions, classes, their methods, and module-level assignments."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()

    def visit(body, prefix):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(prefix + node.name)
                if isinstance(node, ast.ClassDef):
                    visit(node.body, prefix + node.name + ".")
            elif isinstance(node, ast.Assign) and not prefix:
                for target in node.targets:
                    for t in ast.walk(target):
                        if isinstance(t, ast.Name):
                            names.add(t.id)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(prefix + node.target.id)

    visit(tree.body, "")
    return names


def citations(text):
    return CITATION.findall(text)


def links(text):
    """Relative link targets of a markdown text (no URLs, no in-page anchors), without their #anchor."""
    out = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue
        out.append(target.split("#", 1)[0])
    return out


def test_citation_and_link_parsers_on_examples():
    text = ("`sim/model/aero.py:shelter_factor` and `sim/engine/crowd.py:CrowdEngine.step`; not `x.py` "
            "[a](docs/model.md#2-x) ![f](img/race.png) [web](https://example.org) [here](#top)")
    assert citations(text) == [("sim/model/aero.py", "shelter_factor"), ("sim/engine/crowd.py", "CrowdEngine.step")]
    assert links(text) == ["docs/model.md", "img/race.png"]


def test_defined_names_sees_functions_classes_methods_and_constants(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("A = 1\nB, C = 2, 3\nclass K:\n    x: int = 0\n    def m(self):\n        inner = 1\ndef f():\n    pass\n")
    assert defined_names(f) == {"A", "B", "C", "K", "K.x", "K.m", "f"}


def test_the_model_page_cites_the_code():
    found = citations((ROOT / "docs" / "model.md").read_text(encoding="utf-8"))
    assert len(found) > 50
    assert {p for p, _ in found} >= {"sim/model/aero.py", "sim/model/effort.py", "sim/model/energetics.py",
                                     "sim/model/environment.py", "sim/model/physiology.py",
                                     "sim/engine/runner.py", "sim/engine/crowd.py"}


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_cited_function_exists(doc):
    missing = []
    cache = {}
    for path, name in citations(doc.read_text(encoding="utf-8")):
        file = ROOT / path
        if not file.is_file():
            missing.append(f"{path}:{name} (no such file)")
            continue
        if path not in cache:
            cache[path] = defined_names(file)
        if name not in cache[path]:
            missing.append(f"{path}:{name} (not defined in {path})")
    assert not missing, f"{doc.name} cites what does not exist: " + "; ".join(missing)


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_link_points_inside_the_repository(doc):
    text = doc.read_text(encoding="utf-8")
    bad = []
    for target in links(text):
        resolved = (doc.parent / target).resolve()
        if not resolved.is_relative_to(ROOT):
            bad.append(f"{target} (outside the repository)")
        elif not resolved.exists():
            bad.append(f"{target} (no such file)")
    assert not bad, f"{doc.name} links to: " + "; ".join(bad)
    assert "../shared" not in text, f"{doc.name} refers to ../shared, which is not part of the repository"
