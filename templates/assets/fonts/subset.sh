#!/bin/sh
# Makes the site's web fonts from the fonts in node_modules (run from this folder after `make setup`):
# the whole files would not fit the page-weight budget (Fira Sans Regular alone is 129 kB), so
# each face is cut to the characters the site's languages use, one file per script, and the
# stylesheet (css/fonts.css) names each file's characters in `unicode-range`, so a browser loads
# only the files a page needs. Needs fonttools with brotli: .venv/bin/pip install -e '.[fonts]' (pinned in pyproject.toml).
set -eu
KERN=../../../node_modules/@kern-ux/native/dist/fonts/fira-sans
ARABIC=../../../node_modules/@fontsource/noto-sans-arabic/files
# Latin: Basic Latin, Latin-1, the Latin Extended-A letters of Turkish and other European
# languages, general punctuation, euro sign. Cyrillic: Russian and Ukrainian letters, numero sign.
LATIN="U+0000-00FF,U+0131,U+0152-0153,U+011E-011F,U+0130,U+015E-015F,U+0100-017F,U+02C6,U+02DA,U+02DC,U+2000-206F,U+20AC,U+2122,U+2190-2193,U+2212"
CYRILLIC="U+0400-045F,U+0490-0491,U+2116"
ARABIC_RANGE="U+0600-06FF,U+200C-200F,U+FD3E-FD3F"
FEATURES="kern,liga,calt,locl,ccmp,mark,mkmk,init,medi,fina,isol,rlig"
for weight in Regular:400 SemiBold:600; do
  name=${weight%%:*}; number=${weight##*:}
  pyftsubset "$KERN/FiraSans-$name.woff2" --unicodes="$LATIN" --layout-features="$FEATURES" --flavor=woff2 --output-file="fira-sans-latin-$number.woff2"
  pyftsubset "$KERN/FiraSans-$name.woff2" --unicodes="$CYRILLIC" --layout-features="$FEATURES" --flavor=woff2 --output-file="fira-sans-cyrillic-$number.woff2"
done
for number in 400 600; do
  pyftsubset "$ARABIC/noto-sans-arabic-arabic-$number-normal.woff2" --unicodes="$ARABIC_RANGE" --layout-features="$FEATURES" --flavor=woff2 --output-file="noto-sans-arabic-$number.woff2"
done
