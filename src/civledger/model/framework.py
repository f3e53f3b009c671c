"""Assessment frameworks (测评体系): trees of any depth with stable codes."""

from __future__ import annotations

import attrs

from civledger._fields import to_tuple
from civledger.errors import InvalidValueError
from civledger.i18n import phrase
from civledger.labels import LabeledEnum

__all__ = ["Framework", "FrameworkKind", "FrameworkNode", "Grade", "Method", "split_standard_ref"]


class Method(LabeledEnum):
    """How a standard is assessed.

    Examples
    --------
    >>> Method.parse("网上申报") is Method.MATERIALS
    True
    """

    MATERIALS = ("materials", "材料审核", "网上申报", "材料")
    FIELD = ("field", "实地考察", "实地测评", "实地")
    SURVEY = ("survey", "问卷调查", "问卷")
    OTHER = ("other", "其他")


class FrameworkKind(LabeledEnum):
    """Which title a framework assesses; several can run at once (四城联创).

    Examples
    --------
    >>> FrameworkKind.parse("卫生城市") is FrameworkKind.SANITARY_CITY
    True
    """

    CIVILIZED_CITY = ("civilized_city", "全国文明城市", "文明城市")
    GARDEN_CITY = ("garden_city", "园林城市")
    SANITARY_CITY = ("sanitary_city", "卫生城市")
    FOREST_CITY = ("forest_city", "森林城市")
    OTHER = ("other", "其他")


class Grade(LabeledEnum):
    """A self-assessment grade: keep the As, lift the Bs, eliminate the Cs.

    Examples
    --------
    >>> Grade.parse("B级") is Grade.B
    True
    """

    A = ("A", "A级", "a")
    B = ("B", "B级", "b")
    C = ("C", "C级", "c")


def _check_framework_id(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if ":" in value:
        raise InvalidValueError(
            attribute.name, phrase("framework id {value!r} must not contain ':'", value=value)
        )


@attrs.frozen(kw_only=True)
class FrameworkNode:
    """One node of a framework: a block, item, content or standard.

    A node without children is a standard (测评标准). ``tier`` names the node's
    level as the edition calls it (``版块``, ``测评项目``, ``测评内容``,
    ``测评标准``); any depth is allowed.

    Parameters
    ----------
    code
        Stable within the framework, e.g. ``III-12-3``.
    parent
        The code of the parent node; ``None`` for a top-level node.
    methods
        How the standard is assessed (materials, field, survey, other).
    points
        The points the node carries in the edition's scoring, if any.
    materials
        Whether the online declaration needs supporting materials (材料).
    prerequisite
        A minimum score below which the nomination is cancelled (前置条件).

    Examples
    --------
    >>> n = FrameworkNode(code="I-1", title="政务环境", parent="I")
    >>> n.parent
    'I'
    """

    code: str
    title: str
    parent: str | None = None
    tier: str | None = None
    methods: tuple[Method, ...] = attrs.field(default=(), converter=to_tuple)
    points: float | None = None
    materials: bool = False
    prerequisite: float | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class Framework:
    """An assessment framework edition loaded by the user: a tree of nodes.

    Examples
    --------
    >>> fw = Framework(id="wmcs", name="全国文明城市测评体系", nodes=[
    ...     FrameworkNode(code="I", title="政务环境"),
    ...     FrameworkNode(code="I-1", title="廉洁高效", parent="I"),
    ... ])
    >>> [n.code for n in fw.standards()]
    ['I-1']
    """

    id: str = attrs.field(validator=_check_framework_id)
    name: str
    kind: FrameworkKind = FrameworkKind.CIVILIZED_CITY
    edition: str | None = None
    nodes: tuple[FrameworkNode, ...] = attrs.field(default=(), converter=to_tuple)

    def standards(self) -> list[FrameworkNode]:
        """The leaves of the tree (nodes no other node names as parent), in order."""
        parents = {n.parent for n in self.nodes}
        return [n for n in self.nodes if n.code not in parents]


def split_standard_ref(ref: str) -> tuple[str | None, str]:
    """Split ``framework:code`` into its parts; a bare code has no framework.

    Examples
    --------
    >>> split_standard_ref("wmcs-2025:III-12")
    ('wmcs-2025', 'III-12')
    >>> split_standard_ref("III-12")
    (None, 'III-12')
    """
    framework, sep, code = ref.partition(":")
    if not sep:
        return None, ref
    return framework, code
