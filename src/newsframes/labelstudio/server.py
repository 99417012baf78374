"""Push tasks to and pull annotations from a running Label Studio, through
label-studio-sdk (the optional extra `labelstudio`; imported only here, only when used)."""

from __future__ import annotations

import json
import os

URL_ENV, TOKEN_ENV = "LABEL_STUDIO_URL", "LABEL_STUDIO_API_KEY"


class ServerError(RuntimeError):
    pass


def client(url: str | None, token: str | None):
    url, token = url or os.environ.get(URL_ENV), token or os.environ.get(TOKEN_ENV)
    if not url or not token:
        raise ServerError(f"give --url and --token (or set {URL_ENV} and {TOKEN_ENV})")
    try:
        from label_studio_sdk import LabelStudio
    except ImportError as exc:
        raise ServerError("label-studio-sdk is not installed: pip install 'newsframes[labelstudio]'") from exc
    return LabelStudio(base_url=url.rstrip("/"), api_key=token)


def push(ls, tasks: list[dict], config: str, project: int | None, title: str) -> tuple[int, int]:
    """Import `tasks` into `project` (a new project with `config` when None): (project id, tasks sent)."""
    try:
        if project is None:
            project = ls.projects.create(title=title, label_config=config).id
        ls.projects.import_tasks(id=project, request=tasks, commit_to_project=True)
    except Exception as exc:  # the SDK raises its own ApiError / httpx errors
        raise ServerError(f"Label Studio refused the push: {_short(exc)}") from exc
    return project, len(tasks)


def pull(ls, project: int) -> list[dict]:
    """The project's JSON export (tasks with annotations and predictions)."""
    try:
        return json.loads(b"".join(ls.projects.exports.download_sync(project, export_type="JSON",
                                                                   download_all_tasks=True)))
    except Exception as exc:
        raise ServerError(f"could not export project {project}: {_short(exc)}") from exc


def _short(exc: Exception) -> str:
    body = getattr(exc, "body", None)
    return f"{type(exc).__name__}: {body if body is not None else exc}"[:500]
