"""Choosing among an engine's voices: by what the user typed, or by language, and listing them.

Shared by every engine, so ``--voice`` means the same everywhere: a voice's
id, the last part of its id (``en-us`` for ``gmw/en-US``) or its name, in any
letter case and with ``_`` for spaces as ``espeak-ng --voices`` prints them
(``English_(Great_Britain)``), or a BCP 47 language tag (``en-GB``, ``de``,
``pt-BR``, ``zh-HK``), which picks the language's best voice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

from narrator.engines.base import Voice
from narrator.errors import UnknownVoiceError

SUGGESTIONS = 5
"""How many close matches an unknown voice's error names."""
MIN_SIMILARITY = 0.6
"""How alike (0 to 1, as :mod:`difflib` measures) a voice must be to be suggested."""


_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*")
"""The shape of a BCP 47 tag once normalised: a 2-3 letter language, then subtags."""
_SPOKEN_FORMS = {
    "zh-hk": "zh-yue",
    "zh-mo": "zh-yue",
    "zh-hant-hk": "zh-yue",
    "yue": "zh-yue",
    "cmn": "zh-cmn",
}
"""Tags whose region or macrolanguage says which language is spoken: Hong Kong and Macau speak Cantonese."""


def normalise_tag(tag: str) -> str:
    """A BCP 47 tag in the form voices are compared in: lower case, hyphens, the spoken language for a region."""
    tag = tag.strip().replace("_", "-").lower()
    return _SPOKEN_FORMS.get(tag, tag)


def _names(voice: Voice) -> tuple[str, ...]:
    """The forms ``--voice`` may take, written as :func:`find_voice` writes what it is given (so ``en_US-joe``
    finds the Piper voice ``en_US-joe``)."""
    forms = (voice.id, voice.id.rsplit("/", 1)[-1], voice.name)
    return tuple(" ".join(form.replace("_", " ").split()).lower() for form in forms)


def language_name(tag: str) -> str:
    """The English name of a BCP 47 tag ("km" -> "Khmer"), or the tag itself when it is not known."""
    from babel import Locale, UnknownLocaleError  # only the rare message that names a language needs it

    try:
        name: str | None = Locale.parse(tag.replace("-", "_")).english_name
    except (ValueError, UnknownLocaleError):
        name = None
    return name or tag


def unreadable_language(language: str, text: str, voices_for: Callable[[str], Sequence[Voice]]) -> str | None:
    """Why no installed voice can read ``text`` in ``language`` (``""``: unknown), in one line; ``None`` when one
    can.

    Only a text mostly in another script than Latin is refused: any voice
    reads Latin letters as words, but another language's voice says each
    letter of a script it does not know by its name ("letter one seven").
    A text of unknown language in such a script is one whose script tells
    narrator no language (Khmer with no ``lang``).
    """
    if language and voices_for(normalise_tag(language)):
        return None
    letters = [character for character in text if character.isalpha()]
    others = [character for character in letters if character > "\u024f"]
    if not letters or len(others) * 2 <= len(letters):
        return None
    if language:
        name = language_name(language)
        unread = f"{name} ({language})"
    else:
        import unicodedata
        from collections import Counter

        scripts = Counter(unicodedata.name(character, "?").split()[0].title() for character in others)
        name = scripts.most_common(1)[0][0]
        unread = f"this article's {name} script (its language is not marked)"
    return (
        f"No installed voice reads {unread}: another language's voice would only name each letter. "
        f"A {name} voice for your system would help; to hear it anyway, choose one with --voice "
        "(narrate voices lists them)."
    )


def find_voice(
    voices: Sequence[Voice], wanted: str, for_language: Callable[[str], Sequence[Voice]] | None = None
) -> Voice:
    """The voice ``wanted`` names, or :class:`UnknownVoiceError` listing the closest matches.

    A name or id wins; otherwise a language tag picks that language's best
    voice, as ``for_language`` (the engine's own preference) ranks them.
    """
    key = " ".join(wanted.replace("_", " ").split()).lower()
    for voice in voices:
        if key in _names(voice):
            return voice
    rank = for_language or (lambda language: voices_for_language(voices, language))
    if _LANGUAGE_TAG.fullmatch(normalise_tag(key)) and (speakers := rank(normalise_tag(key))):
        return speakers[0]
    close = [voice.id for voice in voices_for_language(voices, key)][:SUGGESTIONS] or _closest(key, voices)
    hint = f" Closest matches: {', '.join(close)}." if close else ""
    raise UnknownVoiceError(f"Unknown voice: {wanted}.{hint} Run 'narrate voices' to list them all.")


def _closest(key: str, voices: Sequence[Voice]) -> list[str]:
    """Ids and names most like ``key``, also by their start, so "Englsh" finds "English (America)"."""
    import difflib  # only a mistyped voice needs it, so start-up does not pay for it

    def similarity(forms: tuple[str, ...]) -> tuple[float, float]:
        whole = max(difflib.SequenceMatcher(None, key, form).ratio() for form in forms)
        start = max(difflib.SequenceMatcher(None, key, form[: len(key)]).ratio() for form in forms)
        return max(whole, start), whole

    candidates = {voice.id: _names(voice)[:2] for voice in voices} | {voice.name: _names(voice)[2:] for voice in voices}
    scored = sorted(
        ((similarity(forms), shown) for shown, forms in candidates.items()), key=lambda pair: pair[0], reverse=True
    )
    return [shown for (best, _), shown in scored[:SUGGESTIONS] if best >= MIN_SIMILARITY]


def _match_rank(voice: Voice, language: str) -> tuple[int, int] | None:
    """How well ``voice`` speaks ``language``: exact tag, then the same base language; lower is better."""
    primary = language.split("-", 1)[0]
    best: tuple[int, int] | None = None
    for position, tag in enumerate(normalise_tag(tag) for tag in voice.languages):
        if tag == language:
            rank = (0, position)
        elif tag.split("-", 1)[0] == primary:
            rank = (1, position)
        else:
            continue
        best = rank if best is None else min(best, rank)
    return best


def voices_for_language(voices: Sequence[Voice], language: str) -> list[Voice]:
    """The voices that speak ``language`` (or a variety of its base language), best first."""
    tag = normalise_tag(language)
    ranked = [
        (rank, order, voice) for order, voice in enumerate(voices) if (rank := _match_rank(voice, tag)) is not None
    ]
    return [voice for _, _, voice in sorted(ranked, key=lambda entry: (entry[0], entry[1]))]


def voices_text(voices: Sequence[tuple[str, Voice]]) -> str:
    """Aligned plain columns, one voice a line, with the engine that has it: easy to read aloud and to grep."""
    rows = [("ENGINE", "ID", "NAME", "LANGUAGES", "QUALITY", "RATE")] + [
        (
            engine,
            voice.id,
            voice.name,
            ", ".join(voice.languages),
            voice.quality or "-",
            f"{voice.sample_rate} Hz" if voice.sample_rate else "-",
        )
        for engine, voice in voices
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(f"{cell:<{width}}" for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    )


def voices_json(voices: Sequence[tuple[str, Voice]]) -> str:
    """The voices as JSON objects: ``engine``, ``id``, ``name``, ``languages``, ``quality``, ``sample_rate``."""
    return json.dumps(
        [
            {
                "engine": engine,
                "id": voice.id,
                "name": voice.name,
                "languages": list(voice.languages),
                "quality": voice.quality or None,
                "sample_rate": voice.sample_rate,
            }
            for engine, voice in voices
        ],
        indent=2,
        ensure_ascii=False,
    )
