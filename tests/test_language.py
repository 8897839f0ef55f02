"""Voices that can read the article's language, passages in another script, and voice names people know.

Every test drives the real ``narrate`` command with the real engine (eSpeak
NG): the script shows what is said and in which language, and exported audio
shows which voice said it. eSpeak NG's speech varies a little from one call
to the next (about 0.5 % in length), so voices are told apart by how long
they take to say the same words: far longer when a voice spells a script it
cannot read.
"""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import threading
import time
import wave
from pathlib import Path

import pytest
from narrate import narrate, start
from pulse import PulseServer, recording

pytestmark = pytest.mark.audio

ENGLISH = "# Tea\n\nTea is a drink made from leaves.\n"
CHINESE = "# 经济新闻\n\n## 市场\n\n你好，世界。今天的新闻很重要。\n\n- 第一\n- 第二\n"
JAPANESE = (
    "# 日本のニュース\n\n## 経済\n\n東京の新しい知事は、日本語の記事を読みました。NHKによると、Googleも来ます。\n"
)
MIXED = (
    "# Moscow notes\n\nThe sign said «Добро пожаловать в Москву» in large letters. Then we left.\n\n"
    "The Greek name Σωκράτης is old, and the β coefficient is small.\n"
)


def run(*arguments: str) -> tuple[int, str, str]:
    done = narrate(*arguments)
    return done.status, done.stdout, done.stderr


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def script_items(path: Path, *flags: str) -> list[dict[str, object]]:
    status, out, err = run("script", str(path), "--json", *flags)
    assert status == 0, err
    items: list[dict[str, object]] = json.loads(out)
    return items


def frames(path: Path, tmp_path: Path, *voice: str) -> int:
    """How many samples ``narrate export --wav`` writes with ``--voice`` (or the default voice)."""
    out = tmp_path / f"{path.stem}-{'-'.join(voice).replace('/', '_').replace(' ', '_') or 'default'}.wav"
    status, _, err = run("export", str(path), "--wav", "-o", str(out), "-q", "--jobs", "1", *voice)
    assert status == 0, err
    with wave.open(str(out)) as file:
        count: int = file.getnframes()
        return count


@pytest.mark.parametrize(
    ("wanted", "voice_id"),
    [
        ("en-GB", "gmw/en"),
        ("en-gb", "gmw/en"),
        ("English (Great Britain)", "gmw/en"),
        ("English_(Great_Britain)", "gmw/en"),
        ("de", "gmw/de"),
        ("de-DE", "gmw/de"),
        ("pt-BR", "roa/pt-BR"),
        ("zh", "sit/cmn-Latn-pinyin"),
        ("zh-HK", "sit/yue"),
    ],
)
def test_voice_names_people_know_speak_with_that_voice(tmp_path: Path, wanted: str, voice_id: str) -> None:
    from narrator.engines.pyttsx3_engine import Pyttsx3Engine

    assert Pyttsx3Engine().voice_for(wanted, "en").id == voice_id
    article = write(tmp_path, "tea.md", ENGLISH)
    assert frames(article, tmp_path, "--voice", wanted) > 0


def alike(first: int, second: int) -> bool:
    """Two lengths of the same words said by the same voice: within 3 %."""
    return abs(first - second) <= 0.03 * max(first, second)


def test_an_unknown_voice_still_names_the_closest(tmp_path: Path) -> None:
    article = write(tmp_path, "tea.md", ENGLISH)
    status, _, err = run("export", str(article), "--wav", "-o", str(tmp_path / "x.wav"), "--voice", "Englsh")
    assert status == 1
    assert err.startswith("Error: Unknown voice: Englsh. Closest matches: English (")
    assert err.count("\n") == 1


def test_chinese_is_read_by_the_mandarin_voice_that_reads_characters(tmp_path: Path) -> None:
    """eSpeak NG's ``cmn`` says the tone digits of its pinyin in English; ``cmn-Latn-pinyin`` reads Mandarin."""
    status, out, _ = run("voices", "--language", "zh", "--json")
    assert status == 0
    assert json.loads(out)[0]["id"] == "sit/cmn-Latn-pinyin"
    article = write(tmp_path, "news.md", CHINESE)
    default = frames(article, tmp_path)
    assert alike(default, frames(article, tmp_path, "--voice", "sit/cmn-Latn-pinyin"))
    assert frames(article, tmp_path, "--voice", "sit/cmn") > 1.2 * default  # "ni three hao three"


