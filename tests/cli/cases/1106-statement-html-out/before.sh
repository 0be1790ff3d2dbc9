# one printable page per party into a folder: no account names, our and the party's addresses, the EPC QR code
cp -r "$top_srcdir/fixtures/demo/." .
