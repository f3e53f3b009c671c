"""Griffe extensions that let the API reference (mkdocstrings) read civledger's source.

mkdocs.yml loads them, in this order, for every page of the reference:

- :class:`RuntimeExports` makes every name in a module's ``__all__``, as Python
  sees it at run time, a member griffe can render. Static analysis misses two
  kinds: a name a module-level ``__getattr__`` loads lazily (unless the module
  also imports it under ``if TYPE_CHECKING:``, as type checkers need), and a
  function that shadows the submodule of the same name
  (``civledger.graph.chains``, the function, over ``civledger/graph/chains.py``):
  griffe gives the submodule precedence and would drop the function.
- :class:`AttrsInit` gives each attrs class the ``__init__`` that attrs writes at
  run time, so the reference shows ``Task(*, id, title, kind=TaskKind.TASK, …)``
  and checks a class's ``Parameters`` section against its fields, as griffe's
  built-in extension does for dataclasses. It reads the source: the decorator
  (``@attrs.frozen(kw_only=True)``, ``@attrs.define``, ``@attr.s``…) and each
  field (``attrs.field(default=…, factory=…, alias=…, init=False)``). A field
  without a docstring of its own is then no longer listed as an attribute: the
  signature and the ``Parameters`` section show it already.
- :class:`SphinxRoles` turns the roles the docstrings use
  (``:class:`~civledger.Issue```, ``:func:`check```, ``:mod:`civledger.io```…)
  into links to the object's entry in the reference. A name is looked up from
  the scope of the docstring that writes it; an object ``civledger`` exports is
  linked to its entry on the page of ``civledger``. A name of the package that
  leads nowhere is a broken link, which fails ``mkdocs build --strict`` when a
  page shows the docstring; a name found but rendered on no page (an internal
  helper) stays plain code, and so do names from outside the package
  (``datetime.date``, ``attrs.evolve``).

Examples
--------
>>> import griffe
>>> extensions = griffe.load_extensions(RuntimeExports, AttrsInit)
>>> civledger = griffe.load("civledger", search_paths=["src"], extensions=extensions)
>>> str(civledger["Task"].parameters["kind"].default)
'TaskKind.TASK'
>>> civledger["graph"]["chains"].kind.value  # the function, not the submodule
'function'
>>> to_autorefs("see :class:`~civledger.Issue`", lambda name: (name, True))
'see <autoref identifier="civledger.Issue" optional><code>Issue</code></autoref>'
"""

from __future__ import annotations

import ast
import builtins
import importlib
import inspect
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import suppress
from functools import partial
from typing import Any

import griffe
from griffe import (
    Alias,
    Attribute,
    Class,
    Expr,
    ExprCall,
    ExprKeyword,
    Function,
    Module,
    Object,
    Parameter,
    ParameterKind,
    Parameters,
)

logger = griffe.get_logger("civledger-docs")

_KEY = "civledger-docs"  # where a module keeps the submodules shadowed by its members


def _modules(module: Module) -> Iterator[Module]:
    """A package and all its submodules, those shadowed by a member of the same name too."""
    yield module
    submodules = [m for m in module.members.values() if not m.is_alias and isinstance(m, Module)]
    submodules += module.extra.get(_KEY, {}).values()
    for submodule in submodules:
        yield from _modules(submodule)


def _member(obj: Object | Alias, name: str, *, submodule: bool = False) -> Object | Alias | None:
    """The member ``name`` of ``obj``; with ``submodule``, a shadowed submodule first."""
    if submodule and name in obj.extra.get(_KEY, {}):
        return obj.extra[_KEY][name]  # type: ignore[no-any-return]
    return obj.members.get(name)


def _final(obj: Object | Alias) -> Object | Alias:
    """What an alias leads to in the end (the alias itself when it leads nowhere)."""
    if isinstance(obj, Alias):
        try:
            return obj.final_target
        except (griffe.AliasResolutionError, griffe.CyclicAliasError):
            return obj
    return obj


