"""Browser tests: Playwright driving Debian's chromium (never a downloaded browser) against
pytest-django's live server, with axe-core checking every page visited."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from homecase.accounts.models import Role

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}


def _apt_get(*args: str) -> bool:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = ["apt-get", "-q", "-y", *args]
    # A fixed command with fixed arguments: nothing from outside reaches it.
    done = subprocess.run(command, env=env, capture_output=True, timeout=900, check=False)  # noqa: S603
    return done.returncode == 0


def _chromium_missing_reason() -> str | None:
    """Install Debian's chromium if it is not there; the reason it is still missing, if so."""
    if CHROMIUM.exists():
        return None
    if shutil.which("apt-get") is None:
        return f"{CHROMIUM} is missing and there is no apt-get to install Debian's chromium"
    if os.geteuid() != 0:
        return f"{CHROMIUM} is missing: run `apt-get install -y chromium` as root"
    if not _apt_get("install", "chromium"):
        _apt_get("update")
        _apt_get("install", "chromium")
    return None if CHROMIUM.exists() else "`apt-get install -y chromium` did not install it"


@pytest.fixture(scope="session")
def browser():
    reason = _chromium_missing_reason()
    if reason:
        pytest.fail(f"No browser for the browser tests: {reason}.", pytrace=False)
    # Playwright's sync API keeps an event loop running in this thread; Django's ORM, used by
    # the tests to set up data, would otherwise refuse to run "in an async context".
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def role_groups(transactional_db):
    """The role groups the migrations made: a transactional test before this one may have
    flushed them away."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@pytest.fixture
def page(browser, live_server, role_groups):
    """A fresh browser page on the live server, failing the test on any broken request."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    failures: list[str] = []
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and r.request.resource_type != "document"
            and failures.append(f"{r.status} {r.url}")
        ),
    )
    # A request the browser itself aborted (the page moved on before, say, the favicon came
    # back) is not a broken link; a missing file still shows as a 4xx response above.
    page.on(
        "requestfailed",
        lambda r: (
            r.failure != "net::ERR_ABORTED" and failures.append(f"failed {r.url}: {r.failure}")
        ),
    )
    yield page
    context.close()
    assert failures == [], "Requests failed while the pages loaded"


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        lines.extend(
            f"    at {json.dumps(node['target'])}: {node['failureSummary']}"
            for node in violation["nodes"]
        )
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Run axe-core on the page; fail on any serious or critical violation."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe found problems on {page.url}:\n{_describe(blocking)}"
