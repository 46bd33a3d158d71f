from typing import Literal

ItemSort = Literal["-created_at", "-price_cents", "created_at", "name", "price_cents"]

ITEM_SORT_VALUES: set[ItemSort] = {
    "-created_at",
    "-price_cents",
    "created_at",
    "name",
    "price_cents",
}


def check_item_sort(value: str) -> ItemSort:
    if value in ITEM_SORT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ITEM_SORT_VALUES!r}")
