#!/usr/bin/env bash
# One-time import of the King James Bible text from Debian (run by hand, never at build or test time).
# Downloads bible-kjv-text (the compressed text) and bible-kjv (the `bible` reader that decompresses it)
# with apt-get download, extracts both with dpkg-deb -x (nothing is installed), dumps every verse with
# `bible -f` (one verse per line, "<Ref> <text>", no line wrapping), and writes
#   datasets/kjv/kjv.txt.gz   the dump, gzip -9 -n (no name, no timestamp: same bytes every run)
#   datasets/kjv/PROVENANCE   package versions, sources, licence status and SHA-256 of every input
# Afterwards run `npm run build -w datasets -- --write` to regenerate the manifest from the new text.
set -euo pipefail

VERSION=4.38
ARCH=$(dpkg --print-architecture)
DEST=$(cd "$(dirname "$0")/../kjv" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

if ! apt-get download "bible-kjv-text=$VERSION" "bible-kjv=$VERSION" >&2; then
  echo "apt-get download failed; run apt-get update once and retry" >&2
  exit 1
fi
TEXT_DEB="bible-kjv-text_${VERSION}_all.deb"
READER_DEB="bible-kjv_${VERSION}_${ARCH}.deb"
dpkg-deb -x "$TEXT_DEB" text
dpkg-deb -x "$READER_DEB" reader

# env -i: the dump must not depend on the caller's COLUMNS, locale or anything else.
env -i reader/usr/bin/bible -f -p "$WORK/text/usr/lib" Gen1:1-Rev22:21 > kjv.txt

LINES=$(wc -l < kjv.txt)
if [ "$LINES" -ne 31102 ]; then
  echo "expected 31102 verses (one per line), got $LINES" >&2
  exit 1
fi
if LC_ALL=C grep -q $'\r' kjv.txt; then
  echo "unexpected CR in the dump" >&2
  exit 1
fi

gzip -9 -n -c kjv.txt > "$DEST/kjv.txt.gz"
sha() { sha256sum "$1" | cut -d' ' -f1; }

cat > "$DEST/PROVENANCE" <<END
King James Version of the Bible (1611), plain text, one verse per line.

Source          Debian bookworm, main, section doc
Text package    bible-kjv-text $VERSION (all), source package bible-kjv
                SHA-256 $(sha "$TEXT_DEB")  $TEXT_DEB
                SHA-256 $(sha text/usr/lib/bible.data)  usr/lib/bible.data (BRS-compressed text)
Reader package  bible-kjv $VERSION ($ARCH), the 'bible' program that decompresses bible.data
                SHA-256 $(sha "$READER_DEB")  $READER_DEB
Maintainer      Matthew Vernon <matthew@debian.org>
Upstream        Bible Retrieval System, Chip Chapin, Hewlett Packard Company (1989-1993)

Extraction      apt-get download, dpkg-deb -x (not installed), then
                env -i bible -f -p <extracted usr/lib> Gen1:1-Rev22:21 > kjv.txt
                (-f: one verse per line as "<Book><chapter>:<verse> <text>", no wrapping)
Extracted text  kjv.txt: $(wc -c < kjv.txt) bytes, $LINES lines, ASCII, LF line endings
                SHA-256 $(sha kjv.txt)  kjv.txt
Committed as    kjv.txt.gz = gzip -9 -n -c kjv.txt ($(wc -c < "$DEST/kjv.txt.gz") bytes)
                SHA-256 $(sha "$DEST/kjv.txt.gz")  kjv.txt.gz

Licence status  The King James Version text is in the public domain (translated 1611; Debian's
                copyright file: "The copyright for the King James Version text of the Bible is
                expired"). In the United Kingdom the Authorized Version remains under Crown letters
                patent; elsewhere it is free to use. The BRS software that packs the text is GPL-2+
                (Debian) with Chip Chapin's permissive notice; only the text is used here.

Re-import       datasets/scripts/import-kjv.sh (needs apt; run 'apt-get update' once if needed)
END
echo "wrote $DEST/kjv.txt.gz and $DEST/PROVENANCE" >&2
