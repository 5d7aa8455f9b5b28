"""The form editor's configuration covers every key of every schema, as the schema says it."""

from __future__ import annotations

import re
from typing import Any

import pytest

from conftest import FIXTURE_CONTENT
from fiches_engine import form_editor
from fiches_engine.corpus import KINDS, load_corpus
from fiches_engine.schema_check import resolve, schema


def schema_keys(node: dict[str, Any], path: tuple[str, ...] = (), block_required: bool = True,
                ) -> dict[tuple[str, ...], tuple[dict, bool]]:
    """Every key of a schema, nested blocks and list items' blocks included: path -> (node, required
    in the form). A key a block requires is required in the form only if the block is too (Decap
    would check the fields of an optional block left empty); a list's items are checked as given."""
    node = resolve(node)
    if node.get("type") == "array":
        node, block_required = resolve(node.get("items", {})), True
    out = {}
    for key, sub in node.get("properties", {}).items():
        required = key in node.get("required", []) and block_required
        out[(*path, key)] = (sub, required)
        out |= schema_keys(sub, (*path, key), required)
    return out


def form_keys(fields: list[dict[str, Any]], path: tuple[str, ...] = ()) -> dict[tuple[str, ...], dict]:
    out = {}
    for field in fields:
        out[(*path, field["name"])] = field
        out |= form_keys(field.get("fields", []), (*path, field["name"]))
    return out


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.folder)
def test_every_schema_key_has_its_form_field(kind) -> None:
    collection = form_editor.collection(kind.folder)
    keys, fields = schema_keys(schema(kind.schema)), form_keys(collection["fields"])
    assert set(keys) == set(fields) - {("body",)}
    for path, (node, required) in keys.items():
        field = fields[path]
        assert field["label"] == node["title"], path  # every key has a French label in its schema
        assert field.get("required", True) is required, path
        assert field.get("hint") == node["description"], path
        resolved = resolve(node)
        if "enum" in resolved:
            assert field["widget"] == "select"
            assert [o["value"] for o in field["options"]] == resolved["enum"]
            # an editor picks the words the site prints (« Service civique »), never a bare code
            words = form_editor.OPTION_LABELS.get(path[-1], {})
            assert [o["label"] for o in field["options"]] == [words[v][:1].upper() + words[v][1:]
                                                             for v in resolved["enum"]], path
        if resolved.get("format") == "date":
            assert (field["widget"], field["format"], field["time_format"]) == ("datetime", "YYYY-MM-DD", False)
    assert fields[("body",)]["widget"] == "markdown"
    assert collection["folder"] == f"fiches/{kind.folder}"


def test_metiers_are_chosen_by_title_and_stored_by_file_name() -> None:
    for kind, key in (("temoignages", "metiers"), ("offres", "metiers"), ("metiers", "metiers_proches")):
        field = form_keys(form_editor.collection(kind)["fields"])[(key,)]
        assert field | {"hint": None} == field | {
            "widget": "relation", "collection": "metiers", "multiple": True, "value_field": "{{slug}}",
            "search_fields": ["titre"], "display_fields": ["titre"], "hint": None}


@pytest.mark.parametrize(("kind", "path", "good", "bad"), [
    ("metiers", ("titre",), ["Chargé·e de mission", "x"], ["", "   ", "x" * 201]),
    ("metiers", ("resume",), ["Une phrase de plus de vingt caractères."], ["Trop court.", "y" * 301]),
    ("offres", ("lieu", "departement"), ["46", "2A", "974"], ["4", "Lot", "460"]),
    ("offres", ("contact", "email"), ["contact@exemple.org"], ["contact", "a b@c.fr"]),
    ("metiers", ("codes", "esco"), ["http://data.europa.eu/esco/occupation/123"], ["esco 123"]),
])
def test_patterns_accept_and_refuse_as_the_schema_does(kind: str, path: tuple[str, ...], good: list[str],
                                                       bad: list[str]) -> None:
    field = form_keys(form_editor.collection(kind)["fields"])[path]
    pattern, message = field["pattern"]
    assert message.startswith("Attendu : ")
    for value in good:
        assert re.search(pattern, value), value
    for value in bad:
        assert not re.search(pattern, value), value


def test_lists_suggest_the_values_the_metiers_already_use() -> None:
    corpus, errors = load_corpus(FIXTURE_CONTENT)
    assert errors == []
    found = form_editor.suggestions(corpus)
    used = {c for m in corpus.metiers.values() for c in m.competences}
    assert set(found["competences"]) == used and len(used) > 5
    assert found["secteurs"] == sorted({s for m in corpus.metiers.values() for s in m.secteurs},
                                       key=lambda s: form_editor.alphabetical(s))
    fields = form_keys(form_editor.collection("metiers")["fields"])
    items = [field["field"] for field in fields.values() if "field" in field]
    assert {item.get("suggestions") for item in items} - {None} == set(found)
    assert all(item["widget"] == "suggestion" for item in items if "suggestions" in item)


def test_the_editor_is_french_and_goes_through_pull_requests() -> None:
    config = form_editor.config("fiches-metiers/fiches", "main", "https://fiches-metiers.github.io/fiches/")
    assert config["locale"] == "fr"
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"] | {"commit_messages": None} == {
        "name": "github", "repo": "fiches-metiers/fiches", "branch": "main", "squash_merges": True,
        "commit_messages": None,
        # signing in opens our own page on the site, not an OAuth server (admin/connexion.html)
        "base_url": "https://fiches-metiers.github.io", "auth_endpoint": "fiches/admin/connexion.html"}
    assert [c["name"] for c in config["collections"]] == [k.folder for k in KINDS]


@pytest.mark.parametrize("site_url, base_url, endpoint", [
    ("https://fiches-metiers.github.io/fiches/", "https://fiches-metiers.github.io", "fiches/admin/connexion.html"),
    ("https://fiches.example.org", "https://fiches.example.org", "admin/connexion.html"),
    ("http://127.0.0.1:8000/", "http://127.0.0.1:8000", "admin/connexion.html"),
])
def test_sign_in_opens_the_sites_own_page(site_url: str, base_url: str, endpoint: str) -> None:
    assert form_editor.sign_in(site_url) == {"base_url": base_url, "auth_endpoint": endpoint}


def every_field(fields: list[dict[str, Any]]):
    for field in fields:
        yield field
        yield from every_field(field.get("fields", []))
        yield from every_field([field["field"]] if "field" in field else [])


def test_every_markdown_preview_is_sanitized() -> None:
    """Decap's preview shows the Markdown field's HTML in the editor's page, which holds the GitHub
    token: each one says sanitize_preview (DOMPurify), rather than counting on Decap's default."""
    config = form_editor.config("fiches-metiers/fiches", "main", "https://fiches-metiers.github.io/fiches/")
    fields = [field for collection in config["collections"] for field in every_field(collection["fields"])]
    markdown = [field for field in fields if field.get("widget") == "markdown"]
    assert len(markdown) == len(KINDS)  # the body of each kind
    assert all(field["sanitize_preview"] is True for field in markdown)
