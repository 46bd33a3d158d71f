"""The SDK templates' logic, as Python functions registered as Jinja globals.

``generator.py`` adds :data:`GLOBALS` to the generator's environment, so a template asks
``operation_info(endpoint).items`` or ``keyword_body(endpoint)`` instead of computing
them in Jinja (and passing the answer through a string).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from openapi_python_client.parser.openapi import Endpoint
from openapi_python_client.parser.properties import ModelProperty, Property

# The resource-client names chosen here rather than derived from the operation id.
METHOD_NAMES = {"get_current_user": "me", "update_current_user": "update_me"}

# The SDK error raised for each status (``errors.py`` in the runtime).
ERROR_CLASSES = {
    304: "NotModified",
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    412: "PreconditionFailedError",
    413: "PayloadTooLargeError",
    422: "ValidationError",
    429: "RateLimitError",
}

# What each error means to the caller, for the ``Raises:`` section of a docstring.
ERROR_MEANINGS = {
    304: "your copy (its ETag) is current",
    400: "the request is malformed",
    401: "no token, an invalid or expired one, or wrong credentials",
    403: "authenticated, but not allowed (not the owner, or not a superuser)",
    404: "no such resource",
    409: "a unique value (an email, a SKU) is taken",
    412: "``if_match`` no longer matches: read the item again and retry",
    413: "the body is over the server's limit (1 MiB)",
    422: "an input is invalid: ``problem.errors`` lists each",
    429: "too many attempts: ``retry_after`` says how long to wait",
    503: "the server is busy or its database unreachable (retried first)",
}

# Keyword arguments every resource method takes after the operation's own.
OPTION_NAMES = frozenset({"timeout", "max_retries", "extra_headers", "extra_query", "body"})

PRECONDITION_HEADER = "if-match"


@dataclass(frozen=True)
class OperationInfo:
    """What an operation returns: the success type and, when it is cursor-paginated (a
    ``cursor`` query parameter and a page model with ``next_cursor`` and one list
    property), the page's list attribute, the item type and its import."""

    success: str
    items: str = ""
    item_type: str = ""
    item_import: str = ""

    @property
    def paged(self) -> bool:
        return bool(self.items)


def text(value: Any) -> str:
    """Plain text of the generator's string wrappers (code, or untrusted schema text)."""
    if value is None:
        return ""
    if hasattr(value, "as_unembedded_code"):
        return str(value.as_unembedded_code())
    if hasattr(value, "get_untrusted_value"):
        return str(value.get_untrusted_value())
    return str(value)


def _type(prop: Property, *, no_optional: bool = False) -> str:
    return text(prop.get_type_string(no_optional=no_optional))


def field_type(prop: Property) -> str:
    """A body field's type as a resource method's annotation. The resource classes have a
    method named ``list``, which shadows the builtin in their bodies, so ``list[...]``
    is spelt ``builtins.list[...]`` there."""
    return re.sub(r"\blist\[", "builtins.list[", _type(prop))


def success_responses(endpoint: Endpoint) -> list[Any]:
    """The endpoint's 2xx responses, in the document's order."""
    found = []
    for response in endpoint.responses.patterns:
        low, high = response.status_code.range or (0, 0)
        if low >= 200 and high <= 299:
            found.append(response)
    return found


def operation_info(endpoint: Endpoint) -> OperationInfo:
    success = success_responses(endpoint)
    types = sorted(
        {"None" if r.source["return_type"] == "None" else _type(r.prop) for r in success}
    )
    info = OperationInfo(" | ".join(types) if types else "None")
    has_cursor = any(text(p.name) == "cursor" for p in endpoint.query_parameters)
    if not has_cursor or len(success) != 1 or not isinstance(success[0].prop, ModelProperty):
        return info
    page: ModelProperty = success[0].prop
    props = list(page.required_properties or []) + list(page.optional_properties or [])
    lists = [p for p in props if hasattr(p, "inner_property")]
    if not any(text(p.name) == "next_cursor" for p in props) or len(lists) != 1:
        return info
    inner: Any = lists[0].inner_property
    item_import = ""
    if isinstance(inner, ModelProperty):
        item_import = (
            f"from ...models.{inner.class_info.module_name} import {inner.class_info.name}"
        )
    return OperationInfo(info.success, str(lists[0].python_name), _type(inner), item_import)