def test_chinese_announcements_are_chinese(tmp_path: Path) -> None:
    items = script_items(write(tmp_path, "news.md", CHINESE))
    announced = [item["text"] for item in items if item["kind"] == "announcement"]
    assert announced == ["第1节，共1节：市场", "列表，共2项。", "列表结束。"]
    assert all(item["language"] == "" for item in items)


def test_japanese_is_said_in_kana_by_the_japanese_voice_and_latin_words_in_english(tmp_path: Path) -> None:
    """eSpeak NG's Japanese voice says "Chinese letter" for every kanji: the script carries their readings."""
    items = script_items(write(tmp_path, "news.md", JAPANESE))
    spoken = [item for item in items if item["kind"] in ("text", "announcement")]
    assert [item["text"] for item in spoken] == [
        "にっぽんのニュース",
        "セクション1、ぜん1セクション：けいざい",
        "とうきょうのあたらしいちじわ、にほんごのきじをよみました。",
        "N.H.K",
        "によると、",
        "Google",
        "もきます。",
    ]
    assert [item["language"] for item in spoken] == ["", "", "", "en", "", "en", ""]


def test_a_japanese_corpus_page_has_no_kanji_left_and_japanese_announcements(corpus: Path) -> None:
    items = script_items(corpus / "html" / "rd-hukumusume-fable" / "source.html", "--include", "captions")
    said = "".join(str(item["text"]) for item in items)
    assert not [character for character in said if "\u4e00" <= character <= "\u9fff"]
    assert any(str(item["text"]).startswith("がぞう：") for item in items)  # 画像: "Image:"


def test_a_chinese_corpus_page_is_announced_in_chinese(corpus: Path) -> None:
    page = corpus / "html" / "gs-bbc-chinese" / "source.html"
    items = script_items(page, "--include", "captions")
    announced = [str(item["text"]) for item in items if item["kind"] == "announcement"]
    assert "第1节，共1节：“郑重道歉”" in announced
    assert [text for text in announced if text.startswith("图片：")]  # "Image:"
    assert all(item["language"] == "" for item in items)  # every word said by the Mandarin voice


def test_a_passage_in_another_script_is_said_in_its_language_and_the_article_goes_on(tmp_path: Path) -> None:
    items = script_items(write(tmp_path, "moscow.md", MIXED))
    spoken = [(item["text"], item["language"]) for item in items if item["kind"] == "text"]
    assert spoken == [
        ("Moscow notes", ""),
        ("The sign said «", ""),
        ("Добро пожаловать в Москву", "ru"),
        ("» in large letters.", ""),
        ("Then we left.", ""),
        ("The Greek name", ""),
        ("Σωκράτης", "el"),
        ("is old, and the β coefficient is small.", ""),
    ]
    status, out, _ = run("script", str(tmp_path / "moscow.md"))
    assert status == 0
    assert "\n  (ru) Добро пожаловать в Москву\n" in out


def test_the_russian_passage_is_spoken_by_the_russian_voice_even_with_a_chosen_voice(tmp_path: Path) -> None:
    """``--voice`` chooses the article's voice; a quotation in another language keeps its own."""
    from narrator.engines.base import VoiceSettings
    from narrator.engines.pyttsx3_engine import Pyttsx3Engine

    article = write(tmp_path, "quote.md", "The sign said «Добро пожаловать в Москву» in large letters.\n")
    items = script_items(article)
    assert [item["language"] for item in items] == ["", "ru", ""]
    engine = Pyttsx3Engine()

    def length(russian_voice: str | None) -> int:
        return sum(
            engine.synthesize(
                str(item["text"]),
                str(item["language"] or "en"),
                VoiceSettings(voice=russian_voice if item["language"] else "gmw/en-US"),
            ).frames
            for item in items
        )

    exported = frames(article, tmp_path, "--voice", "en-US")
    assert alike(exported, length(russian_voice=None))  # the Russian voice, eSpeak's first for ru
    assert length(russian_voice="gmw/en-US") > 1.3 * exported  # the English voice spells Cyrillic


