"""Processes as /proc shows them, for tests that check no worker or child outlives its work; and a fresh one."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

Result = TypeVar("Result")


def in_fresh_process(function: Callable[[], Result]) -> Result:
    """``function()`` run in a new interpreter: a test that loads a neural voice (hundreds of MB) leaves the test
    process small, since every child it later starts reports the parent's peak memory as its own."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function).result()


def alive(pid: int) -> bool:
    """Whether ``pid`` exists and is not a zombie waiting to be reaped."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return status.rsplit(")", 1)[1].split()[0] != "Z"
