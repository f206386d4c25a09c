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
  zip unzip                               # reference zip tools (Info-ZIP; unzipsfx for self-extractors)
  libarchive-tools 7zip python3           # bsdtar, 7zz and Python's zipfile: zips made by the tools people use
  chromium                                # the UI tests drive headless Chromium (playwright-core)
  fonts-noto-cjk                          # the Chinese and Japanese wizard in its screenshots, not empty boxes
  python3-fuse                            # counterfeit and failing sticks as FUSE files (test/fixtures/fake-stick.py)
)

# npm honours package.json's allowScripts (which keeps electron's install from downloading its
# binary, which nothing in the tests needs) from npm 11; this project is installed with 11.19.1.
NPM_VERSION=11.19.1

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
if [ "$(printf '%s\n' "$NPM_VERSION" "$(npm --version)" | sort -V | head -n1)" != "$NPM_VERSION" ]; then
  echo "npm $(npm --version) runs every dependency's install script: installing npm $NPM_VERSION from the npm registry"
  $sudo npm install --global --no-audit --no-fund "npm@$NPM_VERSION"
fi
echo "test tools ready: ${packages[*]}, npm $(npm --version)"
