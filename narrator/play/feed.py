"""Item audio fetched ahead of the playhead on a thread, restartable at any item.

The player never waits on synthesis while a key is pending: a :class:`Feed`
pulls item audio from the narration on its own thread into a short queue,
and a jump starts a new feed at the target while the old one winds down.
Audio already heard or fetched is kept in a small cache, so going back to
the start of a section, repeating a sentence, or skipping to a section that
was already fetched plays at once.
"""

from __future__ import annotations

import queue
import threading
from collections import OrderedDict
from collections.abc import Generator
from dataclasses import dataclass
from typing import Protocol

from narrator.audio import AudioChunk
from narrator.engines.base import VoiceSettings
from narrator.script.model import Script

AHEAD_ITEMS = 12
"""Items fetched beyond the one playing: some seconds of speech, so the next section is usually ready."""
CACHE_BYTES = 32 * 1024 * 1024
"""Item audio kept for going back: about 12 minutes of eSpeak NG's 22 kHz speech."""


class Narration(Protocol):
    """The narration's audio, item by item, as :mod:`narrator.synthesize` renders it for export.

    Called from several threads: a feed winding down, the next feed, and the
    player's own thread for :meth:`say`.
    """

    def stream(self, start: int, settings: VoiceSettings) -> Generator[AudioChunk, None, None]:
        """The audio of every script item from ``start`` to the end, in order (silence for pauses)."""
        ...

    def say(self, text: str, settings: VoiceSettings, language: str = "") -> AudioChunk:
        """Audio for words the player adds on request ("where am I", the keys), in ``language`` if given (else
        the language of the player's messages for this article)."""
        ...

    def adopt(self, script: Script) -> None:
        """Narrate ``script`` from the next stream on: a longer one, whose first items are those narrated so far."""
        ...


@dataclass(frozen=True)
class End:
    """The feed reached the end of the script."""


class ItemCache:
    """The most recently used item audio, bounded in bytes; shared by successive feeds."""

    def __init__(self, limit: int = CACHE_BYTES) -> None:
        self._limit = limit
        self._entries: OrderedDict[tuple[int, int | None], AudioChunk] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, index: int, rate: int | None) -> AudioChunk | None:
        with self._lock:
            chunk = self._entries.get((index, rate))
            if chunk is not None:
                self._entries.move_to_end((index, rate))
            return chunk

    def put(self, index: int, rate: int | None, chunk: AudioChunk) -> None:
        with self._lock:
            previous = self._entries.pop((index, rate), None)
            self._size += len(chunk.pcm) - (len(previous.pcm) if previous else 0)
            self._entries[(index, rate)] = chunk
            while self._size > self._limit and len(self._entries) > 1:
                _, evicted = self._entries.popitem(last=False)
                self._size -= len(evicted.pcm)


class Feed:
    """One pass of the narration from a start item, fetched ahead on a daemon thread."""

    def __init__(self, narration: Narration, start: int, settings: VoiceSettings, cache: ItemCache) -> None:
        self.start = start
        self._narration = narration
        self._settings = settings
        self._cache = cache
        self._queue: queue.Queue[tuple[int, AudioChunk] | End | BaseException] = queue.Queue(maxsize=AHEAD_ITEMS)
        self._cancelled = threading.Event()
        threading.Thread(target=self._pump, name=f"feed-{start}", daemon=True).start()

    def next(self, timeout: float) -> tuple[int, AudioChunk] | End | None:
        """The next item's index and audio, :class:`End`, or ``None`` if it is not ready within ``timeout``."""
        try:
            entry = self._queue.get(timeout=timeout)
        except queue.Empty:
            return None
        if isinstance(entry, BaseException):
            raise entry
        return entry

    def cancel(self) -> None:
        """Stop fetching; the thread finishes the item it is on and closes its stream."""
        self._cancelled.set()

    def _offer(self, entry: tuple[int, AudioChunk] | End | BaseException) -> bool:
        """Queue ``entry`` once there is room; ``False`` if the feed was cancelled meanwhile."""
        while not self._cancelled.is_set():
            try:
                self._queue.put(entry, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def _pump(self) -> None:
        rate = self._settings.rate
        index = self.start
        try:
            while (cached := self._cache.get(index, rate)) is not None:
                if not self._offer((index, cached)):
                    return
                index += 1
            stream = self._narration.stream(index, self._settings)
            try:
                for chunk in stream:
                    if self._cancelled.is_set():
                        return
                    self._cache.put(index, rate, chunk)
                    if not self._offer((index, chunk)):
                        return
                    index += 1
            finally:
                stream.close()
            self._offer(End())
        except BaseException as error:  # shown by the player's thread, which owns the terminal
            self._offer(error)
