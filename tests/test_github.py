"""The GitHub side of the project: workflows, issue forms, pull request template, pre-commit and
editor files. No network: every check reads the files and asks the project's own tools."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT
from fiches_engine import cli as fiches_cli

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS_DIR = GITHUB / "ISSUE_TEMPLATE"
FORMS = sorted(p for p in FORMS_DIR.glob("*.yml") if p.name != "config.yml")
SCHEMAS = ROOT / "hooks" / "fiches_engine" / "schemas"

# Every action a workflow may use, at the major version chosen for it.
ACTIONS = {
    "actions/checkout": "v7",
    "actions/setup-python": "v7",
    "actions/setup-node": "v7",
    "actions/upload-artifact": "v7",
    "actions/configure-pages": "v6",
    "actions/upload-pages-artifact": "v5",
    "actions/deploy-pages": "v5",
}
PROPERDOCS_PIN = "properdocs==1.6.7"
# Form -> the schema whose keys it collects (labels name them in parentheses: "... (lieu.commune)").
FORM_SCHEMA = {"proposer-un-metier.yml": "metier", "proposer-une-offre.yml": "offre"}
# A yes/no key of a schema offered as a dropdown, and the words shown for true and false.
BOOLEAN_CHOICES = ["brut", "net"]


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def workflow(name: str) -> dict:
    return load_yaml(GITHUB / "workflows" / name)


def triggers(wf: dict) -> dict:
    # PyYAML follows YAML 1.1, where a bare `on` key reads as True.
    return wf.get("on", wf.get(True))


def steps(wf: dict):
    for job_id, job in wf["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


# ---------------------------------------------------------------------------------------------
# The command checker: what a `run:` step may call.

def _fiches_accepts(args: list[str]) -> bool:
    """True when the `fiches` command line parses (with --help added, so nothing runs)."""
    try:
        fiches_cli.main([*args, "--help"])
    except SystemExit as exit_:
        return exit_.code == 0
    return False


def _mkdocs_accepts(args: list[str]) -> bool:
    """True when the `mkdocs` command line parses. ProperDocs is a drop-in fork with the same CLI."""
    from mkdocs.__main__ import cli

    result = CliRunner().invoke(cli, [*args, "--help"])
    return result.exit_code == 0


def _pyproject_extras() -> set[str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text.split("[project.optional-dependencies]", 1)[1].split("\n[", 1)[0]
    return set(re.findall(r"^(\w+)\s*=", section, re.M))


def _pip_problem(args: list[str]) -> str | None:
    if not args or args[0] not in {"install", "uninstall"}:
        return f"pip {' '.join(args)} : sous-commande inattendue"
    if args[0] == "uninstall":
        return None if set(args[1:]) - {"--yes", "-y"} == {"mkdocs"} else "pip uninstall : seul mkdocs peut être retiré"
    for arg in args[1:]:
        if arg in {"-e", "--editable", "-q", "--quiet"}:
            continue
        target = re.fullmatch(r"\.(?:\[([\w,]+)\])?", arg)
        if target:
            missing = set((target.group(1) or "").split(",")) - {""} - _pyproject_extras()
            if missing:
                return f"pip install {arg} : extra inconnu de pyproject.toml : {missing}"
        elif arg != PROPERDOCS_PIN:
            return f"pip install {arg} : seuls le projet et {PROPERDOCS_PIN} (version fixée) s'installent"
    return None


def command_problem(command: str) -> str | None:
    """Why one shell command of a workflow is not one the project knows, or None."""
    words = shlex.split(command)
    if not words:
        return None
    head, args = words[0], words[1:]
    if head == "python":
        if args[:1] != ["-m"] or len(args) < 2:
            return f"{command} : seul « python -m MODULE » est attendu"
        head, args = args[1], args[2:]
    if head == "pip":
        return _pip_problem(args)
    if head == "pytest":
        return None
    if head == "fiches":
        return None if args and args[0] in {"check", "new"} and _fiches_accepts(args) else f"{command} : commande fiches inconnue"
    if head in {"mkdocs", "properdocs"}:
        return None if args[:1] == ["build"] and _mkdocs_accepts(args) else f"{command} : seul « {head} build » est attendu"
    if head == "bash":
        script = args[0] if args else ""
        ok = script.startswith("scripts/") and script.endswith(".sh") and (ROOT / script).is_file()
        return None if ok else f"{command} : script inexistant"
    if head == "grep":
        return None
    if head in {"npm", "npx"}:
        return None if (ROOT / "package.json").is_file() else f"{command} : pas de package.json"
    return f"{command} : commande inconnue « {head} »"


def run_commands(script: str) -> list[str]:
    """The simple commands of a `run:` script (lines, and parts joined by &&, ||, ; or |)."""
    script = re.sub(r"\\\n", " ", script)
    parts: list[str] = []
    for line in script.splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            parts += [p.strip() for p in re.split(r"&&|\|\||;|\|", line) if p.strip()]
    return parts


def test_command_checker_tells_real_commands_from_others():
    good = ["fiches check --format github", "mkdocs build --strict", "python -m pytest",
            'python -m pip install -e ".[test]"', "bash scripts/test.sh",
            "properdocs build --strict --config-file mkdocs.yml --site-dir x"]
    bad = ["fiches chek", "fiches check --format json", "mkdocs serve", "mkdocs build --strikt",
           "curl https://example.org/x.sh", "bash scripts/absent.sh", 'python -m pip install -e ".[docs]"',
           "python -m pip install properdocs", "python -m pip uninstall --yes jinja2", "python setup.py"]
    assert [c for c in good if command_problem(c)] == []
    assert [c for c in bad if not command_problem(c)] == []


# ---------------------------------------------------------------------------------------------
# Workflows

def test_workflows_exist_and_parse():
    assert {p.name for p in WORKFLOWS} >= {"pr.yml", "deploy.yml"}
    for path in WORKFLOWS:
        wf = load_yaml(path)
        assert isinstance(wf, dict) and wf.get("name"), path
        assert triggers(wf), f"{path.name}: no trigger"
        assert wf["jobs"], path


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_use_only_allowed_actions_at_their_major(path):
    used = [step["uses"] for _, step in steps(load_yaml(path)) if "uses" in step]
    assert used
    for ref in used:
        action, _, version = ref.partition("@")
        assert action in ACTIONS, f"{path.name}: action not allowed: {ref}"
        assert version == ACTIONS[action], f"{path.name}: {ref}, expected @{ACTIONS[action]}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_run_steps_call_only_known_commands(path):
    problems = []
    for job_id, step in steps(load_yaml(path)):
        for command in run_commands(step.get("run", "")):
            problem = command_problem(command)
            if problem:
                problems.append(f"{job_id}: {problem}")
    assert problems == []


def test_pr_workflow():
    wf = workflow("pr.yml")
    assert set(triggers(wf)) == {"pull_request", "workflow_dispatch"}
    assert wf["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in wf["jobs"].values())
    assert "pull_request.number" in wf["concurrency"]["group"]
    assert wf["concurrency"]["cancel-in-progress"] is True

    main = [job for job in wf["jobs"].values() if any("pytest" in s.get("run", "") for s in job["steps"])]
    assert len(main) == 1
    job = main[0]
    runs = [s.get("run", "") for s in job["steps"]]
    setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "3.11" and setup["with"]["cache"] == "pip"
    assert any('install -e ".[test]"' in r for r in runs)
    order = [next(i for i, r in enumerate(runs) if r.startswith(cmd))
             for cmd in ("npm ci", "fiches check", "mkdocs build --strict")]
    assert order == sorted(order)
    test_step = next(s for s in job["steps"] if "pytest" in s.get("run", ""))
    env = {**wf.get("env", {}), **job.get("env", {}), **test_step.get("env", {})}
    assert env.get("CI") == "true"
    assert env.get("FICHES_CHROMIUM", "").startswith("/")
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"

    other = [job for job in wf["jobs"].values() if job is not main[0]]
    assert len(other) == 1
    other_runs = " ".join(s.get("run", "") for s in other[0]["steps"])
    assert PROPERDOCS_PIN in other_runs
    assert other_runs.index("npm ci") < other_runs.index("properdocs build")
    assert "properdocs build --strict" in other_runs


def test_deploy_workflow_triggers_and_concurrency():
    wf = workflow("deploy.yml")
    on = triggers(wf)
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    crons = [entry["cron"] for entry in on["schedule"]]
    assert len(crons) == 1
    minute, hour, *rest = crons[0].split()
    assert rest == ["*", "*", "*"], "daily"
    assert 0 <= int(minute) < 60 and 2 <= int(hour) <= 5, "early morning in Paris (cron is UTC)"
    assert wf["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_deploy_permissions_are_per_job_and_least():
    wf = workflow("deploy.yml")
    assert not wf.get("permissions"), "no permission granted to the whole workflow"
    jobs = wf["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["needs"] == "build"
    for job_id, job in jobs.items():
        perms = job.get("permissions")
        assert isinstance(perms, dict), f"{job_id}: permissions must be set per job"
        if job_id != "deploy":
            assert perms.get("pages") != "write" and perms.get("id-token") != "write", job_id
    env = jobs["deploy"]["environment"]
    assert env["name"] == "github-pages"
    deploy_step = next(s for s in jobs["deploy"]["steps"] if s.get("uses", "").startswith("actions/deploy-pages@"))
    assert env["url"] == "${{ steps.%s.outputs.page_url }}" % deploy_step["id"]


def test_deploy_build_checks_builds_and_uploads_in_order():
    build = workflow("deploy.yml")["jobs"]["build"]["steps"]
    names = [s.get("uses", "").split("@")[0] or s.get("run", "").split("\n")[0] for s in build]

    def at(prefix: str) -> int:
        return next(i for i, n in enumerate(names) if n.startswith(prefix))

    assert at("actions/checkout") < at("fiches check") < at("mkdocs build --strict") < at("actions/upload-pages-artifact")
    # Pagefind, which the build runs, is installed by npm first
    assert at("actions/setup-node") < at("npm ci") < at("mkdocs build --strict")
    assert at("actions/configure-pages") < at("actions/upload-pages-artifact")
    upload = build[at("actions/upload-pages-artifact")]
    assert upload["with"]["path"].rstrip("/") == "site"


# ---------------------------------------------------------------------------------------------
# Issue forms

def schema(kind: str) -> dict:
    return json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))


def _deref(node: dict, doc: str) -> tuple[dict, str]:
    """Follow `$ref`s (relative to the schema file `doc`), keeping the referring node's own keys."""
    for _ in range(10):
        ref = node.get("$ref")
        if not ref:
            return node, doc
        file, _, pointer = ref.partition("#")
        doc = file or doc
        target = json.loads((SCHEMAS / doc).read_text(encoding="utf-8"))
        for part in pointer.strip("/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    raise AssertionError(f"$ref loop at {node}")


def schema_node(kind: str, dotted: str) -> dict:
    doc = f"{kind}.schema.json"
    node = schema(kind)
    for key in dotted.split("."):
        node, doc = _deref(node, doc)
        assert key in node.get("properties", {}), f"{kind}: no key {dotted}"
        node = node["properties"][key]
    return _deref(node, doc)[0]


def keyed_fields(form: dict) -> dict[str, dict]:
    """Fields whose label names a schema key in parentheses, by that key."""
    fields = {}
    for field in form["body"]:
        label = field.get("attributes", {}).get("label", "")
        match = re.search(r"\(([a-z_]+(?:\.[a-z_]+)*)\)$", label)
        if match:
            assert match.group(1) not in fields, f"two fields for {match.group(1)}"
            fields[match.group(1)] = field
    return fields


def is_required(field: dict) -> bool:
    return field.get("validations", {}).get("required") is True


def test_issue_forms_exist_and_are_valid_forms():
    assert {p.name for p in FORMS} == {"proposer-un-metier.yml", "proposer-une-offre.yml", "signaler-une-erreur.yml"}
    for path in FORMS:
        form = load_yaml(path)
        assert form["name"] and form["description"] and form["labels"], path.name
        ids, labels = [], []
        for field in form["body"]:
            assert field["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}, path.name
            if field["type"] == "markdown":
                continue
            assert re.fullmatch(r"[A-Za-z0-9_-]+", field["id"]), field["id"]
            ids.append(field["id"])
            labels.append(field["attributes"]["label"])
            if field["type"] == "dropdown":
                options = field["attributes"]["options"]
                assert options and len(options) == len(set(options)), field["id"]
                assert "None" not in options, "GitHub reserves « None »"
        assert len(ids) == len(set(ids)), f"{path.name}: ids repeated"
        assert len(labels) == len(set(labels)), f"{path.name}: labels repeated"
        assert any(is_required(f) for f in form["body"]), path.name


def test_issue_config():
    config = load_yaml(FORMS_DIR / "config.yml")
    assert isinstance(config["blank_issues_enabled"], bool)
    for link in config.get("contact_links", []):
        assert link["name"] and link["about"] and link["url"].startswith("https://")


@pytest.mark.parametrize("form_name", sorted(FORM_SCHEMA))
def test_issue_form_dropdowns_are_the_schema_enums(form_name):
    kind = FORM_SCHEMA[form_name]
    form = load_yaml(FORMS_DIR / form_name)
    fields = keyed_fields(form)
    dropdowns = [f for f in form["body"] if f["type"] == "dropdown"]
    assert dropdowns
    for field in dropdowns:
        key = next((k for k, f in fields.items() if f is field), None)
        assert key, f"{form_name}: dropdown {field['id']} names no schema key"
        node = schema_node(kind, key)
        options = field["attributes"]["options"]
        if node.get("type") == "boolean":
            assert options == BOOLEAN_CHOICES, key
        else:
            assert options == node["enum"], f"{form_name}: {key} options differ from the schema enum"
    # Every enum of a key the form collects is offered as a dropdown, not typed by hand.
    for key, field in fields.items():
        if "enum" in schema_node(kind, key):
            assert field["type"] == "dropdown", key


@pytest.mark.parametrize("form_name", sorted(FORM_SCHEMA))
def test_issue_form_collects_the_contract(form_name):
    kind = FORM_SCHEMA[form_name]
    form = load_yaml(FORMS_DIR / form_name)
    fields = keyed_fields(form)
    root = schema(kind)
    for key in root["required"]:
        node = schema_node(kind, key)
        if key in fields:
            assert is_required(fields[key]), f"{form_name}: {key} must be required"
        else:
            assert node.get("type") == "object", f"{form_name}: no field for required key {key}"
            for child in node["required"]:
                assert is_required(fields.get(f"{key}.{child}", {})), f"{form_name}: {key}.{child} must be required"
    for key, field in fields.items():
        node = schema_node(kind, key)
        if node.get("format") == "date":
            assert field["attributes"].get("placeholder") == "AAAA-MM-JJ", key
    # Every top-level key of the contract has a field (or, for a block, fields for its keys).
    for key in root["properties"]:
        assert key in fields or any(k.startswith(key + ".") for k in fields) or key == "mise_a_jour", \
            f"{form_name}: nothing collects {key}"


def test_error_form_asks_where_and_what():
    form = load_yaml(FORMS_DIR / "signaler-une-erreur.yml")
    required = {f["id"] for f in form["body"] if is_required(f)}
    assert {"page", "description"} <= required


def test_pull_request_template():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(boxes) >= 4
    joined = " ".join(boxes)
    for needle in ("sources", "fiches check", "propres mots"):
        assert needle in joined, needle


# ---------------------------------------------------------------------------------------------
# pre-commit, editor integration, editor documentation

def test_pre_commit_hook_runs_fiches_check_on_changed_fiches():
    config = load_yaml(ROOT / ".pre-commit-config.yaml")
    hooks = [h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    assert len(hooks) == 1
    hook = hooks[0]
    assert hook["entry"] == "fiches check"
    assert _fiches_accepts(shlex.split(hook["entry"])[1:])
    assert hook["pass_filenames"] is True
    assert hook["language"] in {"system", "unsupported"}, "runs the installed command, no download"
    pattern = re.compile(hook["files"])
    assert pattern.search("fiches/metiers/charge-de-mission.md")
    assert pattern.search("fiches/offres/une-offre.md")
    assert not pattern.search("docs/index.md")
    assert not pattern.search("fiches/metiers/notes.txt")


def test_package_json_pins_the_remark_tools():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["private"] is True
    deps = package["devDependencies"]
    assert {"remark-cli", "remark-frontmatter", "remark-lint-frontmatter-schema"} <= set(deps)
    for name, version in deps.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} {version} is not pinned"
    assert "remark fiches" in package["scripts"]["verifier"]
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][""]["devDependencies"] == deps


def test_remark_config_maps_every_kind_to_its_schema():
    text = (ROOT / ".remarkrc.mjs").read_text(encoding="utf-8")
    match = re.search(r"const KINDS = \{([^}]*)\}", text)
    assert match
    kinds = dict(re.findall(r"(\w+): '([\w.]+)'", match.group(1)))
    assert kinds == {"metiers": "metier.schema.json", "temoignages": "temoignage.schema.json",
                     "offres": "offre.schema.json"}
    for folder, schema_file in kinds.items():
        assert (ROOT / "fiches" / folder).is_dir() and (SCHEMAS / schema_file).is_file()
    assert "hooks', 'fiches_engine', 'schemas'" in text


def test_vscode_files():
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "unifiedjs.vscode-remark" in extensions["recommendations"]
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["remark.requireConfig"] is True


def test_editor_tools_page():
    page = ROOT / "docs" / "outils-editeur.md"
    text = page.read_text(encoding="utf-8")
    body = re.sub(r"```.*?```", "", text, flags=re.S)
    assert len(re.findall(r"^# ", body, re.M)) == 1
    for target in re.findall(r"\]\(([^)]+)\)", body):
        if "://" in target:
            continue
        assert target.endswith(".md") and (page.parent / target).is_file(), target
    for needle in ("unifiedjs.vscode-remark", "fiches check", "fiches new", "pre-commit install"):
        assert needle in text, needle
