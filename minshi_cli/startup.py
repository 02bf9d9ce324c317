"""The garbage collector while a ``minshi`` process starts.

Importing pandas (with numpy) and the core creates some hundred thousand objects that live until
the process ends: modules, classes, functions, their constants.  Python's cyclic garbage collector
keeps scanning them: during the imports, where every few hundred new objects start a collection,
and once more over all of them when the interpreter exits.  None of that ever finds garbage.  So
the console script (:func:`minshi_cli.cli.run`) pauses the collector before anything is imported
(:func:`pause`), and each command, once the core is imported, moves everything alive then into
the collector's permanent generation and turns it back on (:func:`resume`): ``gc.freeze``, as the
Python documentation suggests for objects that live as long as the process.  The command's own
work is collected as always.

On the shipped data this takes ``minshi report --format html`` from about 450 ms to about 370 ms
and ``minshi status`` from about 405 ms to about 340 ms, where ``python -c "import pandas"`` takes
about 320 ms (bench/bench_report.py, bench/startup.py; README, 性能).  Only the process entry point pauses: a program (or a test) that imports
``minshi_cli`` and calls its commands keeps its collector as it is.
"""

from __future__ import annotations

import gc


class _Collector:
    """Whether :func:`pause` turned the collector off (and :func:`resume` has yet to turn it on)."""

    paused = False


def pause() -> None:
    """Turn the collector off while the modules are imported (if it is on)."""
    if gc.isenabled():
        gc.disable()
        _Collector.paused = True


def resume() -> None:
    """After the imports: freeze what exists now out of the collector and turn it back on.
    Does nothing unless :func:`pause` turned it off, so it is safe to call from every command."""
    if _Collector.paused:
        gc.freeze()
        gc.enable()
        _Collector.paused = False
