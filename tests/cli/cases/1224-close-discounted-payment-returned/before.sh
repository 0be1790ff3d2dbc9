# As case 1222, but Friday's statement returns instead the 874.65 EUR that
# Moorbrauerei paid on 2026-11-24 for INV-2026-0093 (892.50 EUR less the
# 2 % discount of 17.85 EUR, booked to Expenses:Discounts in the closed
# period): the night on the new books reopens the invoice and takes the
# discount back in the new period, as on the unclosed books. (The statement
# is Friday's with the return's amount, end-to-end id, payer and balances changed:
# 57,896.84 - 2,142.00 - 874.65 = 54,880.19.)
demo_week_closed
sed -e 's/<Amt Ccy="EUR">283.00</<Amt Ccy="EUR">874.65</' \
	-e 's/KSS-UEB-20261124-01/MBL-ZA-2026-1124-3/' \
	-e 's/<Sum>2425.00</<Sum>3016.65</g' -e 's/<Amt>2425.00</<Amt>3016.65</' \
	-e 's/55471.84/54880.19/g' -e 's/Kieler Segelschule GmbH/Moorbrauerei Lueneburg GmbH/' \
	-e 's/DE37210501700099887766/DE32240501100020304050/' old/stage/2026-11-27-camt053.xml > new/inbox/2026-11-27-camt053.xml
cp new/inbox/2026-11-27-camt053.xml unclosed/inbox2/
