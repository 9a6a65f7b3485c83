#!/usr/bin/env bash
# Runs a command with a private Secret Service: a new D-Bus session bus and a fresh, unlocked
# GNOME Keyring whose files live in a temporary HOME that is deleted afterwards. The user's real
# keyring is never touched. Works headless (no X display) and as root.
#
# Usage: tools/with-keyring.sh COMMAND [ARGS...]
# Exits with COMMAND's exit status (125 if the keyring could not be set up, 64 for bad usage).
#
# Example: tools/with-keyring.sh build/tests/unit/tst_keychainsecretstore
set -euo pipefail

readonly inner_flag=--inside-private-keyring-session
self=$(readlink -f "${BASH_SOURCE[0]}")

die() {
    echo "with-keyring: $*" >&2
    exit 125
}

if [[ "${1:-}" != "$inner_flag" ]]; then
    # Outer part: a temporary home for everything the keyring and D-Bus write, then a private
    # session bus. HOME is set before the bus starts, so that even a keyring daemon started by
    # D-Bus activation would only ever see the temporary one.
    if [[ $# -eq 0 ]]; then
        echo "usage: ${0##*/} COMMAND [ARGS...]" >&2
        exit 64
    fi
    command -v dbus-run-session >/dev/null || die "dbus-run-session not found (apt install dbus)"
    command -v gnome-keyring-daemon >/dev/null \
        || die "gnome-keyring-daemon not found (apt install gnome-keyring)"

    tmp=$(mktemp -d "${TMPDIR:-/tmp}/with-keyring.XXXXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/runtime"
    chmod 700 "$tmp" "$tmp/runtime"
    export HOME="$tmp/home"
    export XDG_DATA_HOME="$tmp/data"
    export XDG_CONFIG_HOME="$tmp/config"
    export XDG_CACHE_HOME="$tmp/cache"
    export XDG_RUNTIME_DIR="$tmp/runtime"
    # Headless: no display to prompt on, and nothing inherited from a desktop session.
    unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
    unset XDG_CURRENT_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION KDE_SESSION_VERSION
    unset GNOME_DESKTOP_SESSION_ID

    # Not exec: the temporary home is removed when the session has ended.
    status=0
    dbus-run-session -- "$self" "$inner_flag" "$@" || status=$?
    exit "$status"
fi

# Inner part: we are on the private bus now.
shift
[[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]] || die "no private D-Bus session was started"

# With a password on stdin, --unlock creates the "login" keyring, makes it the default
# collection and unlocks it, so nothing ever needs to prompt. An empty password does not create
# it, so use a throwaway one: the keyring is deleted with the temporary home.
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
if ! output=$(printf '%s' "$password" | gnome-keyring-daemon --unlock --components=secrets); then
    die "gnome-keyring-daemon could not be started"
fi
unset password
# Export what it prints (e.g. GNOME_KEYRING_CONTROL=...), but only NAME=VALUE lines.
while IFS= read -r line; do
    if [[ "$line" =~ ^([A-Z_][A-Z0-9_]*)=(.*)$ ]]; then
        export "${BASH_REMATCH[1]}=${BASH_REMATCH[2]}"
    fi
done <<<"$output"

# The daemon forks; wait until it owns the Secret Service name and has a default collection.
bus_call() {
    dbus-send --session --print-reply --dest="$1" "$2" "$3" "${@:4}" 2>/dev/null
}
keyring_pid=
for _ in $(seq 1 100); do
    if reply=$(bus_call org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets); then
        keyring_pid=$(awk '/uint32/ { print $2 }' <<<"$reply")
        break
    fi
    sleep 0.1
done
[[ -n "$keyring_pid" ]] || die "the Secret Service did not appear on the private bus"
trap 'kill "$keyring_pid" 2>/dev/null || true' EXIT
alias=$(bus_call org.freedesktop.secrets /org/freedesktop/secrets \
    org.freedesktop.Secret.Service.ReadAlias string:default || true)
[[ "$alias" == *"/collection/"* ]] || die "the keyring has no unlocked default collection"

# Not exec: the keyring daemon is stopped when the command has ended (EXIT trap).
status=0
"$@" || status=$?
exit "$status"
