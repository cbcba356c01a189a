"""The lock files pin, to one exact version, every dependency pyproject.toml names."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)")

# Each lock file and the parts of pyproject.toml it must hold (`make lock` writes them).
LOCKS = {
    "requirements.txt": [],
    "requirements-dev.txt": ["test"],
    "requirements-bench.txt": ["test", "bench"],
}


def declared(extras):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    return [Requirement(line) for line in requirements]


def pins(lock_file):
    """The lock's packages and versions; any requirement line that is not `name==version` fails."""
    found = {}
    for line in (ROOT / lock_file).read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = PIN.match(line)
        assert match, f"{lock_file}: {line!r} is not an exact pin"
        found[canonicalize_name(match[1])] = match[2]
    return found


@pytest.mark.parametrize("lock_file", LOCKS)
def test_every_declared_dependency_is_pinned_within_its_range(lock_file):
    locked = pins(lock_file)
    for requirement in declared(LOCKS[lock_file]):
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is not in {lock_file}: run `make lock`"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"{lock_file} pins {name}=={locked[name]}, outside {requirement}: run `make lock`"
        )


@pytest.mark.parametrize("lock_file", ["requirements-dev.txt", "requirements-bench.txt"])
def test_the_wider_locks_keep_the_production_versions(lock_file):
    production = pins("requirements.txt")
    wider = pins(lock_file)
    assert {name: wider.get(name) for name in production} == production
