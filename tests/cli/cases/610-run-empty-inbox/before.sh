# nothing arrived: aging, dunning and the pack still happen
cp -r "$top_srcdir/fixtures/demo/." .
rm inbox/*
