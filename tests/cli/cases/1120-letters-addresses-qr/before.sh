# Reminders people act on: the demo books' letters of Saturday carry our and
# the customer's postal address, and on EUR letters the EPC QR code for the
# amount to pay, with the one reference to quote, else the invoice numbers
cp -r "$top_srcdir/fixtures/demo/." .
