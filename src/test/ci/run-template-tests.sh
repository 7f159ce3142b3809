#!/usr/bin/env bash
# Proves ci-templates/merge-gate.yml, this project's .gitlab-ci.yml and the airflow-dags example
# against GitLab's CI rules without a GitLab server: gitlab-ci-local (pinned in package-lock.json,
# installed into target/ci-tools, never globally) validates each file against GitLab's CI JSON
# schema, interpolates the template's inputs and lists the jobs of simulated pipelines.
#
#   src/test/ci/run-template-tests.sh [--junit FILE]
#
# Needs node (20 or 22), npm and git. Ends with "N passed, N failed"; exits 1 on any failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
here="$root/src/test/ci"
tools="$root/target/ci-tools"

command -v node >/dev/null || { echo "node is not installed: install Node.js 20 or 22 to run the CI template tests" >&2; exit 2; }
command -v git >/dev/null || { echo "git is not installed: the CI template tests need it" >&2; exit 2; }

# Reinstall only when the lock file changed. gitlab-ci-local needs re2, a native module: build it
# from its pinned npm source (DEVELOPMENT_SKIP_GETTING_ASSET stops its install script from
# fetching a prebuilt binary from GitHub instead). Needs make and a C++ compiler, as node:22 has.
if ! cmp -s "$here/package-lock.json" "$tools/package-lock.json" \
    || [ ! -x "$tools/node_modules/.bin/gitlab-ci-local" ]; then
  rm -rf "$tools"
  mkdir -p "$tools"
  cp "$here/package.json" "$here/package-lock.json" "$tools/"
  (cd "$tools" && DEVELOPMENT_SKIP_GETTING_ASSET=1 npm ci --no-audit --no-fund --loglevel=error)
fi

exec node "$here/template-tests.mjs" --root "$root" --tools "$tools" "$@"