def _definition(pkg: Module, name: str, value: object) -> Object | None:
    """The griffe object of a run-time value: a class or function by where it says it is
    defined, anything else (a constant) by the module that assigns it under that name."""
    module_name = getattr(value, "__module__", None)
    qualname = getattr(value, "__qualname__", None)
    if isinstance(module_name, str) and isinstance(qualname, str):
        found: Object | Alias | None = pkg.modules_collection.members.get(module_name.split(".")[0])
        for i, part in enumerate([*module_name.split(".")[1:], *qualname.split(".")]):
            if found is None:
                return None
            found = _member(_final(found), part, submodule=i < module_name.count("."))
        found = None if found is None else _final(found)
        return found if isinstance(found, Object) else None
    for module in _modules(pkg):
        member = module.members.get(name)
        if isinstance(member, Attribute):
            with suppress(Exception):
                if getattr(importlib.import_module(module.path), name) is value:
                    return member
    return None


def _missing_exports(pkg: Module, module: Module) -> list[tuple[str, Object]]:
    """The names of the run-time ``__all__`` of ``module`` that griffe lacks, with their objects.

    A name lacks when griffe has no member for it, or has the submodule where
    Python has the object the package imported from it.
    """
    # Only a package's __init__ shadows a submodule; only a module-level __getattr__ is lazy.
    if not (module.is_init_module or "__getattr__" in module.members):
        return []
    try:
        runtime = importlib.import_module(module.path)
    except Exception as error:  # an optional extra missing: keep what static analysis found
        logger.debug("%s: not imported (%s)", module.path, error)
        return []
    # What griffe read, then what only Python knows (an __all__ computed at run time);
    # never less than griffe read, so a stale run-time module (mkdocs serve) hides nothing.
    static = [str(name) for name in module.exports or ()]
    names = static + [str(n) for n in getattr(runtime, "__all__", ()) if str(n) not in static]
    if names != static:
        module.exports = list(names)
    missing = []
    for name in names:
        try:
            value = getattr(runtime, name)  # a lazy name is loaded here
        except AttributeError:
            if name not in module.members:
                logger.warning("%s: %s is in __all__ but not in the module", module.path, name)
            continue
        member = module.members.get(name)
        if member is not None and not (
            isinstance(_final(member), Module) and not inspect.ismodule(value)
        ):
            continue
        target = _definition(pkg, name, value)
        if target is None:
            logger.warning("%s: cannot find where %s in __all__ is defined", module.path, name)
        else:
            missing.append((name, target))
    return missing


class RuntimeExports(griffe.Extension):
    """Make every name of a module's run-time ``__all__`` a member griffe renders."""

    def on_package(self, *, pkg: Module, **kwargs: Any) -> None:
        fixes = [
            (m, name, target) for m in _modules(pkg) for name, target in _missing_exports(pkg, m)
        ]
        if not fixes:
            return
        # Resolve every alias first: once a submodule gives its name to a member,
        # paths through it lead nowhere, and aliases must already know their target.
        for module in _modules(pkg):
            for member in list(module.members.values()):
                if isinstance(member, Alias):
                    with suppress(griffe.AliasResolutionError, griffe.CyclicAliasError):
                        _ = member.final_target
        for module, name, target in fixes:
            shadowed = module.members.get(name)
            if isinstance(shadowed, Module):
                module.extra.setdefault(_KEY, {})[name] = shadowed
            # set_member also points the aliases of a shadowed submodule to the new member
            module.set_member(name, Alias(name, target, parent=module))


_ATTRS_CLASS = {
    f"{module}.{name}"
    for module in ("attrs", "attr")
    for name in ("define", "frozen", "mutable", "s", "attrs", "dataclass")
}
_ATTRS_FIELD = {"attrs.field", "attr.field", "attr.ib", "attr.attrib"}
_ATTRS_FACTORY = {"attrs.Factory", "attr.Factory"}


def _keywords(expr: object) -> dict[str, Any]:
    """The keyword arguments of a call expression, by name (``{}`` for anything else)."""
    if not isinstance(expr, ExprCall):
        return {}
    return {arg.name: arg.value for arg in expr.arguments if isinstance(arg, ExprKeyword)}


def _is_true(value: object) -> bool:
    return str(value) == "True"


def _attrs_decorator(cls: Class) -> Expr | str | None:
    for decorator in cls.decorators:
        if decorator.callable_path in _ATTRS_CLASS:
            return decorator.value
    return None


