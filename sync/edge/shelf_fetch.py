"""Fetch a whole shelf list from the centre, page by page (:mod:`sync.shelf_pages`), and
verify it arrived whole before anyone sweeps against it.

A fetch asks for the first page, then follows each page's cursor; the centre serves all pages
of one fetch from one snapshot. When the list changed while paging and the centre no longer
has the snapshot, the fetch starts again (a few times at most). A page that is not one, or an
assembled list that is not the centre's (count, order, digest), is a :class:`ShelfListError`;
no answer is :class:`sync.errors.Offline`, as for every online request.

Two timeouts: until the centre has answered once, a page waits ``first_timeout_s`` (short: a
centre that is up answers a first page within seconds, or says it is busy; with the broker up
and the centre down nothing answers, and the caller should fall back to its cached copy soon);
once it has answered, each next page may wait ``timeout_s``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from sync.errors import Offline, SchemaError, SyncError
from sync.shelf_pages import ShelfListPage, ShelfListQuery, verify

__all__ = ["ShelfListError", "fetch"]

_CHANGED = "changed since the first page"


class ShelfListError(SyncError):
    """The centre's pages did not make one whole list (the reason says how)."""


class PageSource(Protocol):
    def shelf_list_page(self, query: ShelfListQuery, *,
                        timeout_s: float | None = None) -> ShelfListPage: ...


def fetch(online: PageSource, query: ShelfListQuery, *, timeout_s: float = 30.0,
          first_timeout_s: float | None = None, attempts: int = 3,
          on_page: Callable[[ShelfListPage], Any] | None = None) -> tuple[list[dict[str, Any]], str]:
    """The rows of the list ``query`` names and their digest, verified whole.

    :param timeout_s: per page once the centre has answered one.
    :param first_timeout_s: for the first page, until the centre has answered (default
        ``timeout_s``).
    :raises Offline: the centre did not answer; :raises ShelfListError: it answered, but not
        a whole list.
    """
    wait = timeout_s if first_timeout_s is None else first_timeout_s
    for attempt in range(attempts):
        pages: list[ShelfListPage] = []
        page_query = query.first()
        try:
            while True:
                page = online.shelf_list_page(page_query, timeout_s=wait)
                wait = timeout_s  # the centre answers: the next pages may take their time
                pages.append(page)
                if on_page is not None:
                    on_page(page)
                if page.next is None:
                    break
                page_query = ShelfListQuery(**{**page_query.to_wire(), "cursor": page.next})
            rows = verify(pages)
        except Offline as exc:
            if _CHANGED in str(exc) and attempt + 1 < attempts:
                continue  # the catalogue moved under the pages: once more from the start
            if _CHANGED in str(exc):
                raise ShelfListError(f"shelf list: it kept changing ({attempts} tries)") from None
            raise
        except SchemaError as exc:
            raise ShelfListError(exc.reason) from None
        return rows, pages[0].digest
    raise ShelfListError("shelf list: no attempt made")
