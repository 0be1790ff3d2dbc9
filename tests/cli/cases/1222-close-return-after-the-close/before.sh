# The demo week's nights through Thursday on the old books, the close
# through 2026-11-26, then Friday's statement, which returns the 283.00 EUR
# that Kieler Segelschule paid on 2026-11-24 (INV-2026-0089 and 45.00 EUR
# on account): the night on the new books reopens what that movement of the
# closed period cleared, as the same night on a copy of the unclosed books.
demo_week_closed
cp old/stage/2026-11-27-camt053.xml new/inbox/
cp old/stage/2026-11-27-camt053.xml unclosed/inbox2/