def _factory_call(factory: str | Expr) -> ExprCall:
    """``tuple`` -> ``tuple()``: how a field made by a factory shows its default."""
    return ExprCall(function=factory, arguments=[])  # type: ignore[arg-type]


def _default(field: dict[str, Any], value: str | Expr | None) -> str | Expr | None:
    if "factory" in field:
        return _factory_call(field["factory"])
    default = field.get("default", None if field else value)
    if isinstance(default, ExprCall) and default.canonical_path in _ATTRS_FACTORY:
        return _factory_call(default.arguments[0])
    return default


def _is_field(member: Object | Alias) -> bool:
    """Whether a member of an attrs class is one of its fields (not a ClassVar or property)."""
    return (
        isinstance(member, Attribute)
        and member.annotation is not None
        and "property" not in member.labels
        and "instance-attribute" in member.labels
    )


def _fields(cls: Class, *, kw_only: bool) -> Iterator[Parameter]:
    """The ``__init__`` parameters of one attrs class's own fields, in source order."""
    for member in list(cls.members.values()):
        if not isinstance(member, Attribute) or not _is_field(member):
            continue
        call = member.value
        is_field = isinstance(call, ExprCall) and call.canonical_path in _ATTRS_FIELD
        field = _keywords(call) if is_field else {}
        if field.get("init") is not None and not _is_true(field["init"]):
            continue
        name = ast.literal_eval(str(field["alias"])) if "alias" in field else member.name
        yield Parameter(
            name.lstrip("_"),
            annotation=member.annotation,
            kind=(
                ParameterKind.keyword_only
                if kw_only or _is_true(field.get("kw_only"))
                else ParameterKind.positional_or_keyword
            ),
            default=_default(field, None if is_field else member.value),
            docstring=member.docstring,
        )


def _init_parameters(cls: Class) -> list[Parameter] | None:
    """The parameters of the ``__init__`` attrs writes for ``cls``, or ``None``."""
    decorator = _attrs_decorator(cls)
    if decorator is None:
        return None
    options = _keywords(decorator)
    if "init" in options and not _is_true(options["init"]):
        return None
    try:
        bases = [base for base in reversed(cls.mro()) if _attrs_decorator(base) is not None]
    except ValueError:
        bases = []
    by_name: dict[str, Parameter] = {}
    for owner in [*bases, cls]:
        owner_options = _keywords(_attrs_decorator(owner))
        for parameter in _fields(owner, kw_only=_is_true(owner_options.get("kw_only"))):
            by_name.pop(parameter.name, None)
            by_name[parameter.name] = parameter
    positional = [p for p in by_name.values() if p.kind is not ParameterKind.keyword_only]
    keyword = [p for p in by_name.values() if p.kind is ParameterKind.keyword_only]
    return positional + keyword


class AttrsInit(griffe.Extension):
    """Give every attrs class the ``__init__`` attrs generates for it."""

    def on_package(self, *, pkg: Module, **kwargs: Any) -> None:
        for cls in _objects(pkg, set()):
            if not isinstance(cls, Class) or "__init__" in cls.members:
                continue
            parameters = _init_parameters(cls)
            if parameters is None:
                continue
            self_ = Parameter("self", kind=ParameterKind.positional_or_keyword)
            init = Function(
                "__init__",
                lineno=cls.lineno,
                endlineno=cls.lineno,
                parent=cls,
                parameters=Parameters(self_, *parameters),
                returns="None",
            )
            cls.set_member("__init__", init)
            cls.labels.add("attrs")
            # A field is a parameter now, shown with its type and default in the
            # signature and described in the Parameters section; listing it again
            # as an attribute without a word of its own would only add noise.
            for member in list(cls.members.values()):
                if _is_field(member) and not member.docstring:
                    cls.del_member(member.name)


# :role:`target`, :role:`~dotted.target` (show the last part), :role:`title <target>`
_ROLE = re.compile(
    r":(?:py:)?(?:class|func|meth|attr|mod|exc|data|obj|const):"
    r"`(?P<tilde>~?)(?:(?P<title>[^`<]*?)\s*<)?(?P<target>[\w.]+)(?(title)>)`"
)


