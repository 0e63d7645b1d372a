# shellcheck shell=bash
# Shared by scripts/dev, scripts/test and scripts/prod (sourced, not run).
# Each script installs what it needs itself, so a fresh clone on a fresh Debian 12 works,
# and skips what is already up to date, so running it again is quick.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT" || exit 1
VENV="$REPO_ROOT/.venv"
PY="$VENV/bin/python"

say() { printf '==> %s\n' "$*"; }
die() {
  printf 'ERROR: %s\n' "$*" >&2
  exit 1
}
is_root() { [[ $(id -u) -eq 0 ]]; }
manage() { "$PY" manage.py "$@"; }

# apt_install PKG... : root installs Debian packages itself; anyone else is told exactly what to run.
_apt_updated=0
apt_install() {
  is_root || die "missing Debian packages: $*
  Install them with: sudo apt-get update && sudo apt-get install -y $*
  then run this command again."
  say "Installing Debian packages: $*"
  if [[ $_apt_updated -eq 0 ]]; then
    apt-get update -q
    _apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# The first Python >= 3.11 found (Debian 12 ships 3.11 as python3); PYTHON=... picks another.
find_python() {
  local py
  for py in ${PYTHON:-} python3.11 python3; do
    if command -v "$py" >/dev/null && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      echo "$py"
      return
    fi
  done
  die "Python 3.11 or newer is needed (Debian 12: apt-get install -y python3 python3-venv)"
}

# ensure_venv REQUIREMENTS_FILE : .venv with those pins installed.
# A stamp holds a hash of the requirements files and the interpreter, so pip runs only when they change.
ensure_venv() {
  local req=$1 stamp="$VENV/.stamp-$1" want py
  if [[ ! -x $PY ]] || ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    py=$(find_python)
    say "Creating .venv with $($py --version)"
    rm -rf "$VENV"
    # Debian's python3 has no venv module until python3-venv is installed.
    if ! "$py" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      apt_install python3-venv
      "$py" -m venv "$VENV"
    fi
  fi
  want=$(cat requirements*.txt <("$PY" --version) | sha256sum | cut -d' ' -f1)
  if [[ -f $stamp && $(<"$stamp") == "$want" ]]; then
    say "Python packages up to date ($req)"
    return
  fi
  say "Installing Python packages ($req)"
  "$PY" -m pip install --disable-pip-version-check -q -r "$req"
  echo "$want" >"$stamp"
}

# Front-end libraries (Bootstrap, icons, htmx, Chart.js) come from the npm registry as pinned in
# package-lock.json, and Django serves them from node_modules (STATICFILES_DIRS in config/settings.py).
ensure_node_modules() {
  command -v npm >/dev/null || apt_install nodejs npm
  local stamp=node_modules/.stamp-lock want
  want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
  if [[ -f $stamp && $(<"$stamp") == "$want" ]]; then
    say "Front-end packages up to date"
    return
  fi
  say "Installing front-end packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp" # npm ci empties node_modules first, so the stamp is written after it
}

# Gettext catalogs: Babel compiles .po to .mo, so GNU gettext (msgfmt) is not needed.
compile_messages() {
  local domains=""
  [[ -d locale ]] && domains=$(find locale -path '*/LC_MESSAGES/*.po' -printf '%f\n' | sed 's/\.po$//' | sort -u)
  if [[ -z $domains ]]; then
    say "No translation catalogs in locale/, nothing to compile"
    return
  fi
  say "Compiling translations (Babel)"
  local domain
  for domain in $domains; do
    "$VENV/bin/pybabel" -q compile -d locale -D "$domain"
  done
}

# load_dotenv : export the variables of .env that the environment does not set already, parsed by
# django-environ exactly as config/settings.py does (the environment wins over .env).
load_dotenv() {
  [[ -f .env ]] || return 0
  local pair
  while IFS= read -r -d '' pair; do
    export "${pair?}"
  done < <("$PY" -c '
import os, sys, environ
before = set(os.environ)
environ.Env.read_env(".env", overwrite=False)
sys.stdout.write("".join(f"{k}={v}\0" for k, v in os.environ.items() if k not in before))')
}

# wait_for NAME COMMAND... : a service just started needs a moment before it answers.
wait_for() {
  local name=$1
  shift
  for _ in $(seq 30); do
    "$@" && return 0
    sleep 1
  done
  die "$name did not answer within 30 seconds"
}
