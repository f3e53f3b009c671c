"""Column headers: which field of a task each header a ledger writes stands for.

Workbooks name the same column many ways (完成时限, 完成时间, 整改时限, 时间节点…).
:data:`BUILTIN_HEADERS` maps the common ones to a field; a :class:`HeaderMap`
adds the user's own (``--header 主责科室=lead``), which win over the built-ins.
Headers are compared after :func:`normalize_header`: width, case and spaces are
folded, line breaks inside a header cell, ``*`` marks of required columns and a
trailing note in brackets (``完成时限（月/日）``) are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

import attrs

from civledger.errors import InvalidValueError
from civledger.i18n import N_, _, join
from civledger.labels import normalize_label

__all__ = [
    "BUILTIN_HEADERS",
    "EXPORT_HEADERS",
    "FIELDS",
    "HeaderMap",
    "header_aliases",
    "normalize_header",
    "parse_header_option",
]

FIELDS: Mapping[str, str] = {
    "id": N_("the row's id in the ledger (台账编号); whole numbers 1, 2, 3… under 编号 are a 序号"),
    "sequence": N_("the row's number (序号); not imported: rows are renumbered when sorted"),
    "title": N_("the task (工作任务): a sheet with this column lists tasks"),
    "problem": N_("the problem (问题描述): a sheet with this column lists problems"),
    "standards": N_("the standards served (测评标准), by code or title"),
    "standard_content": N_("the assessment content (测评内容), used when 测评标准 is empty"),
    "standard_item": N_("the assessment item (测评项目), used when the two above are empty"),
    "requirement": N_("the work requirement (工作要求)"),
    "measures": N_("the measures (工作措施)"),
    "target": N_("a quantitative target: 39条, ≥85%, 3万平方米, 65.2公里"),
    "target_quantity": N_("the target's quantity (目标数量), with its unit from 计量单位"),
    "target_unit": N_("the unit of 目标数量 (计量单位): 条, 个, 平方米, 公里, %"),
    "done": N_(
        "the amount done so far (完成量, 累计完成): the target's baseline, as of the import"
    ),
    "rate": N_("the percent done as stated (完成率): kept in the target's baseline"),
    "lead": N_("the lead unit (牵头单位); further names become joint leads"),
    "responsible_unit": N_(
        "责任单位: the lead unit, or cooperating units beside a 牵头单位 column"
    ),
    "cooperating": N_("cooperating units (配合单位)"),
    "responsible": N_("the person responsible (责任人)"),
    "phase": N_("the phase (阶段)"),
    "due": N_("the deadline (完成时限), a date or words such as 5月10日前, 长期坚持"),
    "review": N_("how often ongoing work is reviewed (每周, 每旬, 每月, 每季度, 每半年, 每年)"),
    "parent": N_("the id of the task this row is a subtask of"),
    "place": N_("where the problem is (地点)"),
    "site": N_("the kind of site (点位)"),
    "located_in": N_("the unit whose territory holds the problem (所属网格)"),
    "source": N_("how the problem was found (暗访, 12345…)"),
    "found_by": N_("the person who found the problem"),
    "found_on": N_("the day the problem was found (发现时间)"),
    "progress": N_(
        "progress (进展情况); not imported: progress is dated history, kept in the journal"
    ),
    "signed_off": N_("是否销号: compared with the journal, never recorded as a sign-off"),
    "note": N_("free text (备注)"),
    "ignore": N_("a column to leave out on purpose, without a finding"),
}
"""Every field a column can be mapped to, with what it means (messages: show them with
:func:`civledger.i18n.gettext`)."""

BUILTIN_HEADERS: Mapping[str, str] = {
    # ids and numbers
    "台账编号": "id",
    "编号": "id",
    "任务编号": "id",
    "问题编号": "id",
    "id": "id",
    "序号": "sequence",
    "序": "sequence",
    # what the row is
    "工作任务": "title",
    "任务": "title",
    "任务名称": "title",
    "重点任务": "title",
    "具体任务": "title",
    "任务内容": "title",
    "工作内容": "title",
    "问题描述": "problem",
    "问题": "problem",
    "存在问题": "problem",
    "问题内容": "problem",
    "问题名称": "problem",
    "测评标准": "standards",
    "对标": "standards",
    "测评指标": "standards",
    "对应测评标准": "standards",
    "测评内容": "standard_content",
    "测评项目": "standard_item",
    "工作要求": "requirement",
    "目标要求": "requirement",
    "整改要求": "requirement",
    "工作措施": "measures",
    "具体措施": "measures",
    "推进措施": "measures",
    "整改措施": "measures",
    "目标任务": "target",
    "目标": "target",
    "任务量": "target",
    "目标值": "target",
    "目标数量": "target_quantity",
    "任务数量": "target_quantity",
    "计划数量": "target_quantity",
    "计量单位": "target_unit",
    "完成量": "done",
    "累计完成": "done",
    "累计完成量": "done",
    "完成数量": "done",
    "完成率": "rate",
    "完成比例": "rate",
    "完成百分比": "rate",
    # who
    "牵头单位": "lead",
    "牵头部门": "lead",
    "牵头": "lead",
    "主责单位": "lead",
    "整改责任单位": "lead",
    "责任单位": "responsible_unit",
    "责任部门": "responsible_unit",
    "承办单位": "responsible_unit",
    "配合单位": "cooperating",
    "配合部门": "cooperating",
    "协办单位": "cooperating",
    "配合": "cooperating",
    "责任人": "responsible",
    "具体责任人": "responsible",
    "负责人": "responsible",
    # when
    "阶段": "phase",
    "所属阶段": "phase",
    "完成时限": "due",
    "完成时间": "due",
    "整改时限": "due",
    "时间节点": "due",
    "完成期限": "due",
    "整改期限": "due",
    "办结时限": "due",
    "调度频次": "review",
    "上级任务": "parent",
    # where, and how it was found
    "地点": "place",
    "问题地点": "place",
    "具体位置": "place",
    "位置": "place",
    "点位": "site",
    "点位类型": "site",
    "所属网格": "located_in",
    "所在网格": "located_in",
    "属地": "located_in",
    "问题来源": "source",
    "来源": "source",
    "发现方式": "source",
    "发现人": "found_by",
    "检查人": "found_by",
    "发现时间": "found_on",
    "发现日期": "found_on",
    "检查时间": "found_on",
    # what became of it
    "进展情况": "progress",
    "完成情况": "progress",
    "整改情况": "progress",
    "推进情况": "progress",
    "工作进展": "progress",
    "是否销号": "signed_off",
    "销号情况": "signed_off",
    "销号": "signed_off",
    "备注": "note",
    "说明": "note",
}
"""The headers civledger knows, as written in ledgers, and the field each stands for."""

EXPORT_HEADERS: Mapping[str, tuple[str, str]] = {
    # field: (header on the task sheet, header on the problem sheet)
    "id": ("台账编号", "台账编号"),
    "sequence": ("序号", "序号"),
    "title": ("工作任务", "问题描述"),
    "standards": ("测评标准", "测评标准"),
    "requirement": ("工作要求", "整改要求"),
    "measures": ("工作措施", "整改措施"),
    "target": ("目标任务", "目标任务"),
    "lead": ("牵头单位", "牵头单位"),
    "cooperating": ("配合单位", "配合单位"),
    "responsible": ("责任人", "责任人"),
    "phase": ("阶段", "阶段"),
    "due": ("完成时限", "整改时限"),
    "review": ("调度频次", "调度频次"),
    "parent": ("上级任务", "上级任务"),
    "place": ("地点", "地点"),
    "site": ("点位", "点位"),
    "located_in": ("所属网格", "所属网格"),
    "source": ("问题来源", "问题来源"),
    "found_by": ("发现人", "发现人"),
    "found_on": ("发现时间", "发现时间"),
    "progress": ("进展情况", "整改情况"),
    "signed_off": ("是否销号", "是否销号"),
    "note": ("备注", "备注"),
}
"""The header civledger writes for each field, on a task sheet and on a problem sheet."""

_IGNORE_WORDS = frozenset(("-", "ignore", "忽略", "不导入"))
_NOTE_IN_BRACKETS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]$")


def normalize_header(text: str) -> str:
    """Fold a header cell's text for matching: width, case, spaces, marks and notes.

    Examples
    --------
    >>> normalize_header(" 完成\\n时限（月/日）* ")
    '完成时限'
    >>> normalize_header("ＩＤ")
    'id'
    """
    folded = normalize_label(text).strip("*＊:：")
    stripped = _NOTE_IN_BRACKETS.sub("", folded)
    return (stripped or folded).strip("*＊:：")


def _check_fields(
    _instance: object, attribute: attrs.Attribute[Mapping[str, str]], value: Mapping[str, str]
) -> None:
    for header, field in value.items():
        if field not in FIELDS:
            raise InvalidValueError(
                attribute.name,
                _(
                    "{header!r} is mapped to {field!r}, which is not a field; use one of: {fields}"
                ).format(header=header, field=field, fields=join(FIELDS)),
            )


def _to_fields(mapping: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for header, field in mapping.items():
        name = normalize_label(field)
        out[normalize_header(header)] = "ignore" if name in _IGNORE_WORDS else name
    return out


@attrs.frozen
class HeaderMap:
    """The built-in headers and the user's own: header text -> field.

    ``overrides`` maps header texts to field names (see :data:`FIELDS`), or to
    ``-`` (``ignore``) for a column to leave out without a finding; they win
    over the built-in headers.

    Raises
    ------
    InvalidValueError
        When an override names no field.

    Examples
    --------
    >>> headers = HeaderMap({"主责科室": "lead", "联系电话": "-"})
    >>> headers.field("主责科室"), headers.field("联系电话"), headers.field("完成时间（日期）")
    ('lead', 'ignore', 'due')
    >>> headers.field("填报人") is None
    True
    >>> HeaderMap({"主责科室": "leader"})
    Traceback (most recent call last):
    ...
    civledger.errors.InvalidValueError: '主责科室' is mapped to 'leader', which is not a field; ...
    """

    overrides: Mapping[str, str] = attrs.field(
        factory=dict, converter=_to_fields, validator=_check_fields
    )

    def field(self, text: str) -> str | None:
        """The field a header cell stands for, or ``None`` when civledger does not know it."""
        key = normalize_header(text)
        if not key:
            return None
        found = self.overrides.get(key)
        if found is not None:
            return found
        return _BUILTIN.get(key)


_BUILTIN: dict[str, str] = {normalize_header(h): f for h, f in BUILTIN_HEADERS.items()}


def parse_header_option(text: str) -> tuple[str, str]:
    """Split a ``--header 列名=field`` option into the header and the field.

    Raises
    ------
    ValueError
        When there is no ``=``, or either side is empty.

    Examples
    --------
    >>> parse_header_option("主责科室=lead")
    ('主责科室', 'lead')
    >>> parse_header_option("联系电话=-")
    ('联系电话', '-')
    """
    header, sep, field = unicodedata.normalize("NFKC", text).rpartition("=")
    if not sep or not header.strip() or not field.strip():
        raise ValueError(
            _("{text!r} is not 列名=field (such as 主责科室=lead, or 联系电话=- to skip)").format(
                text=text
            )
        )
    return header.strip(), field.strip()


def header_aliases(extra: Iterable[tuple[str, str]] = ()) -> dict[str, list[str]]:
    """For each field, the headers that stand for it (built-in ones, then ``extra``).

    Examples
    --------
    >>> header_aliases()["due"]
    ['完成时限', '完成时间', '整改时限', '时间节点', '完成期限', '整改期限', '办结时限']
    """
    out: dict[str, list[str]] = {field: [] for field in FIELDS}
    for header, field in (*BUILTIN_HEADERS.items(), *extra):
        out[field].append(header)
    return out
