# payments in USD that do not end matched: one pays invoice Y-2 (1,000.00
# USD, booked at 0.90) with 1,100.00 USD, the other is 500.00 USD from
# Yankee's account with nothing to say what for. Both at the bank's rate
# 0.88: the excess and the money on account stay on Yankee's account in
# dollars, valued at what the bank booked (@@), and only Y-2 itself makes
# an exchange difference (0.02 x 1,000 = 20.00 EUR to Income:FX)
cat >>books.journal <<'J'

2026-11-08 Yankee Y-2
    Assets:Receivable:Yankee  1,000.00 USD @ 0.90 EUR  ; invoice: Y-2
    Income:Sales  -900.00 EUR
J
"$CLERK" import -q -f books.journal s1.xml s2.xml
open=$("$CLERK" balance -O csv -f books.journal | awk -F, '$1 == "Assets:Bank" { print $3 }')
close=$(awk -v o="$open" 'BEGIN { printf "%.2f", o + 968 + 440 }')
cat >s3.xml <<X
<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><BkToCstmrStmt><GrpHdr><MsgId>MATCH-3</MsgId><CreDtTm>2026-11-13T18:00:00</CreDtTm></GrpHdr>
<Stmt><Id>MATCH-3</Id><ElctrncSeqNb>3</ElctrncSeqNb><CreDtTm>2026-11-13T18:00:00</CreDtTm>
<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">$open</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-13</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">$close</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-13</Dt></Dt></Bal>
<Ntry><Amt Ccy="EUR">968.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-13</Dt></BookgDt><AcctSvcrRef>M20</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>E2E-20</EndToEndId></Refs><AmtDtls><InstdAmt><Amt Ccy="USD">1100.00</Amt><CcyXchg><SrcCcy>USD</SrcCcy><TrgtCcy>EUR</TrgtCcy><XchgRate>0.88</XchgRate></CcyXchg></InstdAmt><TxAmt><Amt Ccy="EUR">968.00</Amt></TxAmt></AmtDtls><RltdPties><Dbtr><Nm>Yankee Corp</Nm></Dbtr><DbtrAcct><Id><IBAN>GB29NWBK60161331926819</IBAN></Id></DbtrAcct></RltdPties><RmtInf><Ustrd>Y-2</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="EUR">440.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-13</Dt></BookgDt><AcctSvcrRef>M21</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>E2E-21</EndToEndId></Refs><AmtDtls><InstdAmt><Amt Ccy="USD">500.00</Amt><CcyXchg><SrcCcy>USD</SrcCcy><TrgtCcy>EUR</TrgtCcy><XchgRate>0.88</XchgRate></CcyXchg></InstdAmt><TxAmt><Amt Ccy="EUR">440.00</Amt></TxAmt></AmtDtls><RltdPties><Dbtr><Nm>Yankee Corp</Nm></Dbtr><DbtrAcct><Id><IBAN>GB29NWBK60161331926819</IBAN></Id></DbtrAcct></RltdPties><RmtInf><Ustrd>advance</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>
X
