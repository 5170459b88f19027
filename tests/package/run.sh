#!/usr/bin/env bash
# The three embedding routes of README.md ("Embedding the panel"), as an integrator uses
# them, against the current build:
#   1. cmake --install to a fresh prefix; every promised file is there
#   2. (b) installed package: tests/package/host, find_package(imcontact CONFIG) +
#      imcontact_add_overlay() against its own ImGui target; runs the host
#   3. pkg-config: a submitter-only tool, `g++ ... $(pkg-config --cflags --libs imcontact)`
#   4. (c) plain files: the README's file list on one g++ command line; runs the host
#   5. (a) add_subdirectory: tests/package/subdir, configured once in a fresh folder with
#      IMCONTACT_IMGUI_TARGET as a normal variable; only the library built, no -Werror,
#      the host's ImGui (built from ../shared/imgui sources with 32-bit ImWchar and
#      ImDrawIdx when they are there) used by the panel; runs the host
# Every host run compares the panel's view of ImGui's layout with the host's (ODR probe).
# Usage: tests/package/run.sh <imcontact build dir> [work dir]   (ctest -L package)
set -euo pipefail

build="$(cd "$1" && pwd)"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$src/tests/package"
work="${2:-$build/package-test}"
imgui_src="${IMCONTACT_SHARED_IMGUI:-$src/../shared/imgui}/v1.91.9b"
if [ -d "$imgui_src" ]; then imgui_src="$(cd "$imgui_src" && pwd)"; fi
jobs="$(nproc)"

step() { printf '\n=== package: %s\n' "$*"; }
fail() { printf '\n*** package: FAILED: %s\n' "$*" >&2; exit 1; }
trap 'rc=$?; [ $rc -eq 0 ] || printf "\n*** package: FAILED (exit %d)\n" $rc >&2' EXIT

rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"

step "1. cmake --install $build --prefix $prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
for f in lib/libimcontact_core.a lib/libimcontact_submitter.a lib/libimcontact_gl.a \
         include/imcontact/imcontact.h include/imcontact/imcontact_submitter.h include/imcontact/imcontact_version.h \
         include/imcontact/internal/gl_api.h \
         lib/cmake/imcontact/imcontactConfig.cmake lib/cmake/imcontact/imcontactConfigVersion.cmake \
         lib/cmake/imcontact/imcontactTargets.cmake lib/cmake/imcontact/imcontact_overlay.cmake \
         lib/pkgconfig/imcontact.pc bin/imcontact-receiver bin/imcontact-send; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done
ls "$prefix"/lib/cmake/imcontact/imcontactTargets-*.cmake >/dev/null 2>&1 || fail "not installed: imcontactTargets-<config>.cmake"
[ -x "$prefix/bin/imcontact-receiver" ] && [ -x "$prefix/bin/imcontact-send" ] || fail "bin/ programs not executable"
# The installed panel sources are exactly the panel's folder (the one list in
# cmake/imcontact_overlay.cmake misses no file).
diff <(cd "$src/overlay/src/panel" && find . -name '*.cpp' -o -name '*.h' | sort) \
     <(cd "$prefix/share/imcontact/panel" && find . -name '*.cpp' -o -name '*.h' | sort) \
  || fail "share/imcontact/panel differs from overlay/src/panel (IMCONTACT_PANEL_SOURCES is incomplete)"
diff <(cd "$src/overlay/include/imcontact" && find . -name '*.h' | sort) \
     <(cd "$prefix/include/imcontact" && find . -name '*.h' | sort) || fail "installed headers differ from overlay/include/imcontact"
echo "installed: $(cd "$prefix" && find . -type f | wc -l) files"

step "2. installed package: find_package(imcontact CONFIG REQUIRED) + imcontact_add_overlay()"
cmake -S "$here/host" -B "$work/host" -DCMAKE_PREFIX_PATH="$prefix" >"$work/host-configure.log" \
  || { cat "$work/host-configure.log"; fail "configure of the external project"; }
cmake --build "$work/host" -j"$jobs" >"$work/host-build.log" 2>&1 || { cat "$work/host-build.log"; fail "build of the external project"; }
"$work/host/host" "$work/data-package" || fail "the external project's host"

step "3. pkg-config: a submitter-only tool"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
version="$(sed -n 's/^#define IMCONTACT_VERSION *"\(.*\)"/\1/p' "$src/overlay/include/imcontact/imcontact_version.h")"
[ "$(pkg-config --modversion imcontact)" = "$version" ] || fail "pkg-config --modversion imcontact is not $version"
echo "g++ -std=c++17 submitter_only.cpp $(pkg-config --cflags --libs imcontact)"
# shellcheck disable=SC2046
g++ -std=c++17 "$here/submitter_only.cpp" -o "$work/submitter_only" $(pkg-config --cflags --libs imcontact) \
  || fail "the pkg-config build"
"$work/submitter_only" "$work/data-submitter" || fail "the submitter-only tool"

