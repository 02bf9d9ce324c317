"""The statuses, declared once (docs/rules.md): one ordered table that every count, header,
verdict, shading and style reads.

A status is a row of :data:`STATUSES`, best first: its key (the JSON word), its Chinese label, its
rank for worst-of (a project's status is the worst of its indicators', an area-split whole's the
worst of its areas'), whether it counts as reported (has a figure), as done, as lagging (urged in the
report, counted in an escalation streak and in ``missing-reason``), and how the office writers shade
it and the HTML report styles it.  Adding a status is a row here, and the rule that decides it
(a kind's, :mod:`minshi_cli.core.kinds`).

Two statuses are *counted apart* (``apart``: docs/rules.md): ``ongoing`` 常态化开展 (an item with
no yearly target) and ``not_due`` 未到报送期 (an item not yet expected: a quarterly or late-starting
indicator before its first figure).  They stand first in the table, so that worst-of never picks
them over a judged status; every count (:data:`KEYS`) leaves them out, and they are shown after it,
only where there are any (:data:`APART`).

Labels that vary by situation — 超额完成 for a done indicator above its target, 未完成 for a behind
indicator at or past its due month — are the status rules' too: :func:`label`.

This module imports nothing of the project: every layer may read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


class Status(NamedTuple):
    key: str
    label: str
    #: has a figure of record (a status that is not is counted as 未报送 by assessment)
    reported: bool
    #: the year's task is done
    done: bool
    #: behind the time: urged in the report, counted in a lagging streak, needs a note
    lagging: bool
    #: light shade of its cell in a Word or Excel table (the label is always written too)
    shade: str
    #: its label is bold in an Excel table
    bold: bool
    #: the HTML report's colour (``--{key}``) and the badge's extra style (told apart in black-and-white)
    colour: str
    badge: str = ""
    #: the HTML report draws a progress bar's fill in the status's colour
    fill: bool = True
    #: counted apart: in no count of the judged statuses, no verdict, ranking, score or streak
    apart: bool = False

    @property
    def css(self) -> str:
        """Its class in the HTML report."""
        return f"st-{self.key}"


#: best first: the rank of a status for worst-of is its position here (the statuses counted apart
#: first: a project or a whole is one of them only when all its items are)
STATUSES: tuple[Status, ...] = (
    Status("ongoing", "常态化开展", reported=True, done=False, lagging=False, shade="E4DFEC", bold=False,
           colour="#5b3f8c", fill=False, apart=True),
    Status("not_due", "未到报送期", reported=True, done=False, lagging=False, shade="F2F2F2", bold=False,
           colour="#6b6b6b", badge=" border: 1pt dashed currentColor;", fill=False, apart=True),
    Status("done", "已完成", reported=True, done=True, lagging=False, shade="E2EFDA", bold=False,
           colour="#1b6e33"),
    Status("on_track", "序时推进", reported=True, done=False, lagging=False, shade="DDEBF7", bold=False,
           colour="#1f4f8f"),
    Status("lagging", "滞后", reported=True, done=False, lagging=True, shade="FFF2CC", bold=False,
           colour="#9a5800", badge=" border: 1pt dashed currentColor;"),
    Status("behind", "严重滞后", reported=True, done=False, lagging=True, shade="F8CBAD", bold=True,
           colour="#b3121b", badge=" border: 1.25pt solid currentColor; font-weight: bold;"),
    Status("missing", "未报送", reported=False, done=False, lagging=False, shade="D9D9D9", bold=True,
           colour="#555", badge=" border: 1pt dotted currentColor; font-style: italic;", fill=False),
)

#: the keys of the statuses counted (every count, header and summary), best first
KEYS: tuple[str, ...] = tuple(s.key for s in STATUSES if not s.apart)
#: the keys of the statuses counted apart, shown after the counts where there are any
APART: tuple[str, ...] = tuple(s.key for s in STATUSES if s.apart)
#: every key, in rank order (worst-of)
ALL_KEYS: tuple[str, ...] = tuple(s.key for s in STATUSES)
BY_KEY: dict[str, Status] = {s.key: s for s in STATUSES}
#: key -> Chinese label
LABELS: dict[str, str] = {s.key: s.label for s in STATUSES}
#: key -> rank for worst-of (higher is worse)
RANK: dict[str, int] = {s.key: k for k, s in enumerate(STATUSES)}

# statuses other modules name (each kind's rules decide among the table's: kinds.Kind.statuses)
DONE, BEHIND, MISSING = "done", "behind", "missing"
ONGOING, NOT_DUE = "ongoing", "not_due"

#: the statuses of an indicator that is done / has a figure / is lagging, best first
DONE_KEYS: tuple[str, ...] = tuple(s.key for s in STATUSES if s.done)
REPORTED: tuple[str, ...] = tuple(s.key for s in STATUSES if s.reported and not s.apart)
NOT_REPORTED: tuple[str, ...] = tuple(s.key for s in STATUSES if not s.reported)
LAGGING: tuple[str, ...] = tuple(s.key for s in STATUSES if s.lagging)
#: the lagging statuses worst first (the order the report urges them in)
URGED: tuple[str, ...] = tuple(reversed(LAGGING))
#: what counts against an area in the ranking (docs/areas.md): lagging or without a figure
SHORTFALL: tuple[str, ...] = tuple(s.key for s in STATUSES if s.lagging or not s.reported)
#: the status of an item with nothing to judge it by (a project without indicators)
NO_FIGURE = MISSING

#: labels that replace a status's own word where they say more (docs/rules.md)
OVER_TARGET = "超额完成"
UNFINISHED = "未完成"
#: ``on_track`` where the registry does not compare with the time elapsed (rules.pace: none)
IN_PROGRESS = "推进中"
#: what counts as lagging (a streak, an escalation, missing-reason) where the registry does not
#: compare with the time elapsed: the months past due and unfinished (or reported 严重滞后)
LAGGING_UNPACED: tuple[str, ...] = (BEHIND,)


def labels(paced: bool = True) -> dict[str, str]:
    """key -> Chinese label, as counted and headed: 推进中 for ``on_track`` under rules.pace: none."""
    return LABELS if paced else {**LABELS, "on_track": IN_PROGRESS}


def lagging(paced: bool = True) -> tuple[str, ...]:
    """The statuses that count as lagging: :data:`LAGGING`, or ``behind`` only under rules.pace: none."""
    return LAGGING if paced else LAGGING_UNPACED


def label(status: str, over_target: bool, past_due: bool, paced: bool = True) -> str:
    """The Chinese label shown for a status: 超额完成 for a done indicator above its target (kinds that
    label it so); 未完成 for a behind indicator at or past its due month; 推进中 for ``on_track``
    where the registry does not compare with the time elapsed."""
    if status == DONE and over_target:
        return OVER_TARGET
    if status == BEHIND and past_due:
        return UNFINISHED
    return labels(paced)[status]


#: labels counted under their own word, apart from their status's, in every count (the status footer,
#: the report's summary): an indicator labelled 未完成 counts as 未完成, never as 严重滞后; the other
#: labels (超额完成) count under their status's own word (已完成)
COUNTED_APART: dict[str, str] = {UNFINISHED: BEHIND, IN_PROGRESS: "on_track"}


def counted_as(status: str, label: str) -> str:
    """The word an indicator (or project) is counted under: a label counted apart (未完成) where it
    has one, else its status's own word (超额完成 counts as 已完成)."""
    return label if COUNTED_APART.get(label) == status else LABELS[status]


