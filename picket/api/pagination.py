"""Limit/offset pagination with a bounded page size, the same on every list endpoint."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase


class LimitOffset(PaginationBase):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=settings.API_PAGE_SIZE_MAX, description="items per page")
        offset: int = Field(0, ge=0, description="items to skip")

    class Output(Schema):
        items: list[Any]
        count: int
        limit: int
        offset: int
        next_offset: int | None

    def paginate_queryset(self, queryset: QuerySet[Any], pagination: Input, request: HttpRequest, **params: Any) -> Any:
        count = self._items_count(queryset)
        end = pagination.offset + pagination.limit
        return {
            "items": queryset[pagination.offset : end],
            "count": count,
            "limit": pagination.limit,
            "offset": pagination.offset,
            "next_offset": end if end < count else None,
        }
