# Shared by scripts/demo and scripts/test. Source it; do not run it.
# shellcheck shell=bash

IMCONTACT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages needed to build, test and run imcontact.
IMCONTACT_PACKAGES=(
  cmake g++ make pkg-config ca-certificates
  libimgui-dev libglfw3-dev libstb-dev libcurl4-openssl-dev nlohmann-json3-dev
  libcpp-httplib-dev libsqlite3-dev catch2 zlib1g-dev
  libdeflate-dev libwebp-dev   # the screenshot codecs (overlay/src/core/png_codec.cpp, screenshot_codec.cpp)
  libgl-dev libgl1-mesa-dri xvfb xauth
  libsdl2-dev patch   # scripts/matrix: ImGui's example_sdl2_opengl3; the examples' embedding patch
)

log() { printf '\033[1m[imcontact]\033[0m %s\n' "$*" >&2; }

# Installs whatever of IMCONTACT_PACKAGES is missing (apt-get; sudo when not root).
ensure_packages() {
  local missing=()
  for p in "${IMCONTACT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# configure_and_build DIR [extra cmake args...]
configure_and_build() {
  local dir="$1"; shift
  cmake -S "$IMCONTACT_ROOT" -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)"
}

# Starts a private Xvfb and exports DISPLAY; stopped when the script exits.
start_xvfb() {
  local n
  for n in $(seq 90 140); do
    [ -e "/tmp/.X${n}-lock" ] || [ -e "/tmp/.X11-unix/X${n}" ] || break
  done
  Xvfb ":$n" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
  IMCONTACT_XVFB_PID=$!
  trap 'kill $IMCONTACT_XVFB_PID 2>/dev/null' EXIT
  export DISPLAY=":$n"
  for _ in $(seq 1 50); do
    [ -e "/tmp/.X11-unix/X${n}" ] && return 0
    sleep 0.1
  done
  log "Xvfb did not start on :$n"
  return 1
}
