# written by a Windows editor: byte-order mark and CRLF line ends
printf '\357\273\277; written on Windows\r\ncommodity 1.000,00 EUR\r\n\r\n2023-01-05 Coffee\r\n    expenses:coffee     2,50 EUR\r\n    assets:cash\r\n' >books.journal
