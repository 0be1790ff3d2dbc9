set -e
"$CLERK" verify out/packs/clerk-2026-11-28.zip
cat out/2026-11-28/exceptions.txt
