#!/usr/bin/env bash
# Enforces the architecture's dependency rules (README, "Guide to the code")
# as an allow-list: every folder that holds C++ names the project folders and
# the third-party libraries its files may include, and anything else fails.
# The build enforces the same graph (cmake/ViHelpers.cmake, vi_include_root);
# this check also catches what a compiler cannot: a `../` include, a folder
# nobody classified, a rule for a folder that no longer exists, and reading
# the time outside the clock.
#
# Usage: ci/check-deps.sh [ROOT]   (default: the repository this script is in)
set -euo pipefail
root=${1:-"$(dirname "$0")/.."}
cd "$root"

# folder -> "project folders it may include | third-party libraries".
# System and standard headers (<vector>, <sys/socket.h>) are always allowed.
declare -A allow=(
  [base]="base |"
  [model]="base model |"
  [wire]="base model wire | pugixml"
  [mock-server/core]="base model mock-server/core |"
  [mock-server/data]="base model fixtures mock-server/core mock-server/data | nlohmann"
  [mock-server/http]="base mock-server/http | httplib openssl"
  [mock-server/soap]="base model wire mock-server/core mock-server/soap |"
  [mock-server/control]="base model mock-server/core mock-server/control |"
  [mock-server/admin]="base model mock-server/core mock-server/control mock-server/admin | nlohmann"
  [mock-server/server]="base model wire mock-server/core mock-server/data mock-server/http mock-server/soap mock-server/control mock-server/admin mock-server/server | httplib nlohmann"
  [mock-server]="base mock-server/server |"
  [fixtures]="fixtures |"
  [client]="base model wire client | curl"
  [client/cli]="base model wire client | nlohmann"
  [client/examples]="base model wire client |"
  [contracts/runner]="base model wire client contracts/runner | nlohmann pugixml"
)
# Tests may include whatever they link; the compiler holds them to it.
tests_allow="base model wire fixtures mock-server client contracts tests | httplib pugixml nlohmann catch2 curl openssl"
third_party_re='^(httplib|pugixml|nlohmann|catch2|curl|openssl)'

fail=0
problem() { echo "check-deps: $*"; fail=1; }

for folder in "${!allow[@]}"; do
  [ -d "$folder" ] || problem "rule for '$folder', which does not exist (update the allow-list)"
done

rule_for() {  # rule_for FOLDER -> prints the rule, or nothing when unclassified
  local folder=$1
  if [[ -n ${allow[$folder]+set} ]]; then echo "${allow[$folder]}"; return; fi
  if [[ $folder == tests || $folder == tests/* ]]; then echo "$tests_allow"; fi
}

check_file() {  # check_file FILE RULE
  local file=$1 rule=$2 projects libs line target top ok p
  projects=" ${rule%%|*} "
  libs=" ${rule#*|} "
  while IFS= read -r line; do
    [[ $line =~ include[[:space:]]*[\<\"]([^\">]*) ]] && target=${BASH_REMATCH[1]}
    if [[ $target == *../* || $target == ../* ]]; then
      problem "$file:${line%%:*}: relative include \"$target\" (include from the repository root)"
      continue
    fi
    if [[ $line == *'<'* ]]; then
      if [[ $target =~ $third_party_re ]]; then
        top=${BASH_REMATCH[1]}
        [[ $libs == *" $top "* ]] || problem "$file:${line%%:*}: <$target>: $top is not allowed here"
      fi
      continue
    fi
    ok=0
    for p in $projects; do
      if [[ $target == "$p"/* ]]; then ok=1; break; fi
    done
    ((ok)) || problem "$file:${line%%:*}: \"$target\" is outside what $(dirname "$file") may include"
  done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' "$file" || true)
}

while IFS= read -r file; do
  folder=$(dirname "$file")
  folder=${folder#./}
  rule=$(rule_for "$folder")
  if [[ -z $rule ]]; then
    problem "$file: folder '$folder' has no rule in ci/check-deps.sh (add one)"
    continue
  fi
  check_file "$file" "$rule"
done < <(find . \( -path ./build -o -path './build-*' -o -path ./.git -o -path ./tests/fuzz/corpus \) -prune \
           -o -type f \( -name '*.h' -o -name '*.cc' \) -print | sed 's#^\./##' | sort)

if out=$(grep -rnE --exclude=clock.cc \
            '(system_clock|steady_clock|high_resolution_clock)::now|time\(nullptr\)' mock-server/core); then
  problem "mock-server/core reads the time outside clock.cc:"; echo "$out"
fi

if [ "$fail" -ne 0 ]; then exit 1; fi
echo "check-deps: ok"
