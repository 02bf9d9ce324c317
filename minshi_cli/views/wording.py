"""The registry's own words in what the views write (docs/registry.md, 文字): the programme's
noun, level headings, the year-end sentence and the label of the ``barred`` verdict; and how an
indicator split over areas with no figure of its own is judged (docs/areas.md).

Every registry without ``document`` or ``consequence`` reads as before; one that sets them gets
its own government's words (a province grades 绩效合格, not 优秀等次)."""

from __future__ import annotations

from minshi_cli.core.assess import VERDICT_CN
from minshi_cli.core.model import Registry

#: what a programme's items are called after a level's name (省级重点民生实事, 县级民生实事)
PROGRAMME_NOUNS = ("重点民生实事", "民生实事", "民生工程", "为民办实事", "惠民实事")
#: the ``barred`` verdict where the registry words its own consequence (not 不得评为优秀)
UNFINISHED = "任务未完成"


def programme_noun(title: str) -> str:
    """The programme's name without the levels it spans: 省、市重点民生实事 -> 重点民生实事."""
    for noun in PROGRAMME_NOUNS:
        if noun in title:
            return title[title.index(noun):]
    return title


def level_heading(name: str, noun: str) -> str:
    """A level's section heading: its display name and the programme's noun, the noun once only
    (省为民办实事 stays 省为民办实事, not 省为民办实事为民办实事)."""
    return name if name.endswith(noun) else f"{name}{noun}"


def verdict_labels(registry: Registry) -> dict[str, str]:
    """The verdicts' labels: ``barred`` is 不得评为优秀 with the default consequence, else 任务未完成."""
    if registry.default_consequence:
        return dict(VERDICT_CN)
    return {**VERDICT_CN, "barred": UNFINISHED}


def basis(notice: str, noun: str) -> str:
    """What the year-end rule rests on: the registry's notice by its title, else a neutral wording."""
    title = notice.strip().strip("《》").strip()
    return f"按照《{title}》" if title else f"按照{noun}工作有关要求"


def year_end_sentence(registry: Registry) -> str:
    """``按照《{notice}》，{consequence}。`` (``{consequence}。`` without a notice); "" for
    ``consequence: null``; without the key, the default sentence (不得评为优秀等次)."""
    noun = programme_noun(registry.title)
    if registry.consequence is None:
        return ""
    if registry.default_consequence:
        return f"{basis(registry.notice, noun)}，{noun}项目任务未完成的单位，该年度综合绩效考评不得评为优秀等次。"
    notice = registry.notice.strip().strip("《》").strip()
    return f"按照《{notice}》，{registry.consequence}。" if notice else f"{registry.consequence}。"


def judged_from_areas(listed: int, missing: int) -> str:
    """Why an indicator split over areas has a status but no figure of its own (docs/areas.md): it
    takes the worst of its reporting areas' statuses. Said in the report's urging section and on the
    site's indicator page."""
    return f"按各地区分别判断，取已报送地区中最差的状态（{listed - missing}/{listed}个地区已报送）"
