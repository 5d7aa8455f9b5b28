"""What Pagefind is given to index, without a build."""

from __future__ import annotations

import os

from fiches_engine.search_index import _scratch, index_copy

PAGE = ('<!doctype html><html lang="fr" class="no-js"><head><title>x</title></head><body>'
        '<nav>Menu du site, l\'accueil</nav><article class="md-content__inner">'
        '<div data-pagefind-body><h1 data-pagefind-meta="title">Chargé·e d&#39;insertion</h1>'
        '<p>Le métier de l\'insertion.</p></div><section data-pagefind-ignore>Voir aussi</section>'
        '</article><footer>Pied de page</footer></body></html>')


def test_only_the_indexed_part_in_the_page_language_with_elisions_split() -> None:
    copy = index_copy(PAGE)
    assert copy is not None
    assert copy.startswith('<!doctype html><html lang="fr" class="no-js">')
    assert "Chargé·e d&#39; insertion" in copy and "de l' insertion" in copy
    assert "<section data-pagefind-ignore>Voir aussi</section>" in copy  # Pagefind still sees what to ignore
    assert "Menu du site" not in copy and "Pied de page" not in copy


def test_a_page_without_indexed_part_is_not_given() -> None:
    assert index_copy("<html lang='fr'><body><p>Accueil</p></body></html>") is None


def test_copies_go_to_memory_only_when_it_has_room() -> None:
    assert _scratch(10**18) is None
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        assert _scratch(1) == "/dev/shm"
