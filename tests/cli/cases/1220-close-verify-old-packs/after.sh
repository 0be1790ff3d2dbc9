# each old pack alone, re-run on the closed books
for p in old/out/packs/*.zip; do
	"$CLERK" verify "$p" -f old/books.journal >/dev/null
done
# the new books check, seal and all
"$CLERK" check -f new/books.journal >/dev/null
