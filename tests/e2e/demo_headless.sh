#!/bin/sh
# CTest demo_headless: runs the demo's scripted session and checks what it left behind.
#   demo_headless.sh DEMO DATA_DIR [RECEIVER_CLI]
# Passes (prints 'ticket: NNNN-NNNN' as its last line, exit 0) only when the demo exits 0,
# prints exactly one well-formed ticket line, saves the window PNGs (the form, the editor,
# the edited thumbnail, the confirmation; with the receiver also My requests with the
# agent's note and the report kept while offline, which stays in the outbox) and, when the
# receiver CLI is given, the ticket is in DATA_DIR/receiver.db with its screenshot.
# Without DISPLAY it runs the demo under xvfb-run (scripts/test starts its own Xvfb).
set -u
demo="$1"
dir="$2"
cli="${3:-}"

fail() {
  echo "demo_headless: FAILED: $*" >&2
  exit 1
}

rm -rf "$dir" && mkdir -p "$dir" || fail "cannot create $dir"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then
  set -- xvfb-run -a -s "-screen 0 1600x1000x24" "$demo"
else
  set -- "$demo"
fi
"$@" --headless --data-dir "$dir" --screenshot-out "$dir/panel.png" >"$dir/stdout.txt"
rc=$?
sed "s/^/imcontact-demo stdout: /" "$dir/stdout.txt"
[ "$rc" -eq 0 ] || fail "imcontact-demo --headless exited with $rc"

[ "$(wc -l <"$dir/stdout.txt")" -eq 1 ] || fail "expected exactly one line on stdout"
ticket=$(sed -n 's/^ticket: \([0-9]\{4\}-[0-9]\{4\}\)$/\1/p' "$dir/stdout.txt")
[ -n "$ticket" ] || fail "no 'ticket: NNNN-NNNN' line on stdout"
[ -s "$dir/panel.png" ] || fail "--screenshot-out wrote no PNG"
[ -s "$dir/panel-editor.png" ] || fail "no PNG of the screenshot editor (panel-editor.png)"
[ -s "$dir/panel-thumbnail.png" ] || fail "no PNG of the edited thumbnail (panel-thumbnail.png)"
[ -s "$dir/panel-sent.png" ] || fail "no PNG of the confirmation (panel-sent.png)"
if [ -n "$cli" ]; then   # the agent's note and the offline report need the embedded receiver
  [ -s "$dir/panel-requests.png" ] || fail "no PNG of My requests with the agent's note (panel-requests.png)"
  [ -s "$dir/panel-offline.png" ] || fail "no PNG of the report kept while offline (panel-offline.png)"
  ls "$dir"/outbox/*.report >/dev/null 2>&1 || fail "the report sent while the receiver was down is not in the outbox ($dir/outbox)"
fi

if [ -n "$cli" ]; then
  "$cli" show --db "$dir/receiver.db" "$ticket" >"$dir/show.txt" 2>&1 || { cat "$dir/show.txt" >&2; fail "imcontact-receiver show $ticket failed"; }
  cat "$dir/show.txt"
  grep -q "^Screenshot: *stored" "$dir/show.txt" || fail "the receiver stored no screenshot for $ticket"
  grep -q "imcontact-demo.log" "$dir/show.txt" || fail "the receiver stored no imcontact-demo.log attachment for $ticket"
fi
echo "ticket: $ticket"
