#!/usr/bin/env bash
# runInGuest.sh — run one command inside a throw-away QEMU guest (software emulation, TCG) whose
# Debian 6.1 kernel has uhid, with the host's / as its root, read-only. Derived from the tested
# reference rig (../shared/domain/rig-scripts/qemu-guest-run.sh); results come back on the serial
# console only.
#
#   runInGuest.sh [--timeout SECONDS] -- COMMAND ARGS...
#
# COMMAND runs as root in the caller's working directory with PATH, HOME, LANG, every MYNA_HID_*
# variable, TMPDIR=/run/tmp (a guest tmpfs) and MYNA_HID_GUEST=1. Its stdout and stderr (merged, not a
# terminal) are streamed to our stdout. Exit status: COMMAND's; 124 on timeout; 125 when the guest
# could not be prepared or never reported a status (the console tail is then shown on stderr).
# No KVM: nested KVM hangs on these VMs (hardware-rig.md §3).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${MYNA_HID_CACHE:-/var/cache/myna-kiosk-hid}
TIMEOUT=120
die() { echo "runInGuest: $*" >&2; exit 125; }

while (($#)); do
  case $1 in
    --timeout) TIMEOUT=${2:?--timeout needs a value}; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
(($#)) || die "no command (usage: runInGuest.sh [--timeout S] -- COMMAND ARGS...)"

prepared=$("$HERE/prepareGuest.sh") || exit 125
KERNEL=$(sed -n 's/^kernel=//p' <<<"$prepared")
INITRD=$(sed -n 's/^initrd=//p' <<<"$prepared")
[[ -s $KERNEL && -s $INITRD ]] || die "prepareGuest.sh gave no kernel/initrd"

RUN=$(mktemp -d "$CACHE/run.XXXXXX")
# The job is a file on the host: the guest reads it through the read-only 9p root, named on the
# kernel command line (mktemp paths have no spaces).
shq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
{
  echo '# written by runInGuest.sh'
  while IFS= read -r -d '' kv; do
    name=${kv%%=*}
    case $name in PATH | HOME | LANG | MYNA_HID_*) printf 'export %s=%s\n' "$name" "$(shq "${kv#*=}")" ;; esac
  done < <(env -0)
  echo 'export TMPDIR=/run/tmp MYNA_HID_GUEST=1'
  printf 'cd %s || exit 125\n' "$(shq "$PWD")"
  printf 'exec'
  for a in "$@"; do printf ' %s' "$(shq "$a")"; done
  printf '\n'
} >"$RUN/job.sh"

QEMU=(
  qemu-system-x86_64
  -accel tcg -cpu max -m 1024 -smp 1
  # No default devices (VGA, NIC and its option ROM, floppy, CD-ROM): faster boot, less noise.
  -nodefaults -no-user-config -nographic -serial stdio -monitor none
  # The guest powers off at the end; a panic (panic=-1) reboots, which -no-reboot turns into an exit.
  -no-reboot
  -kernel "$KERNEL" -initrd "$INITRD"
  -append "console=ttyS0 rdinit=/init panic=-1 quiet loglevel=3 myna_job=$RUN/job.sh"
  # multidevs=remap: / may span several filesystems whose inode numbers would collide in the guest.
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
  -pidfile "$RUN/qemu.pid"
)

stop_qemu() {
  local pid
  pid=$(cat "$RUN/qemu.pid" 2>/dev/null || true)
  [[ -z $pid ]] || kill "$pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
# bash runs traps only between commands: QEMU runs in the background and we wait for it.
trap 'stop_qemu; rm -rf "$RUN"; exit 130' INT
trap 'stop_qemu; rm -rf "$RUN"; exit 143' TERM HUP

# stdin /dev/null: QEMU would otherwise put a terminal into raw mode. Only the lines between the
# markers reach our stdout (the firmware's escape codes and the kernel's messages stay in the log).
(
  set +e
  timeout "$TIMEOUT" "${QEMU[@]}" </dev/null | tee "$RUN/console.log" |
    awk '
      { sub(/\r$/, "") }
      on && /=====myna-hid-guest:exit=[0-9]+=====/ { on = 0; next }
      on { print; fflush(); next }
      /=====myna-hid-guest:begin=====/ { on = 1 }'
  echo "${PIPESTATUS[0]}" >"$RUN/qemu.rc"
) &
wait $!

rc=$(sed -n 's/.*=====myna-hid-guest:exit=\([0-9]*\)=====.*/\1/p' "$RUN/console.log" | tail -n 1)
if [[ $rc ]]; then
  rm -rf "$RUN"
  exit "$rc"
fi
qrc=$(cat "$RUN/qemu.rc" 2>/dev/null || echo '?')
if [[ $qrc == 124 ]]; then
  echo "runInGuest: the guest did not finish within ${TIMEOUT}s; console log kept in $RUN/console.log" >&2
  exit 124
fi
echo "runInGuest: the guest reported no exit status (qemu exit $qrc). Last console lines:" >&2
tail -n 40 "$RUN/console.log" | sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1b.//g' -e 's/\r//g' >&2
echo "runInGuest: console log kept in $RUN/console.log" >&2
exit 125
