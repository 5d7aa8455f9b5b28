"""The contributor guide (docs/contribuer.md) shows only what the tool does.

Its commands and their output, its error messages and their corrections are made at build
time by running the tool (fiches_engine.guide); these tests read the page as a reader gets it
and run again, by themselves, every command, example and claim it shows. None of them reads the
repository's fiches/: the commands run in a project of their own.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from fiches_engine import guide
from fiches_engine.corpus import KIND_BY_FOLDER, check_bytes
from fiches_engine.slugs import is_slug
from test_admin_github import SIGN_OUT

PAGE = ROOT / "docs" / "contribuer.md"
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.DOTALL | re.MULTILINE)


@pytest.fixture(scope="module")
def filled() -> str:
    return guide.fill(PAGE.read_text(encoding="utf-8"))


def blocks(markdown: str) -> list[tuple[str, str, int, int]]:
    """Every fenced block: language, body, start and end offsets."""
    return [(m[1], m[2], m.start(), m.end()) for m in BLOCK.finditer(markdown)]


def fiches(args: list[str], project: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env["PYTHONPATH"] = str(ROOT / "hooks")
    result = subprocess.run([sys.executable, "-m", "fiches_engine.cli", *args], cwd=project, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return result.stdout + result.stderr


def shown_line(shown: str) -> re.Pattern[str]:
    """A line as the page shows it: « … » stands for a duration, the only thing that varies."""
    return re.compile(".+?".join(re.escape(part) for part in shown.split("…")))


def test_every_marker_is_filled(filled: str) -> None:
    assert "<!--" not in filled
    assert "```bash\n.venv/bin/fiches new métier" in filled and "```bash\n.venv/bin/fiches check " in filled


def test_every_command_prints_what_the_page_shows(filled: str, tmp_path: Path) -> None:
    project = guide.new_project(tmp_path)
    found = blocks(filled)
    ran: list[str] = []
    for index, (lang, body, _, end) in enumerate(found):
        if lang != "bash":
            continue
        output = ""
        for line in body.splitlines():
            argv = shlex.split(line, comments=True)
            if argv[0] == "bash":  # installing and serving: the script is there, it is not run here
                assert len(argv) == 2 and (ROOT / argv[1]).is_file(), line
                continue
            assert argv[0] == ".venv/bin/fiches", f"the page shows a command that is not tested: {line}"
            output += fiches(argv[1:], project)
            ran.append(line)
        after = found[index + 1] if index + 1 < len(found) else None
        if output:
            assert after and after[0] == "text" and not filled[end:after[2]].strip(), "a command without its output"
            shown = after[1].splitlines()
            printed = output.rstrip("\n").splitlines()
            assert len(shown) == len(printed), (body, after[1], output)
            for want, got in zip(shown, printed):
                assert shown_line(want).fullmatch(got), (want, got)
    assert [line.split()[1] for line in ran] == ["new", "check"]
    assert (project / ran[1].split()[-1]).is_file(), "the file checked is the one `fiches new` made"


def test_every_error_example_shows_the_checkers_messages(filled: str) -> None:
    section = filled[filled.index("## Les erreurs et comment les corriger"):]
    found = blocks(section)
    examples = 0
    for (lang, body, _, _), nxt in zip(found, found[1:]):
        if lang != "yaml" or nxt[0] != "text":
            continue
        lines = [re.sub(r"^\s*\d+  ", "", line, count=1) for line in body.splitlines()]
        check = check_bytes(KIND_BY_FOLDER["metiers"], ("\n".join(lines) + "\nTexte.\n").encode(),
                            "fiches/metiers/exemple.md")
        assert [str(e) for e in check.errors] == nxt[1].splitlines()
        examples += 1
    assert examples == len(guide.EXAMPLES)


def test_every_correction_shown_is_accepted(filled: str) -> None:
    for title, wrong, _ in guide.EXAMPLES:
        section = filled[filled.index(f"### {title}\n"):]
        section = section[:section.index("\n### ", 1)]
        before = ["---", *wrong.splitlines(), "---"]
        if "Corrigé :\n\n```yaml\n" in section:
            shown = section.split("Corrigé :\n\n```yaml\n", 1)[1].split("```", 1)[0]
            lines = {int(n): text for n, text in re.findall(r"^\s*(\d+)  (.*)$", shown, re.MULTILINE)}
            whole = min(lines) == 1 and sorted(lines) == list(range(1, len(lines) + 1)) and lines[1] == "---"
            fixed = [lines[i] for i in sorted(lines)] if whole else [lines.get(i, b) for i, b in enumerate(before, 1)]
        else:
            removed = [int(n) for n in re.findall(r"\d+", section.split("Corrigé : ligne", 1)[1].split("\n")[0])]
            fixed = [line for i, line in enumerate(before, 1) if i not in removed]
        fixed_text = "\n".join(fixed)
        check = check_bytes(KIND_BY_FOLDER["metiers"], (fixed_text + "\nTexte.\n").encode(),
                            "fiches/metiers/exemple.md")
        assert [str(e) for e in check.errors] == [], (title, fixed_text)


def test_message_form_is_the_one_the_page_describes(filled: str) -> None:
    messages = [line for lang, body, _, _ in blocks(filled) if lang == "text" for line in body.splitlines()
                if line.startswith("fiches/")]
    assert len(messages) > 10
    for line in messages:
        assert re.fullmatch(r"fiches/[a-z]+/[a-z0-9-]+\.md:\d+: ([^ ]+ : )?[^\n]+\.( Astuce : .+)?", line), line


def test_the_hand_written_page_names_no_file_the_tool_did_not_make() -> None:
    raw = PAGE.read_text(encoding="utf-8")
    # file names of created fiches come from the commands' output only
    assert re.findall(r"fiches/[a-z]+/[^/\s`]+\.md", raw) == []
    names = re.findall(r"`([^`/\s]+)\.md`", raw)
    assert names and all(is_slug(name) for name in names), names


def test_the_example_fiche_is_valid_under_the_name_the_page_gives() -> None:
    raw = PAGE.read_text(encoding="utf-8")
    name, folder, url_name = re.search(r"`([a-z0-9-]+)\.md` donne la page\s+`/([a-z]+)/([a-z0-9-]+)/`", raw).groups()
    kind = KIND_BY_FOLDER[folder]
    assert kind.url(name) == f"{folder}/{url_name}/"
    example = next(body for lang, body, _, _ in blocks(raw) if lang == "yaml" and body.startswith("---\n"))
    check = check_bytes(kind, example.encode(), f"fiches/{folder}/{name}.md")
    assert [str(e) for e in check.errors] == []


def _front(value_line: str) -> list[str]:
    text = f"---\n{value_line}\nresume: Une définition du métier assez longue.\nsecteurs: [a]\n" \
           "competences: [b]\nqualites: [c]\n---\nTexte.\n"
    return [str(e) for e in check_bytes(KIND_BY_FOLDER["metiers"], text.encode(), "fiches/metiers/x.md").errors]


def test_the_yaml_traps_the_page_lists_are_refused_and_its_advice_accepted() -> None:
    raw = PAGE.read_text(encoding="utf-8")
    section = raw[raw.index("### Les pièges de YAML"):]
    bullets = re.findall(r"^- (.+?)(?=^- |^\n)", section, re.MULTILINE | re.DOTALL)
    assert len(bullets) == 4, "a new trap in the page needs its check here"

    def tokens(text: str) -> list[str]:
        return [a or b for a, b in re.findall(r"`` (.+?) ``|`([^`]+)`", text)]

    words, numbers, starts, tabs = bullets
    assert "oui/non" in words and "octal" in numbers and "guillemets" in starts and "tabulations" in tabs
    for token in tokens(words) + tokens(numbers):
        assert _front(f"titre: {token}"), f"titre: {token} is accepted, the page says it is not"
        assert _front(f'titre: "{token}"') == [], token
    inside, *firsts = tokens(starts)
    assert inside == ": " and len(firsts) == 7
    assert _front("titre: Lieu : Lalbenque")
    for char in firsts:
        assert _front(f"titre: {char}Lalbenque et environs"), char
        assert _front(f'titre: "{char}Lalbenque et environs"') == [], char
    assert _front("titre: Test\nformation:\n\tniveau: bac")
    advice = re.search(r"Dans le doute, mettez la valeur entre guillemets droits : `(.+?)`", section)[1]
    assert _front(advice) == []


def test_the_online_form_section_says_what_the_editor_does_with_the_token() -> None:
    """The token's part of « Le formulaire en ligne » names what the form shows and takes: Decap's
    sign-out (the item the browser test clicks), the tokens the sign-in page takes and refuses
    (admin/connexion.js), and where GitHub revokes one."""
    raw = PAGE.read_text(encoding="utf-8")
    section = " ".join(raw.split("\n## Le formulaire en ligne\n", 1)[1].split("\n## ", 1)[0].split())
    script = (ROOT / "admin" / "connexion.js").read_text(encoding="utf-8")
    taken = re.search(r'const FINE_GRAINED = "([^"]+)"', script)[1]
    assert f"**{SIGN_OUT}**" in section
    assert f"`{taken}`" in section and "`ghp_`" in section and 'token.startsWith("ghp_")' in script
    for said in ("90 jours au plus", "Only select repositories", "*Contents* et *Pull requests* en *Read and write*",
                 "**Settings › Developer settings › Personal access tokens › Fine-grained tokens**", "**Delete**",
                 "ordinateur partagé"):
        assert said in section, said
