#!/bin/busybox sh
# The guest's /init (PID 1, busybox sh), baked into the initramfs by prepareGuest.sh (its text is
# part of the cache key). It loads the modules, mounts the host's / read-only over 9p, runs the job
# the host named on the kernel command line (myna_job=PATH, a file on the host) inside a chroot of
# the host's /, prints its exit status as a marker line and powers off.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# The kernel opened /dev/console before devtmpfs existed; reopen it so we do not depend on that.
exec </dev/console >/dev/console 2>&1
# No CR before each LF: lines reach the host as they were written.
stty -onlcr

fail() {
  echo "myna-hid-guest init: $*"
  echo "=====myna-hid-guest:exit=125====="
  poweroff -f
  sleep 10
}

while read -r m; do insmod "/lib/modules/$m.ko" || fail "insmod $m failed"; done </lib/modules/load-order

# msize: fewer 9p round trips for node's large reads. cache=loose: the guest keeps what it has read
# (node stats and opens many files while loading modules), about 1 s less per boot; the host does
# not change these files during a run.
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,ro,cache=loose hostroot /host || fail "cannot mount the host root (9p tag hostroot)"
# The host's /proc, /sys and /dev mean nothing here: the guest's own replace them.
mount --bind /proc /host/proc
mount --bind /sys /host/sys
mount --bind /dev /host/dev
# Writable scratch (TMPDIR). /run, not /tmp: hiding the host's /tmp would hide code under test there.
mount -t tmpfs -o mode=0755 tmpfs /host/run
mkdir -m 1777 /host/run/tmp

job=$(sed -n 's/.*myna_job=\([^ ]*\).*/\1/p' /proc/cmdline)
[ -n "$job" ] || fail "no myna_job= on the kernel command line"

echo "=====myna-hid-guest:begin====="
# Through a pipe, not the console: the job's output is not a terminal (no colours), as in CI.
{
  chroot /host /bin/sh "$job" </dev/null
  printf '\n=====myna-hid-guest:exit=%d=====\n' "$?"
} 2>&1 | cat
sync
poweroff -f
