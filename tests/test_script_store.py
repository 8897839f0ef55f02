"""Sections' scripts kept in the cache: an edited article is scripted again only where it changed, and a kept
section is used only for the same section, place, options, lexicon and code."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrator.cache import Cache
from narrator.options import ReadOptions, ScriptOptions
from narrator.pipeline import script_for
from narrator.script import build
from narrator.script.kept import KeptSections
from narrator.script.model import Script, ScriptItem

ARTICLE = "# Rivers\n\n" + "\n\n".join(
    f"## Part {number}\n\nThe river passed {number * 3} mills in {1900 + number}. Its banks held {number} towns."
    for number in range(1, 7)
)


class CountingStore:
    """The real cache, counting the sections it was asked to keep (each one built anew)."""

    def __init__(self, folder: Path) -> None:
        self.kept = KeptSections(Cache(folder))
        self.built: list[int] = []

    def section_items(self, key: str) -> tuple[ScriptItem, ...] | None:
        return self.kept.section_items(key)

    def keep_section_items(self, key: str, items: tuple[ScriptItem, ...]) -> None:
        self.built.append(next(item.section for item in items if item.section is not None))
        self.kept.keep_section_items(key, items)


def scripted(article: Path, store: CountingStore | None, options: ScriptOptions | None = None) -> Script:
    return script_for(str(article), ReadOptions(), options or ScriptOptions(), store)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "rivers.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_an_edited_article_is_scripted_again_only_in_the_edited_section(article: Path, tmp_path: Path) -> None:
    store = CountingStore(tmp_path / "cache")
    assert scripted(article, store) == scripted(article, None)
    assert store.built == [0, 1, 2, 3, 4, 5]

    store.built.clear()
    article.write_text(ARTICLE.replace("held 4 towns.", "held 4 towns and a fort."), encoding="utf-8")
    edited = scripted(article, store)
    assert store.built == [3]
    assert edited == scripted(article, None)
    assert any("a fort" in item.text for item in edited.items)


def test_other_options_a_lexicon_or_other_code_build_every_section_again(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = CountingStore(tmp_path / "cache")
    scripted(article, store)
    for options in (ScriptOptions(announce="brief"), ScriptOptions(pause_between_sections_ms=1200)):
        store.built.clear()
        assert scripted(article, store, options) == scripted(article, None, options)
        assert store.built == [0, 1, 2, 3, 4, 5]

    lexicon = tmp_path / "lexicon.txt"
    lexicon.write_text("river = rivver\n", encoding="utf-8")
    store.built.clear()
    with_lexicon = ScriptOptions(lexicon=lexicon)
    assert scripted(article, store, with_lexicon) == scripted(article, None, with_lexicon)
    assert store.built == [0, 1, 2, 3, 4, 5]

    monkeypatch.setattr(build, "_script_code", lambda: "the code of another narrator")
    store.built.clear()
    assert scripted(article, store) == scripted(article, None)
    assert store.built == [0, 1, 2, 3, 4, 5]


def test_a_damaged_section_entry_is_built_again(article: Path, tmp_path: Path) -> None:
    store = CountingStore(tmp_path / "cache")
    scripted(article, store)
    entries = list((tmp_path / "cache").glob("*/*.script"))
    assert len(entries) == 6
    entries[0].write_bytes(b"[{not json")
    store.built.clear()
    assert scripted(article, store) == scripted(article, None)
    assert len(store.built) == 1
