"""Push tasks to and pull annotations from a running Label Studio, through
label-studio-sdk (the optional extra `labelstudio`; imported only here, only when used).

The token is the Personal Access Token of Account & Settings (what Label Studio 1.23 shows
by default; the SDK exchanges it for short-lived access tokens), or a legacy token on a
server started with LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN=true."""

from __future__ import annotations

import os

URL_ENV, TOKEN_ENV = "LABEL_STUDIO_URL", "LABEL_STUDIO_API_KEY"
TOKEN_HELP = ("use a Personal Access Token (Label Studio: Account & Settings -> Personal Access Token -> Create "
              "New Token) in --token or LABEL_STUDIO_API_KEY; a legacy token works only on a server started with "
              "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN=true")
MAX_EXPORT_BYTES = 2 << 30  # a project export larger than 2 GiB is refused, not read into memory


class ServerError(RuntimeError):
    pass


def client(url: str | None, token: str | None):
    url, token = url or os.environ.get(URL_ENV), token or os.environ.get(TOKEN_ENV)
    if not url or not token:
        raise ServerError(f"give --url and --token (or set {URL_ENV} and {TOKEN_ENV}); {TOKEN_HELP}")
    if not url.startswith(("http://", "https://")):
        raise ServerError(f"--url {url!r}: give the server's address, e.g. http://127.0.0.1:8080")
    try:
        from label_studio_sdk import LabelStudio
    except ImportError as exc:
        raise ServerError("label-studio-sdk is not installed: pip install 'newsframes[labelstudio]'") from exc
    try:  # the SDK decodes a Personal Access Token here (and refuses an expired one)
        return LabelStudio(base_url=url.rstrip("/"), api_key=token.strip())
    except Exception as exc:  # noqa: BLE001 - the SDK's ApiError and others
        raise ServerError(f"the token was refused: {_short(exc)}; {TOKEN_HELP}") from exc


def push(ls, tasks: list[dict], config: str, project: int | None, title: str) -> tuple[int, int]:
    """Import `tasks` into `project` (a new project with `config` when None): (project id, tasks sent)."""
    try:
        if project is None:
            project = ls.projects.create(title=title, label_config=config).id
        ls.projects.import_tasks(id=project, request=tasks, commit_to_project=True)
    except Exception as exc:  # noqa: BLE001 - the SDK raises its own ApiError / httpx errors
        raise ServerError(f"Label Studio refused the push: {_explain(exc)}") from exc
    return project, len(tasks)


def pull(ls, project: int) -> list[dict]:
    """The project's JSON export (tasks with annotations and predictions), parsed with the
    nesting guard of every JSON reader here."""
    from ..jsonio import TooDeep, loads_guarded

    try:
        chunks, size = [], 0
        for chunk in ls.projects.exports.download_sync(project, export_type="JSON", download_all_tasks=True):
            size += len(chunk)
            if size > MAX_EXPORT_BYTES:
                raise ServerError(f"the export of project {project} is larger than {MAX_EXPORT_BYTES >> 30} GiB: "
                                  "export it in the Label Studio page and import the file")
            chunks.append(chunk)
    except ServerError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise ServerError(f"could not export project {project}: {_explain(exc)}") from exc
    try:
        return loads_guarded(b"".join(chunks).decode("utf-8"), f"project {project}")
    except (TooDeep, ValueError, UnicodeDecodeError) as exc:
        raise ServerError(f"the export of project {project} is not JSON: {exc}") from exc


def _explain(exc: Exception) -> str:
    msg = _short(exc)
    status = getattr(exc, "status_code", None)
    if status == 401:
        msg += f"; {TOKEN_HELP}"
    elif status == 404:
        msg += "; no such project on this server (check --project with the project's page address)"
    return msg


def _short(exc: Exception) -> str:
    body = getattr(exc, "body", None)
    status = getattr(exc, "status_code", None)
    if isinstance(body, str) and body.lstrip().startswith("<"):
        body = "an HTML page"  # an error page, not an API answer
    shown = f"HTTP {status}: " if status else ""
    return f"{type(exc).__name__}: {shown}{body if body is not None else exc}"[:500]