def count_columns(words: list[str], paced: bool = True) -> list[tuple[str, str]]:
    """The (status, word) columns of a count over items counted under ``words``, best first: each
    status's own word (:func:`labels`: 推进中 for on_track under rules.pace: none), followed by the
    labels counted apart that occur; a status's own word is left out where only its labels counted
    apart occur (December: 未完成 3 项, no 严重滞后 0 项)."""
    present = set(words)
    own = labels(paced)
    columns = []
    # the statuses counted apart (常态化开展, 未到报送期) last, and only where some item is one
    for s in [s for s in STATUSES if not s.apart] + [s for s in STATUSES if s.apart and own[s.key] in present]:
        word = own[s.key]
        apart = [w for w, key in COUNTED_APART.items() if key == s.key and w in present and w != word]
        if word in present or not apart:
            columns.append((s.key, word))
        columns += [(s.key, w) for w in apart]
    return columns


def shown_keys(present) -> tuple[str, ...]:
    """The statuses a count shows: every counted one (zeros too), then those counted apart that
    are among ``present`` (a registry without ongoing or not-yet-due items shows what it always did)."""
    present = set(present)
    return KEYS + tuple(k for k in APART if k in present)


def among(status, keys) -> "np.ndarray":
    """A mask over an array of status keys: which are one of ``keys`` (a comparison per key: cheaper
    than ``np.isin`` on text)."""
    import numpy as np

    status = np.asarray(status, dtype=object)
    out = np.zeros(status.shape, dtype=bool)
    for key in keys:
        out |= status == key
    return out