step "4. plain files: overlay/src/**/*.cpp in the host's build"
# README.md, "Embedding the panel", (c): the same list and flags.
mapfile -t files < <(cd "$src" && find overlay/src -name '*.cpp' | sort)
read -r -a sys_cflags <<<"$(pkg-config --cflags libcurl zlib stb libdeflate libwebp)"
read -r -a sys_libs <<<"$(pkg-config --libs libcurl zlib stb libdeflate libwebp)"
flags=(-std=c++17 -I"$src/overlay/include" -I"$src/overlay/src/submitter" "${sys_cflags[@]}"
       -I/usr/include/imgui -I"$here/host" -I"$here/probe" '-DIMGUI_USER_CONFIG="host_imconfig.h"')
echo "g++ ${flags[*]} -c <file>   (${#files[@]} files of overlay/src, the probe, the host)"
mkdir -p "$work/plain"
status=0 pids=()
for f in "${files[@]}" tests/package/probe/library_probe.cpp tests/package/host/main.cpp; do
  g++ "${flags[@]}" -c "$src/$f" -o "$work/plain/${f//\//_}.o" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$jobs" ]; then wait "${pids[0]}" || status=1; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
[ $status -eq 0 ] || fail "compiling the plain file list"
echo "g++ -o host *.o -limgui ${sys_libs[*]} -pthread"
g++ -o "$work/plain/host" "$work"/plain/*.o -limgui "${sys_libs[@]}" -pthread || fail "linking the plain file list"
"$work/plain/host" "$work/data-plain" || fail "the plain-files host"

step "5. add_subdirectory: one configure in a fresh folder, IMCONTACT_IMGUI_TARGET as a normal variable"
sub_args=(-DIMCONTACT_SOURCE_DIR="$src")
if [ -f "$imgui_src/imgui.cpp" ]; then
  sub_args+=(-DHOST_IMGUI_DIR="$imgui_src")
  imgui_inc="$imgui_src"
  echo "host ImGui: $imgui_src, built from source with IMGUI_USE_WCHAR32 and a 32-bit ImDrawIdx"
else
  imgui_inc="/usr/include/imgui"
  echo "host ImGui: Debian's libimgui.a (SKIPPED the layout-changing part: $imgui_src is absent)"
fi
cmake -S "$here/subdir" -B "$work/subdir" "${sub_args[@]}" >"$work/subdir-configure.log" 2>&1 \
  || { cat "$work/subdir-configure.log"; fail "configure of the add_subdirectory host"; }
grep -F "the panel compiles against the host's Dear ImGui target 'host_imgui'" "$work/subdir-configure.log" \
  || fail "imcontact did not take IMCONTACT_IMGUI_TARGET on the first configure"
grep -F "subdir host: imcontact defined only the library's targets" "$work/subdir-configure.log" >/dev/null \
  || fail "the add_subdirectory host did not check imcontact's targets"
cmake --build "$work/subdir" -j"$jobs" >"$work/subdir-build.log" 2>&1 \
  || { cat "$work/subdir-build.log"; fail "build of the add_subdirectory host"; }
cc_json="$work/subdir/compile_commands.json"
if grep -F -- "-Werror" "$cc_json" >/dev/null; then
  grep -F -- "-Werror" "$cc_json" | head -3
  fail "-Werror reached a compile command under add_subdirectory"
fi
panel_cmd="$(grep -F '"command"' "$cc_json" | grep -F 'overlay/src/panel/context.cpp' || true)"
[ -n "$panel_cmd" ] || fail "no compile command for the panel's context.cpp"
case "$panel_cmd" in *"$imgui_inc "*) ;; *) echo "$panel_cmd"; fail "the panel was not compiled with the host's ImGui include dir $imgui_inc";; esac
case "$panel_cmd" in *IMGUI_USER_CONFIG*) ;; *) echo "$panel_cmd"; fail "the host's IMGUI_USER_CONFIG did not reach the panel";; esac
if [ "$imgui_inc" != /usr/include/imgui ]; then
  case "$panel_cmd" in *"/usr/include/imgui"*) echo "$panel_cmd"; fail "the panel also saw Debian's ImGui headers";; esac
  case "$panel_cmd" in *IMGUI_USE_WCHAR32*) ;; *) echo "$panel_cmd"; fail "IMGUI_USE_WCHAR32 (from the target host_imgui links) did not reach the panel";; esac
fi
echo "the panel's compile command uses the host's ImGui ($imgui_inc) and its definitions; no -Werror"
"$work/subdir/host" "$work/data-subdir" || fail "the add_subdirectory host"
# A second configure (the cache now holds IMCONTACT_IMGUI_TARGET) keeps the host's target.
cmake "$work/subdir" >"$work/subdir-reconfigure.log" 2>&1 || { cat "$work/subdir-reconfigure.log"; fail "second configure"; }
grep -F "the panel compiles against the host's Dear ImGui target 'host_imgui'" "$work/subdir-reconfigure.log" >/dev/null \
  || fail "a second configure lost IMCONTACT_IMGUI_TARGET"

printf '\n=== package: all routes passed\n'
