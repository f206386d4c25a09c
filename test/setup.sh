#!/usr/bin/env bash
# Installs the Debian tools the tests use to judge and boot what we write.
# Idempotent; needs root (or sudo) on a Debian/Ubuntu machine.
set -euo pipefail

packages=(
  dosfstools mtools fdisk util-linux      # fsck.fat, mtools, sfdisk, blkid, losetup
  e2fsprogs                               # a mounted ext4 loop device for the drive-safety tests
  pkexec                                  # the writer's elevation path, run for real as an unprivileged user
  syslinux syslinux-common syslinux-efi   # the reference installer and the boot files of the test release
  qemu-system-x86 ovmf                    # boot tests under SeaBIOS and OVMF
  busybox-static cpio                     # the test release's initramfs
  zip unzip                               # reference zip tools
  chromium                                # the UI tests drive headless Chromium (playwright-core)
  python3-fuse                            # counterfeit and failing sticks as FUSE files (test/fixtures/fake-stick.py)
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# The boot tests download Debian's cloud kernel package, so the package lists must be current too.
if ((${#missing[@]})) || ! apt-cache policy linux-image-cloud-amd64 | grep -q 'Candidate: [0-9]'; then
  $sudo apt-get update -qq
fi
if ((${#missing[@]})); then
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "test tools ready: ${packages[*]}"
