#!/usr/bin/env bash
# Makes the benchmark's inputs: real files written by real tools, from about 3 KB to about 4.5 MB.
# They are too big to commit, so `npm run bench` runs this first; files already made are kept.
# Needs Debian's packages: imagemagick, ghostscript, zip, gzip.
#   apt-get install -y imagemagick ghostscript zip gzip
# Usage: bash bench/make-inputs.sh [output folder, default bench/.inputs]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/.inputs"}
mkdir -p "$out"
cd "$out"
# Made once per version of this script: a changed script makes them again.
stamp=$(sha256sum "$here/make-inputs.sh" | cut -d' ' -f1)
[ "$(cat .complete 2>/dev/null)" = "$stamp" ] && exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# zip adds to an archive that exists: start from none.
rm -f many-entries.zip content-types-last.docx

# ImageMagick 6's binary, not any other `convert` earlier on PATH.
im=/usr/bin/convert-im6.q16
[ -x "$im" ] || im=$(command -v convert)
strip=(-strip -define png:exclude-chunks=date,time)
# Seeded noise, so every run makes the same pictures: noise does not compress, so the pixel count sets the size.
noise() { "$im" -seed 4 -size "$1" xc:gray +noise Random "${@:2}"; }

# The binary responses: a small PNG, a photo-sized JPEG, a PDF, a 1.4 MB PNG, and a PNG just under
# Lambda's 6 MB limit once base64-encoded (4,718,553 raw bytes at most, envelope included).
noise 38x38 "${strip[@]}" small.png
noise 372x372 -quality 90 photo.jpg
noise 1000x1000 "$work/scan.png"
"$im" "$work/scan.png" eps2:"$work/scan.eps"
gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pdfwrite -dAutoFilterColorImages=false \
  -dColorImageFilter=/FlateEncode -sOutputFile=report.pdf "$work/scan.eps"
noise 836x836 "${strip[@]}" medium.png
noise 1515x1515 "${strip[@]}" large.png

# Detection worst cases, each about 4.5 MB.
# Random bytes and text: nothing to find, every signature is tried.
head -c 4600000 /dev/urandom >random.bin
{ yes 'Plain text has no magic number, so every signature check runs and fails.' || true; } | head -c 4600000 >text.txt
# A PNG with many chunks before its image data (ImageMagick writes each property as a tEXt chunk).
props=()
for i in $(seq 1 600); do props+=(-set "note$i" "chunk $i"); done
"$im" large.png "${props[@]}" -define png:exclude-chunks=date,time many-chunks.png
# gzip of incompressible bytes.
gzip -c -n random.bin >random.gz
# A ZIP written to a pipe: zip cannot seek back, so every entry has a data descriptor after its data.
cp random.bin "$work/payload.bin"
(cd "$work" && zip -q -X - payload.bin | cat >"$out/streamed.zip")
# A ZIP of 44,000 empty files: its central directory alone is most of its 4.5 MB.
mkdir -p "$work/many/entries"
(cd "$work/many/entries" && seq -w 1 44000 | xargs touch)
(cd "$work/many" && zip -q -X -0 -r "$out/many-entries.zip" entries)
# A DOCX whose [Content_Types].xml is the last entry, after a large picture.
mkdir -p "$work/docx/_rels" "$work/docx/word/media"
cp large.png "$work/docx/word/media/image1.png"
cat >"$work/docx/[Content_Types].xml" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
XML
cat >"$work/docx/_rels/.rels" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
XML
cat >"$work/docx/word/document.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>A large picture follows.</w:t></w:r></w:p></w:body></w:document>
XML
(cd "$work/docx" && zip -q -X "$out/content-types-last.docx" word/media/image1.png word/document.xml _rels/.rels '[Content_Types].xml')

echo "$stamp" >.complete
ls -l "$out"
