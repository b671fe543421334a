"""Checks of ours for the API fuzzer (loaded through SCHEMATHESIS_HOOKS by test/e2e/fuzz.e2e-spec.ts).

The house rule: every error answer is RFC 9457 problem+json with a stable `code` and a `status` equal
to the HTTP status. Schemathesis' own checks only see the content types the document declares for a
status, so an undocumented error (a 4xx the document does not list) is checked here as well.
"""

import json
import os

import schemathesis
from hypothesis.internal import lambda_sources

_describe_lambda = lambda_sources.lambda_description


def _describe_lambda_or_plain(f):
    """Hypothesis' description of a lambda, or a plain one when CPython cannot parse the source.

    On Python 3.11, `ast.parse` run deep in the stack can raise SystemError "AST constructor recursion
    depth mismatch" (CPython's AST recursion-depth bookkeeping). Hypothesis parses source only to name a
    filter lambda in a strategy's repr, so a CI run once ended in a Runtime Error with no finding. The
    name is cosmetic: fall back to a plain one instead of stopping the run.
    """
    try:
        return _describe_lambda(f)
    except SystemError:
        return "lambda: <source not parsed>"


lambda_sources.lambda_description = _describe_lambda_or_plain


@schemathesis.check
def error_is_problem_json(ctx, response, case):
    """Every 4xx/5xx answer is application/problem+json with `status` and `code`."""
    if response.status_code < 400:
        return None
    content_type = (response.headers.get("content-type") or [""])[0]
    if not content_type.startswith("application/problem+json"):
        raise AssertionError(
            f"{response.status_code} answered with content-type {content_type!r}, not application/problem+json"
        )
    try:
        body = json.loads(response.content or b"")
    except ValueError as error:
        raise AssertionError(f"{response.status_code} problem+json body is not JSON: {error}") from error
    if not isinstance(body, dict):
        raise AssertionError(f"{response.status_code} problem+json body is not an object")
    if body.get("status") != response.status_code:
        raise AssertionError(f"problem status {body.get('status')!r} differs from HTTP {response.status_code}")
    if not isinstance(body.get("code"), str) or not body["code"]:
        raise AssertionError(f"{response.status_code} problem+json has no `code`")
    return None


_SELF_USER_ID = os.environ.get("FUZZ_SELF_USER_ID")
_OTHER_USER_ID = os.environ.get("FUZZ_OTHER_USER_ID")


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    """Keep the fuzzer's own account out of the user-administration routes.

    Schemathesis reuses ids it read from earlier answers, so it finds the signed-in admin in
    GET /v1/users and then changes that admin's roles: the platform rightly revokes the admin's tokens
    at once, and every later request of the run answered 401 (about half the operations were never
    reached with a working token). Such a request is sent for another user of the same firm instead.
    """
    if not _SELF_USER_ID or not _OTHER_USER_ID or not case.path_parameters:
        return None
    for name, value in list(case.path_parameters.items()):
        if value == _SELF_USER_ID:
            case.path_parameters[name] = _OTHER_USER_ID
    return None
