#!/bin/sh
# Renders the app icon electron-builder packages (build/icon.png, 1024×1024: it derives the
# Windows .ico, macOS .icns and Linux sizes from it) from its source, build/icon.svg.
# Needs rsvg-convert (Debian: apt-get install librsvg2-bin). Run again after editing the SVG.
set -eu
cd "$(dirname "$0")"
rsvg-convert --width 1024 --height 1024 --format png --output icon.png icon.svg
