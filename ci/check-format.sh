#!/usr/bin/env bash
# Fails when a tracked C++ file differs from what clang-format (the project's
# .clang-format) would write. Fix with: ci/check-format.sh --fix
set -euo pipefail
cd "$(dirname "$0")/.."
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.h' '*.cc')
else  # an unpacked archive: every C++ file outside build trees
  mapfile -t files < <(find . \( -path './build*' -o -path ./.git \) -prune -o \
                         -type f \( -name '*.h' -o -name '*.cc' \) -print | sort)
fi
if [[ ${1:-} == --fix ]]; then
  clang-format -i "${files[@]}"
  exit 0
fi
if ! out=$(clang-format --dry-run --Werror "${files[@]}" 2>&1); then
  echo "$out" | grep -E '^[^ ].*(warning|error):' | sed -E 's/:[0-9]+:[0-9]+: (warning|error):.*//' | sort -u |
    sed 's/^/check-format: needs formatting: /'
  echo "check-format: run ci/check-format.sh --fix"
  exit 1
fi
echo "check-format: ${#files[@]} files ok"
