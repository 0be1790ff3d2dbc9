# finding 12: the run removes only the temporary files of what it writes
# itself, never a user's file that merely looks like one
cp -r "$top_srcdir/fixtures/demo/." .
mkdir -p out/notes out/2026-11-28/letters out/packs
printf "draft\n" >out/notes/.draft.tmp.v2
printf "mine\n" >out/notes/.report.html.tmp.123
printf "mine\n" >out/.scratch.tmp.42
printf "mine\n" >out/2026-11-28/.my-notes.txt.tmp.7
printf "left over\n" >out/2026-11-28/.report.html.tmp.99999
printf "left over\n" >out/2026-11-28/letters/.2026-11-28-1-kieler-segelschule-EUR.txt.tmp.99999
printf "left over\n" >out/packs/.clerk-2026-11-28.zip.tmp.99999
printf "mine\n" >out/packs/.clerk-2026-11-28.zip.tmp.v1