def test_play_with_the_readme_voice_works(pulse: PulseServer, tmp_path: Path) -> None:
    """The README's own example: ``narrate play article.md --voice en-GB``."""
    article = write(tmp_path, "tea.md", ENGLISH)
    done = narrate("play", article, "--voice", "en-GB", "--rate", "300", env=pulse.env, stdin="")
    assert done.status == 0, done.stderr
    assert done.stderr == ""


def test_a_missing_article_is_reported_before_a_missing_sound_server(pulse: PulseServer, tmp_path: Path) -> None:
    env = {**pulse.env, "PULSE_SERVER": "unix:/nonexistent/native", "XDG_RUNTIME_DIR": "/nonexistent"}
    missing = tmp_path / "nosuch.md"
    done = narrate("play", missing, env=env)
    assert done.status == 1
    assert done.stderr == f"Error: {missing}: no such file\n"


GERMAN = """---
lang: de
---
# Haustiere

## Katzen

Katzen schlafen den größten Teil des Tages. Sie schnurren, wenn sie zufrieden sind.

## Hunde

Hunde bellen Fremde an.

## Vögel

Vögel singen am frühen Morgen.
"""


class Player:
    """A running ``narrate play`` fed line commands, its screen lines collected as they appear."""

    def __init__(self, pulse: PulseServer, article: Path, *flags: str) -> None:
        self.process = start("play", article, "--rate", "300", "--transcript", *flags, env=pulse.env, bufsize=1)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(queue.Empty):
                line = self.lines.get(timeout=0.05)
                self.seen.append(line)
                if line == text:
                    return
        raise AssertionError(f"{text!r} was not shown; saw {self.seen}")

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{command}\n")
        self.process.stdin.flush()

    def finish(self) -> int:
        assert self.process.stdin is not None
        self.process.stdin.close()
        status = self.process.wait(30)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return status


def test_a_german_article_is_played_with_german_messages(pulse: PulseServer, tmp_path: Path) -> None:
    """Headings, where-am-I, the last section and resuming: shown in German and said by the German voice."""
    article = write(tmp_path, "haustiere.md", GERMAN)
    with recording(pulse, tmp_path) as recorded:
        player = Player(pulse, article)
        player.wait_for("Abschnitt 1 von 3: Katzen")
        player.send("where")
        player.wait_for("Abschnitt 1 von 3: Katzen.")
        player.send("back 5")
        player.wait_for("5 Sekunden zurück.")
        player.send("section 3")
        player.wait_for("Abschnitt 3 von 3: Vögel")
        player.send("next")
        player.wait_for("Das ist der letzte Abschnitt.")
        player.send("pause")
        player.wait_for("Angehalten.")
        player.send("quit")
        assert player.finish() == 0
    english = ("Section", "Sentence", "Paused", "Back", "Playing", "last")
    assert not [line for line in player.seen if any(word in line for word in english)]
    assert recorded[0].voiced_span() > 1  # heard through the sound server, not only shown

    resumed = Player(pulse, article, "--resume")
    resumed.wait_for("Weiter bei Abschnitt 3 von 3: Vögel.")
    resumed.wait_for("Vögel singen am frühen Morgen.")
    assert resumed.finish() == 0


def test_where_am_i_counts_sentences_in_the_articles_language(pulse: PulseServer, tmp_path: Path) -> None:
    article = write(tmp_path, "haustiere.md", GERMAN)
    player = Player(pulse, article, "--start-at", "1")
    player.wait_for("Katzen schlafen den größten Teil des Tages.")
    player.send("where")
    deadline = time.monotonic() + 30
    while not any(line.startswith("Abschnitt 1 von 3: Katzen. Satz ") for line in player.seen):
        assert time.monotonic() < deadline, player.seen
        with contextlib.suppress(queue.Empty):
            player.seen.append(player.lines.get(timeout=0.05))
    player.send("quit")
    assert player.finish() == 0
    where = next(line for line in player.seen if line.startswith("Abschnitt 1 von 3: Katzen. Satz "))
    assert where in ("Abschnitt 1 von 3: Katzen. Satz 1 von 2.", "Abschnitt 1 von 3: Katzen. Satz 2 von 2.")