def method_name(endpoint: Endpoint, tag: str) -> str:
    """The resource-client method of an operation: its id without the tag's noun
    (``create_item`` -> ``create``, ``list_items`` -> ``list``), or :data:`METHOD_NAMES`."""
    name = str(endpoint.name)
    if name in METHOD_NAMES:
        return METHOD_NAMES[name]
    if name.endswith(f"_{tag}"):
        return name[: -(len(tag) + 1)]
    if tag.endswith("s") and name.endswith(f"_{tag[:-1]}"):
        return name[: -len(tag)]
    return name


@dataclass(frozen=True)
class BodyField:
    """One field of a body model, as a keyword argument of a resource method."""

    name: str
    annotation: str
    required: bool
    description: str

    @property
    def optional_annotation(self) -> str:
        """Its type when ``body=`` may stand in for it (required fields gain ``| Unset``)."""
        return self.annotation if not self.required else f"{self.annotation} | Unset"


@dataclass(frozen=True)
class KeywordBody:
    """An operation's body model, whose fields a resource method also takes as keywords."""

    model: str
    fields: list[BodyField]
    # The model modules its fields' types come from (an enum of a form field, say).
    imports: list[str]

    @property
    def required(self) -> list[BodyField]:
        return [f for f in self.fields if f.required]


def keyword_body(endpoint: Endpoint) -> KeywordBody | None:
    """The body's fields when the operation has one body, a model (JSON or a form)."""
    if len(endpoint.bodies) != 1 or not isinstance(endpoint.bodies[0].prop, ModelProperty):
        return None
    model: ModelProperty = endpoint.bodies[0].prop
    taken = {str(p.python_name) for p in endpoint.list_all_parameters()} | OPTION_NAMES
    fields = []
    imports: set[str] = set()
    for prop in sorted(
        list(model.required_properties or []) + list(model.optional_properties or []),
        key=lambda p: (not p.required, str(p.python_name)),
    ):
        name = str(prop.python_name)
        if name in taken:
            raise ValueError(f"{endpoint.name}: body field {name!r} clashes with an argument")
        fields.append(
            BodyField(name, field_type(prop), bool(prop.required), text(prop.description))
        )
        imports.update(i for i in prop.get_imports(prefix="...") if i.startswith("from ...models"))
    return KeywordBody(str(model.class_info.name), fields, sorted(imports))


def is_precondition(parameter: Property) -> bool:
    """An ``If-Match`` header: typed so that it cannot be sent as "no precondition"."""
    return text(parameter.name).lower() == PRECONDITION_HEADER


def call_arguments(endpoint: Endpoint, renames: dict[str, str] | None = None) -> list[str]:
    """``name=value`` for each argument of ``_get_kwargs`` (values renamed by ``renames``:
    the pager passes ``cursor=page_cursor``)."""
    renames = renames or {}
    names = [str(p.python_name) for p in endpoint.path_parameters]
    if endpoint.bodies:
        names.append("body")
    names += [
        str(p.python_name)
        for p in (
            *endpoint.query_parameters,
            *endpoint.header_parameters,
            *endpoint.cookie_parameters,
        )
    ]
    return [f"{name}={renames.get(name, name)}" for name in names]


def errors_raised(endpoint: Endpoint) -> list[tuple[str, str]]:
    """``(error class, what it means)`` for each declared error status, in order."""
    raised = []
    for response in endpoint.responses.patterns:
        low, high = response.status_code.range or (0, 0)
        if low != high or low < 300:
            continue
        name = ERROR_CLASSES.get(low, "ServerError" if low >= 500 else "APIStatusError")
        meaning = ERROR_MEANINGS.get(low, text(getattr(response.data, "description", "")))
        raised.append((name, f"{low}: {meaning}"))
    return raised


GLOBALS: dict[str, Any] = {
    "operation_info": operation_info,
    "method_name": method_name,
    "keyword_body": keyword_body,
    "is_precondition": is_precondition,
    "call_arguments": call_arguments,
    "errors_raised": errors_raised,
    "success_responses": success_responses,
}