def to_autorefs(text: str, resolve: Callable[[str], tuple[str, bool] | None]) -> str:
    """Replace the Sphinx roles in ``text`` by autorefs to the names ``resolve`` gives.

    ``resolve`` turns the name a role writes into the identifier to link to and
    whether the link is optional (an optional link that leads nowhere is left as
    code, a required one is a warning), or ``None`` for no link.
    """

    def replace(match: re.Match[str]) -> str:
        target = match["target"].rstrip(".")
        title = match["title"] or (target.rsplit(".", 1)[-1] if match["tilde"] else target)
        link = resolve(target)
        if link is None:
            return f"<code>{title}</code>"
        identifier, optional = link
        flag = " optional" if optional else ""
        return f'<autoref identifier="{identifier}"{flag}><code>{title}</code></autoref>'

    return _ROLE.sub(replace, text)


def _objects(obj: Object, seen: set[str]) -> Iterator[Object]:
    if obj.path in seen:
        return
    seen.add(obj.path)
    yield obj
    for member in [*obj.members.values(), *obj.extra.get(_KEY, {}).values()]:
        if not member.is_alias:
            yield from _objects(member, seen)


class SphinxRoles(griffe.Extension):
    """Turn the Sphinx roles of docstrings into links to the API reference.

    A name that resolves to an object ``civledger`` exports is linked to its
    entry on the page of ``civledger``, where the public API is documented (a
    method or attribute of an exported class too); any other object of the
    package to its own path, if a page renders it. A ``civledger`` name that
    resolves to nothing is linked all the same, so that autorefs reports it
    when a page renders the docstring that names it. Names outside the package
    (``datetime.date``, ``attrs.evolve``) stay plain code.
    """

    def on_package(self, *, pkg: Module, **kwargs: Any) -> None:
        public = _exported(pkg)
        for obj in _objects(pkg, set()):
            docstring = obj.docstring
            if docstring is None or ":" not in docstring.value:
                continue
            docstring.value = to_autorefs(docstring.value, partial(_resolve, obj, public=public))


def _exported(pkg: Module) -> dict[str, str]:
    """The path where each object the package exports is defined -> its public path."""
    exported: dict[str, str] = {}
    for name in pkg.exports or ():
        member = pkg.members.get(str(name))
        if member is not None:
            exported.setdefault(_final(member).path, f"{pkg.path}.{name}")
    return exported


def _outside(obj: Object | Alias, package: str) -> bool:
    """Whether ``obj`` is (an import of) something outside ``package``."""
    path = obj.target_path if isinstance(obj, Alias) else obj.path
    return path.partition(".")[0] != package


def _lookup(obj: Object, name: str) -> Object | Alias | str | None:
    """What a dotted name written in ``obj``'s docstring refers to, seen from its scope.

    The object; the path the name would have when nothing has it; or ``None``
    for a name from outside the package.
    """
    package = obj.package.name
    head, *rest = name.split(".")
    scope: Object | None = obj
    while scope is not None and head not in scope.members:
        scope = scope.parent
    if scope is not None:
        found: Object | Alias = scope.members[head]
    elif head == package:
        found = obj.package
    elif head in sys.stdlib_module_names or hasattr(builtins, head) or rest:
        return None  # datetime, int, attrs.evolve…
    else:
        return head  # a bare name nothing defines: a typo, or a name since renamed
    for i, part in enumerate(rest):
        if _outside(found, package):
            return None
        owner = _final(found)
        member = _member(owner, part, submodule=i < len(rest) - 1)
        if member is None:
            return ".".join([owner.path, part])
        found = member
    return None if _outside(found, package) else found


def _resolve(obj: Object, name: str, public: dict[str, str]) -> tuple[str, bool] | None:
    """The identifier to link ``name`` to, and whether the link is optional; ``None``: no link."""
    found = _lookup(obj, name)
    if found is None or isinstance(found, str):
        return None if found is None else (found, False)
    target = _final(found)
    if isinstance(target, Alias):  # an import of ours that leads nowhere
        return target.target_path, False
    if target.path in public:
        return public[target.path], True
    parent = target.parent
    if isinstance(parent, Class) and parent.path in public:
        return f"{public[parent.path]}.{target.name}", True
    return target.path, True
