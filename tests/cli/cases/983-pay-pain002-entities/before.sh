. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
cat >laughs.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt><GrpHdr><MsgId>&lol2;</MsgId></GrpHdr></CstmrPmtStsRpt></Document>
X
snapshot_save
