"""The editors' tools show the messages of one implementation: `fiches check`.

VS Code's task (read from .vscode/tasks.json, its output parsed with its own problem matcher),
pre-commit (a real `git commit` with the hook installed) and the GitHub check (the command of
.github/workflows/pr.yml, its `::error` annotations) are run on the same broken fiche in a
temporary git repository holding the test corpus tests/fixtures/base/fiches, and must report the
same (file, line, message) set. The repository's own fiches/ is never read.

The project's command is reached through a `.venv/bin` made in the temporary repository, linking to
the commands installed next to the Python running the tests (the project's .venv here, the runner's
Python on GitHub), and PATH does not hold them: nothing is activated.

docs/outils-editeur.md is checked the same way: every command of its ```bash blocks that starts
with `fiches`, `.venv/bin/fiches`, `scripts/fiches` or `.venv/bin/pre-commit` is run, in order, in
a temporary project, and a ```text block shows the output of the last command of the ```bash block
before it (each of its lines, in order, is a line of that output; « … » stands for what varies).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BASE_CONTENT = ROOT / "tests" / "fixtures" / "base" / "fiches"
TASKS = ROOT / ".vscode" / "tasks.json"
PRE_COMMIT_CONFIG = ROOT / ".pre-commit-config.yaml"
PAGE = ROOT / "docs" / "outils-editeur.md"
WORKFLOW = ROOT / ".github" / "workflows" / "pr.yml"
CHECK_LABEL = "Vérifier les fiches"
NEW_LABEL = "Nouvelle fiche"


def installed(name: str) -> Path:
    """A console script installed with the project, next to the Python that runs the tests."""
    for folder in (Path(sysconfig.get_path("scripts")), Path(sys.executable).parent):
        if (folder / name).is_file():
            return folder / name
    found = shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return Path(found)


def clean_env(home: Path) -> dict[str, str]:
    """The environment of someone who has activated nothing, outside GitHub Actions."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "GITHUB_", "PRE_COMMIT", "RUNNER_"))
           and k not in {"VIRTUAL_ENV", "CI", "PYTHONHOME", "PYTHONPATH"}}
    scripts = installed("fiches").parent
    system = {Path(p) for p in ("/bin", "/usr/bin", "/usr/local/bin", "/sbin", "/usr/sbin")}
    if scripts not in system:  # the project's commands are not on PATH: nothing is activated
        env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                      if p and Path(p) != scripts)
    env.update({
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
        "PRE_COMMIT_HOME": str(home / "pre-commit-cache"), "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1", "LC_ALL": "C.UTF-8",
    })
    return env


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, check=False, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def git(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = run(["git", *args], repo, env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def make_project(dest: Path, env: dict[str, str]) -> Path:
    """A git repository with what the tools need, the base test corpus, and a .venv/bin of links."""
    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copy2(PRE_COMMIT_CONFIG, dest / ".pre-commit-config.yaml")
    shutil.copytree(ROOT / "scripts", dest / "scripts")
    shutil.copytree(ROOT / ".vscode", dest / ".vscode")
    shutil.copytree(BASE_CONTENT, dest / "fiches")
    (dest / ".gitignore").write_text("/.venv\n", encoding="utf-8")
    venv_bin = dest / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    for name in ("fiches", "pre-commit"):
        (venv_bin / name).symlink_to(installed(name))
    git(dest, env, "init", "--quiet", "--initial-branch=main")
    git(dest, env, "config", "user.name", "Test")
    git(dest, env, "config", "user.email", "test@example.org")
    git(dest, env, "config", "commit.gpgsign", "false")
    git(dest, env, "add", "--all")
    git(dest, env, "commit", "--quiet", "-m", "Départ")
    return dest


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return clean_env(tmp_path)


@pytest.fixture
def project(tmp_path: Path, env: dict[str, str]) -> Path:
    return make_project(tmp_path / "projet", env)


@pytest.fixture
def hooked(project: Path, env: dict[str, str]) -> Path:
    """The project with pre-commit installed as its documentation says."""
    result = run([".venv/bin/pre-commit", "install"], project, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / ".git" / "hooks" / "pre-commit").is_file()
    return project


# ---------------------------------------------------------------------------------------------
# What each tool runs and how its output is read

def load_tasks() -> dict:
    return json.loads(TASKS.read_text(encoding="utf-8"))  # plain JSON, no comments


def task(label: str) -> dict:
    matches = [t for t in load_tasks()["tasks"] if t["label"] == label]
    assert len(matches) == 1, label
    return matches[0]


def matcher_regexp() -> tuple[re.Pattern[str], dict]:
    """The problem matcher's pattern as Python reads it (simple JavaScript regexps read the same)."""
    pattern = task(CHECK_LABEL)["problemMatcher"]["pattern"]
    source = pattern["regexp"]
    assert "(?<" not in source and "\\k<" not in source, "no JavaScript-only syntax"
    return re.compile(source), pattern


Triple = tuple[str, int, str]


def problems(output: str) -> set[Triple]:
    """(file, line, message) of each output line, as VS Code's problem matcher reads it."""
    regexp, pattern = matcher_regexp()
    found = set()
    for line in output.splitlines():
        match = regexp.search(line)
        if match:
            found.add((match.group(pattern["file"]), int(match.group(pattern["line"])),
                       match.group(pattern["message"])))
    return found


def task_command(label: str, workspace: Path, inputs: dict[str, str] | None = None) -> list[str]:
    """The task's command line as VS Code would run it on Linux: ${workspaceFolder}, ${input:…}."""
    spec = task(label)
    assert spec["type"] == "process", "no shell: arguments are passed as they are, on every system"

    def expand(text: str) -> str:
        text = text.replace("${workspaceFolder}", str(workspace))
        return re.sub(r"\$\{input:(\w+)\}", lambda m: (inputs or {})[m.group(1)], text)

    assert "${" not in spec["options"]["cwd"].replace("${workspaceFolder}", "")
    return [expand(spec["command"]), *(expand(a) for a in spec["args"])]


def run_task(label: str, workspace: Path, env: dict[str, str], inputs: dict[str, str] | None = None,
             ) -> subprocess.CompletedProcess[str]:
    cwd = Path(task(label)["options"]["cwd"].replace("${workspaceFolder}", str(workspace)))
    return run(task_command(label, workspace, inputs), cwd, env)


def ci_command(workspace: Path) -> list[str]:
    """The fiches step of the pull request workflow; `fiches` is the command pip installed."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job.get("steps", [])
             if s.get("name") == CHECK_LABEL]
    assert len(steps) == 1
    argv = shlex.split(steps[0]["run"])
    assert argv[:2] == ["fiches", "check"] and "github" in argv, argv
    return [str(workspace / ".venv" / "bin" / "fiches"), *argv[1:]]


def _unescape(text: str, prop: bool) -> str:
    if prop:
        text = text.replace("%3A", ":").replace("%2C", ",")
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def annotations(output: str) -> set[Triple]:
    """(file, line, message) of each `::error` workflow command, the title's key put back in front
    of the message as the text line has it (title « Fiche : clé », message « … Astuce : … »)."""
    found = set()
    for line in output.splitlines():
        match = re.fullmatch(r"::error (?P<props>[^:]*)::(?P<message>.*)", line)
        if not match:
            continue
        props = dict(p.split("=", 1) for p in match.group("props").split(","))
        props = {k: _unescape(v, prop=True) for k, v in props.items()}
        message = _unescape(match.group("message"), prop=False)
        title = props["title"]
        assert title == "Fiche" or title.startswith("Fiche : "), title
        if title != "Fiche":
            message = f"{title.removeprefix('Fiche : ')} : {message}"
        found.add((props["file"], int(props["line"]), message))
    return found


def commit(repo: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    return run(["git", "commit", "-m", message], repo, env)


def commit_count(repo: Path, env: dict[str, str]) -> int:
    return int(git(repo, env, "rev-list", "--count", "HEAD").stdout)


# ---------------------------------------------------------------------------------------------
# The same messages everywhere

def break_offre(repo: Path) -> Path:
    """An unknown key and a wrong value (a département written as a number) in the offre."""
    path = repo / "fiches" / "offres" / "offre-exemple.md"
    text = path.read_text(encoding="utf-8")
    assert 'departement: "46"' in text
    text = text.replace('departement: "46"', "departement: 46").replace("contrat: cdd", "contrat: cdd\ncouleur: bleu")
    path.write_text(text, encoding="utf-8")
    return path


def test_vscode_task_pre_commit_and_ci_show_the_same_messages(hooked: Path, env: dict[str, str]) -> None:
    break_offre(hooked)
    git(hooked, env, "add", "fiches/offres/offre-exemple.md")

    # pre-commit: the commit is refused, with fiches check's lines
    before = commit_count(hooked, env)
    refused = commit(hooked, env, "Une offre cassée")
    assert refused.returncode != 0
    assert commit_count(hooked, env) == before
    from_pre_commit = problems(refused.stdout + refused.stderr)

    # VS Code: the task as tasks.json declares it, read with its problem matcher
    vscode = run_task(CHECK_LABEL, hooked, env)
    assert vscode.returncode == 1, vscode.stdout + vscode.stderr
    from_vscode = problems(vscode.stdout + vscode.stderr)

    # GitHub: the workflow's command; its annotations, and the text lines it prints too
    ci = run(ci_command(hooked), hooked, env)
    assert ci.returncode == 1, ci.stdout + ci.stderr
    from_ci = annotations(ci.stdout)
    from_ci_log = problems(ci.stdout)

    assert from_vscode, vscode.stdout
    assert from_vscode == from_pre_commit == from_ci == from_ci_log
    by_key = {message.split(" : ", 1)[0]: (file, line) for file, line, message in from_vscode}
    assert by_key == {"lieu.departement": ("fiches/offres/offre-exemple.md", 4),
                      "couleur": ("fiches/offres/offre-exemple.md", 7)}
    for file, _, message in from_vscode:
        assert (hooked / file).is_file(), "fileLocation is relative to the workspace folder"
        assert "Astuce : " in message, "the hint is part of what the Problems panel shows"
    departement = next(m for _, _, m in from_vscode if m.startswith("lieu.departement"))
    assert "trouvé le nombre 46" in departement and 'mettez la valeur entre guillemets : "46"' in departement


def test_deleting_a_metier_that_a_fiche_names_is_refused(hooked: Path, env: dict[str, str]) -> None:
    git(hooked, env, "rm", "--quiet", "fiches/metiers/charge-de-mission.md")
    before = commit_count(hooked, env)
    refused = commit(hooked, env, "Plus de chargé de mission")
    assert refused.returncode != 0
    assert commit_count(hooked, env) == before
    found = problems(refused.stdout + refused.stderr)
    assert ("fiches/temoignages/lea.md", 7) in {(f, n) for f, n, _ in found}, refused.stdout
    for file, line, message in found:
        assert "charge-de-mission" in message and "n'existe pas" in message, message
    assert {f for f, _, _ in found} == {"fiches/temoignages/lea.md", "fiches/offres/offre-exemple.md"}


def test_renaming_a_metier_is_refused_until_its_fiches_follow(hooked: Path, env: dict[str, str]) -> None:
    git(hooked, env, "mv", "fiches/metiers/charge-de-mission.md", "fiches/metiers/charge-de-projet.md")
    before = commit_count(hooked, env)
    refused = commit(hooked, env, "Renommer le métier")
    assert refused.returncode != 0
    assert commit_count(hooked, env) == before
    found = problems(refused.stdout + refused.stderr)
    lea = [m for f, n, m in found if (f, n) == ("fiches/temoignages/lea.md", 7)]
    assert lea and "« charge-de-mission »" in lea[0] and "n'existe pas" in lea[0], refused.stdout

    # the fiches that name it follow the new name: the same commit goes through
    for rel in ("fiches/temoignages/lea.md", "fiches/offres/offre-exemple.md"):
        path = hooked / rel
        path.write_text(path.read_text(encoding="utf-8").replace("[charge-de-mission]", "[charge-de-projet]"),
                        encoding="utf-8")
        git(hooked, env, "add", rel)
    accepted = commit(hooked, env, "Renommer le métier")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert commit_count(hooked, env) == before + 1


def test_a_commit_without_fiches_passes_quickly(hooked: Path, env: dict[str, str]) -> None:
    # A draft nobody added to the commit is not part of it: it blocks nothing (the task shows it).
    (hooked / "fiches" / "metiers" / "brouillon.md").write_text("", encoding="utf-8")
    (hooked / "NOTES.txt").write_text("Des notes.\n", encoding="utf-8")
    git(hooked, env, "add", "NOTES.txt")
    start = time.perf_counter()
    accepted = commit(hooked, env, "Des notes")
    elapsed = time.perf_counter() - start
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "Passed" in accepted.stdout + accepted.stderr
    assert elapsed < 15, f"{elapsed:.1f} s"
    draft = problems(run_task(CHECK_LABEL, hooked, env).stdout)
    assert {f for f, _, _ in draft} == {"fiches/metiers/brouillon.md"}


def test_wrapper_says_how_to_install_when_venv_is_missing(project: Path, env: dict[str, str]) -> None:
    shutil.rmtree(project / ".venv")
    result = run(["scripts/fiches", "check"], project, env)
    assert result.returncode != 0
    assert "bash scripts/setup.sh" in result.stderr
    assert "n'est pas installée" in result.stderr


def test_new_fiche_task_writes_the_template_named_after_the_title(project: Path, env: dict[str, str]) -> None:
    spec = load_tasks()
    kinds = next(i for i in spec["inputs"] if i["type"] == "pickString")
    assert sorted(kinds["options"]) == ["metier", "offre", "temoignage"]
    titles = next(i for i in spec["inputs"] if i["type"] == "promptString")
    result = run_task(NEW_LABEL, project, env, {kinds["id"]: "temoignage", titles["id"]: "Aude, chargée de mission"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Fiche créée : fiches/temoignages/aude-chargee-de-mission.md" in result.stdout
    text = (project / "fiches" / "temoignages" / "aude-chargee-de-mission.md").read_text(encoding="utf-8")
    assert text.startswith("---\n") and "Aude, chargée de mission" in text


# ---------------------------------------------------------------------------------------------
# The files themselves

def test_vscode_files_are_plain_json_and_need_no_extension() -> None:
    for name in ("tasks.json", "extensions.json", "settings.json"):
        text = (ROOT / ".vscode" / name).read_text(encoding="utf-8")
        json.loads(text)  # comments would be allowed by VS Code; plain JSON keeps them readable here
        assert "remark" not in text, name
    assert json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))["recommendations"] == []

    check = task(CHECK_LABEL)
    assert check["group"] == {"kind": "build", "isDefault": True}, "Ctrl+Maj+B runs it"
    for spec in (check, task(NEW_LABEL)):
        assert spec["command"] == "${workspaceFolder}/.venv/bin/fiches"
        assert spec["windows"]["command"] == "${workspaceFolder}\\.venv\\Scripts\\fiches.exe"
        assert spec["options"]["cwd"] == "${workspaceFolder}"
    matcher = check["problemMatcher"]
    assert matcher["owner"] == "fiches"
    assert matcher["fileLocation"] == ["relative", "${workspaceFolder}"]
    regexp, _ = matcher_regexp()
    # the summary lines and pre-commit's own lines are not problems
    for line in ("✗ 2 erreurs dans 2 fichiers (4 fiches lues en 0,04 s, 98 fiches/s).",
                 "✓ Aucune erreur (4 fiches lues en 0,12 s, 34 fiches/s).",
                 "- exit code: 1", "- hook id: fiches-check",
                 "fiches : la commande du projet n'est pas installée (dossier .venv absent ou incomplet)."):
        assert not regexp.search(line), line
    assert not (ROOT / ".remarkrc.mjs").exists()


def test_pre_commit_config() -> None:
    config = yaml.safe_load(PRE_COMMIT_CONFIG.read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    assert len(hooks) == 1
    hook = hooks[0]
    entry = shlex.split(hook["entry"])
    script = ROOT / entry[0]
    assert hook["language"] == "unsupported_script" and script.is_file() and os.access(script, os.X_OK)
    tracked = subprocess.run(["git", "ls-files", "-s", "--", entry[0]], check=False, cwd=ROOT,
                             capture_output=True, text=True)
    if tracked.stdout:
        assert tracked.stdout.startswith("100755 "), "executable in git too"
    # deletions and renames: the whole content, whatever the commit touches
    assert hook["always_run"] is True and hook["pass_filenames"] is False
    # `unsupported_script` exists since pre-commit 4.4.0; the pinned version knows it
    def version(text: str) -> tuple[int, ...]:
        return tuple(int(p) for p in text.split("."))
    assert version(config["minimum_pre_commit_version"]) >= (4, 4, 0)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pinned = re.search(r'"pre-commit==([\d.]+)"', pyproject)
    assert pinned and version(pinned.group(1)) >= version(config["minimum_pre_commit_version"])


def test_readme_mentions_no_javascript_checker() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "remark" not in readme
    assert "remark" not in PAGE.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# The documentation page: every command shown is run, every output shown is printed

RUNNABLE = ("fiches", ".venv/bin/fiches", "scripts/fiches", ".venv/bin/pre-commit")


def page_blocks() -> list[tuple[str, str]]:
    text = PAGE.read_text(encoding="utf-8")
    return [(m.group(1), m.group(2)) for m in re.finditer(r"^```(\w*)\n(.*?)^```$", text, re.DOTALL | re.MULTILINE)]


def shown_line_regexp(line: str) -> re.Pattern[str]:
    return re.compile(".+?".join(re.escape(part) for part in line.split("…")))


def test_editor_tools_page_commands_are_real(tmp_path: Path, env: dict[str, str]) -> None:
    project = make_project(tmp_path / "projet", env)
    blocks = page_blocks()
    assert blocks
    last: tuple[list[str], str] | None = None
    ran = []
    for lang, body in blocks:
        assert lang in {"bash", "text"}, f"a ```{lang} block: say whether it is commands or output"
        if lang == "bash":
            last = None
            for raw in body.splitlines():
                argv = shlex.split(raw, comments=True)
                if not argv:
                    continue
                if argv[0] == "bash":
                    assert len(argv) == 2 and (ROOT / argv[1]).is_file(), raw
                    last = (argv, "")
                    continue
                assert argv[0] in RUNNABLE, f"the page shows a command that is not tested: {raw}"
                command = [".venv/bin/fiches", *argv[1:]] if argv[0] == "fiches" else argv
                result = run(command, project, env)
                assert result.returncode in (0, 1), f"{raw}\n{result.stdout}{result.stderr}"
                if argv[0] == ".venv/bin/pre-commit":
                    assert result.returncode == 0, f"{raw}\n{result.stdout}{result.stderr}"
                last = (argv, result.stdout + result.stderr)
                ran.append(raw)
            continue
        assert last is not None and last[0][0] in RUNNABLE, "an output shown after no tested command"
        output = last[1].splitlines()
        position = 0
        for shown in body.splitlines():
            regexp = shown_line_regexp(shown)
            while position < len(output) and not regexp.fullmatch(output[position]):
                position += 1
            assert position < len(output), f"{shlex.join(last[0])} does not print:\n{shown}\nbut:\n{last[1]}"
            position += 1
    for needle in (".venv/bin/fiches check", ".venv/bin/fiches new", "scripts/fiches check",
                   ".venv/bin/pre-commit install"):
        assert any(raw.startswith(needle) for raw in ran), needle
    assert (project / ".git" / "hooks" / "pre-commit").is_file()


def test_editor_tools_page_links_and_names() -> None:
    text = PAGE.read_text(encoding="utf-8")
    body = re.sub(r"^```.*?^```$", "", text, flags=re.DOTALL | re.MULTILINE)
    assert len(re.findall(r"^# ", body, re.MULTILINE)) == 1
    targets = re.findall(r"\]\(([^)\s]+)\)", body)
    assert targets
    for target in targets:
        if "://" in target:
            continue
        page = target.split("#", 1)[0]
        assert page.endswith(".md") and (PAGE.parent / page).is_file(), target
    # the names the page tells readers to look for are the task's
    assert f"**{CHECK_LABEL}**" in text and f"**{NEW_LABEL}**" in text
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "outils-editeur.md" in mkdocs
