# a killed run's leftovers of this run's own files are gone; the rest stays
[ ! -e out/2026-11-28/.report.html.tmp.99999 ]
[ ! -e out/2026-11-28/letters/.2026-11-28-1-kieler-segelschule-EUR.txt.tmp.99999 ]
[ ! -e out/packs/.clerk-2026-11-28.zip.tmp.99999 ]
[ "$(cat out/notes/.draft.tmp.v2)" = draft ]
[ -e out/notes/.report.html.tmp.123 ] && [ -e out/.scratch.tmp.42 ]
[ -e out/2026-11-28/.my-notes.txt.tmp.7 ] && [ -e out/packs/.clerk-2026-11-28.zip.tmp.v1 ]
