# the return reopens INV-2026-0089 and takes back the 45.00 EUR on account
assert_return_as_unclosed INV-2026-0089 'ref:HB20261127RT0001,2026-11-27,-283.00,EUR,Kieler Segelschule GmbH,reversal,none,Assets:Receivable:Kieler Segelschule,INV-2026-0089,283.00,0.00,returned payment: reopens what the movement of 2026-11-24 cleared (new/books.history.journal:'
