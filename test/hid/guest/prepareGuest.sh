#!/usr/bin/env bash
# prepareGuest.sh — everything the HID guest needs, cached: Debian's qemu-system-x86, cpio and
# xz-utils (installed when missing), Debian's kernel package and busybox-static (downloaded, never
# installed), the uncompressed kernel and the initramfs. Works unattended on a fresh Debian 12
# machine as root. Prints "kernel=PATH" and "initrd=PATH" on stdout; progress on stderr.
#
#   env MYNA_HID_CACHE   cache directory (default /var/cache/myna-kiosk-hid); delete it to pick up a newer kernel
#
# Exit 0, or 125 with a message saying what is missing.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${MYNA_HID_CACHE:-/var/cache/myna-kiosk-hid}
T0=${EPOCHREALTIME/[.,]/}
die() { echo "prepareGuest: $*" >&2; exit 125; }
log() {
  local ms=$(((${EPOCHREALTIME/[.,]/} - T0) / 1000))
  printf 'prepareGuest [%d.%03d s]: %s\n' $((ms / 1000)) $((ms % 1000)) "$*" >&2
}

# The modules the guest loads. Only the leaves; their dependencies (virtio, 9pnet, netfs, hid, ...)
# come from each module's .modinfo "depends=", so the order is derived, not hard-coded.
#   virtio_pci: the PCI transport for 9p   9pnet_virtio, 9p: the host's /   uhid: /dev/uhid   hid_generic: uhid devices -> /dev/hidrawN
MODULE_ROOTS="virtio_pci 9pnet_virtio 9p uhid hid_generic"

apt_updated=
apt_update_once() {
  # Fresh images have empty or stale package lists; a stale list gives 404s on download.
  [[ $apt_updated ]] && return 0
  log "apt-get update"
  apt-get update -qq >&2 || die "apt-get update failed: is the Debian archive reachable?"
  apt_updated=1
}

