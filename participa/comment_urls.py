"""The addresses of the actions on each comment of a thread, built once per page.

A thread page links every comment to up to five actions (support, reply, flag, edit,
delete): a `url_for` each is a hundred route builds per page. Here each action's address is
built once with a stand-in id, and each comment's id is put in its place: the same text as
`url_for` gives.
"""
from __future__ import annotations

from typing import Callable

from flask import url_for

_STAND_IN = 918273645546372819  # an id no address holds otherwise


def comment_url_maker(endpoint_of: Callable[[str], str], **values) -> Callable:
    """`comment_url(action, comment)` for a thread template; `endpoint_of(action)` names the
    route of an action, `values` are the route's other arguments (the consultation's id)."""
    halves: dict[str, tuple[str, ...]] = {}

    def comment_url(action: str, comment) -> str:
        parts = halves.get(action)
        if parts is None:
            parts = halves[action] = tuple(url_for(endpoint_of(action), comment_id=_STAND_IN,
                                                   **values).split(str(_STAND_IN)))
        if len(parts) != 2:  # the id twice or not at all: let url_for build it
            return url_for(endpoint_of(action), comment_id=comment.id, **values)
        return f"{parts[0]}{comment.id}{parts[1]}"

    return comment_url
