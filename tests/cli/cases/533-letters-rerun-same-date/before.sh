"$CLERK" letters -f books.journal --date 2026-11-28 --out letters --record >/dev/null
cp books.journal books.before; ls posted > posted.before