KHMER = (
    '<html lang="km"><head><title>ព័ត៌មាន</title></head><body><article><h1>ព័ត៌មាន</h1>'
    "<p>កម្ពុជា គឺជាប្រទេសមួយ នៅអាស៊ីអាគ្នេយ៍។ រាជធានីគឺភ្នំពេញ។</p></article></body></html>"
)
NO_KHMER_VOICE = (
    "Error: No installed voice reads Khmer (km): another language's voice would only name each letter. "
    "A Khmer voice for your system would help; to hear it anyway, choose one with --voice "
    "(narrate voices lists them).\n"
)


def test_an_article_no_voice_can_read_is_explained_in_one_line_before_speaking(
    pulse: PulseServer, tmp_path: Path
) -> None:
    """eSpeak NG has no Khmer voice; an English one would say "letter one seven eight one" for each letter."""
    article = write(tmp_path, "news.html", KHMER)
    wav = tmp_path / "news.wav"
    status, _, err = run("export", str(article), "--wav", "-o", str(wav))
    assert (status, err) == (1, NO_KHMER_VOICE)
    assert not wav.exists()
    played = narrate("play", article, env=pulse.env, stdin="")
    assert (played.status, played.stdout, played.stderr) == (1, "", NO_KHMER_VOICE)
    unmarked = write(tmp_path, "unmarked.html", KHMER.replace(' lang="km"', ""))  # told Khmer by its letters
    assert run("export", str(unmarked), "--wav", "-o", str(wav))[:3:2] == (1, NO_KHMER_VOICE)
    status, _, err = run("export", str(article), "--wav", "-o", str(wav), "--voice", "en", "-q")
    assert (status, err) == (0, "")  # chosen knowingly
    assert wav.exists()


LANG_MARKED = (
    '<html lang="en"><head><title>Quotes</title></head><body><article><h1>Quotes</h1>'
    "<p>Two sayings we like, one in French and one in German, both about patience and about bread.</p>"
    '<blockquote lang="fr"><p>Petit à petit, l’oiseau fait son nid.</p></blockquote>'
    '<p lang="de-DE">Gut Ding will Weile haben.</p><p lang="en-GB">That is all for today.</p>'
    "</article></body></html>"
)


def test_passages_marked_with_lang_are_said_in_that_language(tmp_path: Path) -> None:
    items = script_items(write(tmp_path, "quotes.html", LANG_MARKED))
    spoken = [(item["text"], item["language"]) for item in items if item["kind"] == "text"]
    assert spoken == [
        ("Quotes", ""),
        ("Two sayings we like, one in French and one in German, both about patience and about bread.", ""),
        ("Petit à petit, l’oiseau fait son nid.", "fr"),
        ("Gut Ding will Weile haben.", "de-DE"),
        ("That is all for today.", ""),  # a variety of the page's own language is the page's voice
    ]


def test_english_announcements_of_an_article_without_a_catalogue_leave_its_words_to_its_voice(
    tmp_path: Path,
) -> None:
    """Korean has no catalogue: "Section 1 of 1" is English, said by an English voice; the heading is Korean."""
    article = write(tmp_path, "korean.md", "---\nlang: ko\n---\n# 뉴스\n\n## 경제\n\n![서울의 거리](street.png)\n")
    items = script_items(article)
    spoken = [(item["text"], item["language"]) for item in items if item["kind"] != "pause"]
    assert spoken == [("뉴스", ""), ("Section 1 of 1:", "en"), ("경제", ""), ("Image:", "en"), ("서울의 거리", "")]


def test_japanese_kana_that_espeak_would_call_letters_are_written_as_said(tmp_path: Path) -> None:
    """eSpeak NG's Japanese voice says "Japanese letter" for a middle dot and its neighbours, for a small vowel
    after punctuation and for a lengthening mark after hiragana; none of them reaches it."""
    article = write(
        tmp_path, "fable.md", "# 童話\n\nどうわ・むかしばなし。「ああー、ぁぁー」とイヌはほえました。スリープ。\n"
    )
    said = [str(item["text"]) for item in script_items(article) if item["text"]]
    assert said == ["どうわ", "どうわ、むかしばなし。", "「あああ、あぁあ」とイヌはほえました。", "スリープ。"]
    phonemes = subprocess.run(
        ["espeak-ng", "-q", "-x", "-v", "ja", "\n".join(said)], capture_output=True, text=True, check=True
    ).stdout
    assert "(en)" not in phonemes  # no English "letter" words
