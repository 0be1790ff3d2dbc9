# the EPC QR code on each EUR invoice decodes to the exact EPC069-12 payload:
# rendered with rsvg-convert, read with zbarimg (skipped when they are missing)
cp -r "$top_srcdir/fixtures/demo/." .