ensure_packages() {
  local missing=()
  command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
  command -v cpio >/dev/null || missing+=(cpio)
  command -v xz >/dev/null || missing+=(xz-utils) # busybox unxz lacks the x86 BCJ filter the kernel's xz stream uses
  ((${#missing[@]})) || return 0
  [[ $(id -u) == 0 ]] || die "missing Debian packages ${missing[*]}, and this is not root: apt-get install -y --no-install-recommends ${missing[*]}"
  apt_update_once
  log "installing ${missing[*]}"
  # --no-install-recommends: the recommends pull in GUI and audio libraries a headless guest does not need.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
    die "could not install ${missing[*]} (apt-get install failed; see above)"
  command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 is still missing after installing qemu-system-x86"
}

# apt-get download as root into a root-owned directory: the _apt sandbox user could not write there.
apt_download() { (cd "$1" && apt-get download -qq -o APT::Sandbox::User=root "$2" >&2) || die "apt-get download $2 failed"; }

module_depends() { # the "depends=" of one module, read from its .modinfo strings (no kmod needed)
  case $1 in
    *.ko.xz) xz -dc "$1" ;;
    *) cat "$1" ;;
  esac | tr '\0' '\n' | sed -n 's/^depends=//p' # no `head`: an early exit would SIGPIPE the producer
}

build_initramfs() { # $1 = unpacked kernel package, $2 = kernel version, $3 = output
  local kroot=$1 kver=$2 out=$3 stage f m
  local modroot="$kroot/lib/modules/$kver"
  declare -A path=() seen=()
  local order=()
  while IFS= read -r f; do
    m=${f##*/}; m=${m%%.ko*}; path[${m//-/_}]=$f
  done < <(find "$modroot/kernel" -name '*.ko' -o -name '*.ko.xz')
  visit() { # depth first: dependencies before the module, each once
    local m=${1//-/_} d
    [[ ${seen[$m]-} ]] && return 0
    seen[$m]=1
    if [[ -z ${path[$m]-} ]]; then
      grep -Eq "/${m//_/[-_]}\.ko(\.xz)?\$" "$modroot/modules.builtin" && return 0 # built in: nothing to load
      die "kernel module $m is not in the $kver package"
    fi
    for d in $(module_depends "${path[$m]}" | tr ',' ' '); do visit "$d"; done
    order+=("$m")
  }
  for m in $MODULE_ROOTS; do visit "$m"; done
  log "guest modules in load order: ${order[*]}"

  stage=$(mktemp -d "$CACHE/stage.XXXXXX")
  mkdir -p "$stage"/{bin,dev,proc,sys,host,lib/modules}
  cp "$CACHE/busybox" "$stage/bin/busybox"
  install -m 755 "$HERE/init.sh" "$stage/init"
  for m in "${order[@]}"; do
    case ${path[$m]} in
      *.xz) xz -dc "${path[$m]}" >"$stage/lib/modules/$m.ko" ;; # busybox insmod loads plain ELF only
      *) cp "${path[$m]}" "$stage/lib/modules/$m.ko" ;;
    esac
  done
  printf '%s\n' "${order[@]}" >"$stage/lib/modules/load-order"
  # newc is the cpio format the kernel unpacks; every file root-owned.
  (cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -9 >"$out.tmp"
  mv "$out.tmp" "$out"
  rm -rf "$stage"
}

# Under TCG the bzImage's own decompressor costs seconds on every boot. Debian's kernel has
# CONFIG_PVH, so QEMU can load the plain ELF vmlinux: decompress it once, here.
extract_vmlinux() { # $1 = bzImage, $2 = output
  local off
  for off in $(LC_ALL=C grep -obUa "$(printf '\3757zXZ')" "$1" | cut -d: -f1); do
    # xz stops at the end of its stream and tail may die of SIGPIPE, which pipefail would count: `|| true`.
    if { tail -c +$((off + 1)) "$1" || true; } | xz -dc --single-stream >"$2.tmp" 2>/dev/null &&
      [[ $(head -c 4 "$2.tmp" | tr -d '\0') == $'\177ELF' ]]; then
      mv "$2.tmp" "$2"
      return 0
    fi
  done
  rm -f "$2.tmp"
  return 1
}

prepare() {
  ensure_packages
  mkdir -p "$CACHE/debs"
  rm -rf "$CACHE"/stage.* "$CACHE"/kernel.* "$CACHE"/bb.* # leftovers of an interrupted build (we hold the lock)

  # The kernel package is pinned once resolved, so a cached run never asks apt.
  local kpkg kver deb
  if [[ ! -s $CACHE/kernel-package ]]; then
    apt_update_once
    # linux-image-amd64 is the metapackage; its Depends names the current ABI (linux-image-6.1.0-NN-amd64 on bookworm).
    kpkg=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p')
    kpkg=${kpkg%%$'\n'*}
    [[ $kpkg ]] || die "cannot resolve the kernel package from linux-image-amd64"
    echo "$kpkg" >"$CACHE/kernel-package"
  fi
  kpkg=$(<"$CACHE/kernel-package")
  kver=${kpkg#linux-image-}

  # busybox-static is unpacked, never installed: installing it would replace the host's busybox.
  if [[ ! -x $CACHE/busybox ]]; then
    apt_update_once
    log "downloading busybox-static"
    local tmp; tmp=$(mktemp -d "$CACHE/bb.XXXXXX")
    apt_download "$tmp" busybox-static
    dpkg-deb -x "$tmp"/busybox-static_*.deb "$tmp/x"
    cp "$tmp/x/bin/busybox" "$CACHE/busybox"
    rm -rf "$tmp"
  fi

  local key
  key=$(cat <(echo "$kpkg $MODULE_ROOTS") "$HERE/init.sh" | sha256sum | cut -c1-16)
  INITRD="$CACHE/initrd-$key.cpio.gz"
  KERNEL="$CACHE/kernel-$kver"
  [[ -s $INITRD && -s $KERNEL ]] && return 0

  deb=$(compgen -G "$CACHE/debs/${kpkg}_*.deb" || true)
  if [[ -z $deb ]]; then
    apt_update_once
    log "downloading $kpkg (about 70 MB)"
    apt_download "$CACHE/debs" "$kpkg"
    deb=$(compgen -G "$CACHE/debs/${kpkg}_*.deb") || die "apt-get download left no $kpkg package"
  fi
  deb=${deb%%$'\n'*}
  log "unpacking $kpkg and building the initramfs"
  local kroot; kroot=$(mktemp -d "$CACHE/kernel.XXXXXX")
  dpkg-deb -x "$deb" "$kroot"
  if [[ ! -s $KERNEL ]]; then
    if ! grep -qx 'CONFIG_PVH=y' "$kroot/boot/config-$kver" || ! extract_vmlinux "$kroot/boot/vmlinuz-$kver" "$KERNEL"; then
      log "no PVH vmlinux; the guest boots the compressed bzImage (slower)"
      cp "$kroot/boot/vmlinuz-$kver" "$KERNEL"
    fi
  fi
  rm -f "$CACHE"/initrd-*.cpio.gz
  build_initramfs "$kroot" "$kver" "$INITRD"
  rm -rf "$kroot" # 400 MB unpacked; the .deb stays for rebuilds
  log "cached in $CACHE"
}

mkdir -p "$CACHE" || die "cannot create $CACHE (run as root, or set MYNA_HID_CACHE)"
exec 9>"$CACHE/.lock"
flock 9 # two first runs in parallel must not build the same files
prepare
exec 9>&-
echo "kernel=$KERNEL"
echo "initrd=$INITRD"
