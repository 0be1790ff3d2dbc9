/*
 * pain.c - the SEPA credit-transfer writer (pain.001.001.09 and .03) and the
 * payment status report reader (pain.002), see pain.h and formats/pay.md.
 *
 * The reader follows camt.c: xmlTextReader over an I/O callback that reads
 * a regular file no further than its size at opening (or memory), takes the
 * SHA-256 of the bytes as they go by and scans the prolog for "<!ENTITY"
 * before libxml2 sees it; XML_PARSE_NONET and no XML_PARSE_NOENT, no DTD
 * loaded; a DOCTYPE with entities and entity references refused as a
 * backstop; nesting and text bounded. Elements are recognised by their
 * parent and local name in the document's namespace (a small grammar),
 * never by prefix; everything else is skipped with what it contains.
 */
#include "compat.h"
#include "pain.h"
#include "error.h"
#include "fsutil.h"
#include "refs.h"
#include "sha256.h"
#include "xmlguard.h"
#include "util/mempool.h"
#include "util/utf8.h"
#include "util/vec.h"
#include "util/xalloc.h"

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include <sys/stat.h>

/* ------------------------------------------------------------------ */
/* SEPA text */

/* ASCII letters for U+00C0..U+017F (Latin-1 Supplement letters and Latin Extended-A). */
static const char *const latin[] = {
	/* C0 */ "A", "A", "A", "A", "Ae", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
	/* D0 */ "D", "N", "O", "O", "O", "O", "Oe", "x", "O", "U", "U", "U", "Ue", "Y", "TH", "ss",
	/* E0 */ "a", "a", "a", "a", "ae", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	/* F0 */ "d", "n", "o", "o", "o", "o", "oe", ":", "o", "u", "u", "u", "ue", "y", "th", "y",
	/* 100 */ "A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d",
	/* 110 */ "D", "d", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g",
	/* 120 */ "G", "g", "G", "g", "H", "h", "H", "h", "I", "i", "I", "i", "I", "i", "I", "i",
	/* 130 */ "I", "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L",
	/* 140 */ "l", "L", "l", "N", "n", "N", "n", "N", "n", "'n", "N", "n", "O", "o", "O", "o",
	/* 150 */ "O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s",
	/* 160 */ "S", "s", "T", "t", "T", "t", "T", "t", "U", "u", "U", "u", "U", "u", "U", "u",
	/* 170 */ "U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "s",
};

static bool sepa_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr("/-?:().,'+ ", c) != NULL;
}

/* The SEPA replacement of code point cp (NULL: a blank). */
static const char *sepa_of(uint32_t cp)
{
	static char one[2];
	if (cp < 0x80) {
		if (cp < 0x20 || cp == 0x7f)
			return NULL;
		if (sepa_char((unsigned char)cp)) {
			one[0] = (char)cp;
			one[1] = '\0';
			return cp == ' ' ? NULL : one;
		}
		switch (cp) {
		case '&':
			return "+";
		case ';':
			return ",";
		case '"':
		case '`':
			return "'";
		case '_':
			return "-";
		case '[':
		case '{':
		case '<':
			return "(";
		case ']':
		case '}':
		case '>':
			return ")";
		default:
			return ".";
		}
	}
	if (cp >= 0xC0 && cp <= 0x17F)
		return latin[cp - 0xC0];
	switch (cp) {
	case 0xA0: /* no-break space */
	case 0x2002:
	case 0x2003:
	case 0x2009:
	case 0x202F:
		return NULL;
	case 0x2010:
	case 0x2011:
	case 0x2012:
	case 0x2013:
	case 0x2014:
	case 0x2212:
		return "-";
	case 0x2018:
	case 0x2019:
	case 0x201A:
	case 0x201C:
	case 0x201D:
	case 0x201E:
	case 0xAB:
	case 0xBB:
		return "'";
	case 0x20AC:
		return "EUR";
	case 0x1E9E:
		return "SS";
	default:
		return ".";
	}
}

void pain_sepa_text(struct strbuf *out, const char *s, size_t max)
{
	size_t start = out->len, n = s ? strlen(s) : 0;
	bool blank = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp = (unsigned char)s[i];
		size_t k = cp < 0x80 ? 1 : utf8_decode(s + i, n - i, &cp);
		if (!k) {
			cp = '?'; /* not UTF-8: one byte, replaced */
			k = 1;
		}
		i += k;
		const char *r = sepa_of(cp);
		if (!r) {
			blank = out->len > start;
			continue;
		}
		size_t rl = strlen(r);
		if (out->len - start + (blank ? 1 : 0) + rl > max)
			break;
		if (blank)
			strbuf_addch(out, ' ');
		blank = false;
		strbuf_add(out, r, rl);
	}
}

bool pain_bic_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n != 8 && n != 11)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool alnum = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (!alnum || ((i == 4 || i == 5) && !(c >= 'A' && c <= 'Z')))
			return false;
	}
	return true;
}

/* The pain.001.001.03 schema's stricter BIC pattern: [A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})? */
static bool bic03_valid(const char *s)
{
	if (!pain_bic_valid(s))
		return false;
	for (size_t i = 0; i < 6; i++)
		if (!(s[i] >= 'A' && s[i] <= 'Z'))
			return false;
	return s[6] != '0' && s[6] != '1' && s[7] != 'O';
}

bool pain_sepa_country(const char *iban)
{
	/* the EU and EEA countries and the other members of the SEPA schemes (EPC409-09) */
	static const char countries[] = "AD AL AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE "
					"IS IT LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS SE SI "
					"SK SM VA";
	if (!iban || !(iban[0] >= 'A' && iban[0] <= 'Z') || !(iban[1] >= 'A' && iban[1] <= 'Z'))
		return false;
	for (const char *p = countries; *p; p += p[2] ? 3 : 2)
		if (p[0] == iban[0] && p[1] == iban[1])
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* pain.001 */

void pain_pmt_inf_id(struct strbuf *out, const char *msg_id, clerk_date date)
{
	int y, m, d;
	date_to_ymd(date, &y, &m, &d);
	strbuf_addf(out, "%s/%04d%02d%02d", msg_id, y, m, d);
}

/* SEPA's restricted identifiers: SEPA characters, no leading or trailing '/', no "//". */
static bool sepa_id(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (!n || n > PAIN_MAX_ID || s[0] == '/' || s[n - 1] == '/' || strstr(s, "//"))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!sepa_char((unsigned char)s[i]))
			return false;
	return true;
}

/* SEPA text of at most max characters, not empty, not starting or ending with a blank. */
static bool sepa_text_ok(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (!n || n > max || s[0] == ' ' || s[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!sepa_char((unsigned char)s[i]))
			return false;
	return true;
}

static bool iban_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 15 || n > 34 || !iban_valid(s))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

/* An amount of a SEPA credit transfer: 0.01 to 999,999,999.99, at most two decimals. */
static bool amount_ok(const struct dec *a)
{
	struct dec max = DEC_INIT;
	dec_set_i64(&max, 99999999999, 2);
	bool ok = dec_sgn(a) > 0 && dec_needed_scale(a) <= 2 && dec_cmp(a, &max) <= 0;
	dec_clear(&max);
	return ok;
}

/* Checks m before anything is written; returns 0 or CLERK_EINVALID with the error set. */
static int check_message(const struct pain_message *m, enum pain_version v)
{
	if (v != PAIN_001_001_09 && v != PAIN_001_001_03)
		return clerk_error_set(CLERK_EINVALID, "unknown pain.001 version %d", (int)v);
	if (!sepa_id(m->msg_id))
		return clerk_error_set(CLERK_EINVALID, "message id '%s' is not a SEPA identifier",
				       m->msg_id ? m->msg_id : "");
	if (m->created == DATE_NONE || !m->ntx)
		return clerk_error_set(CLERK_EINVALID, "a payment file needs a date and a transfer");
	if (!sepa_text_ok(m->debtor_name, PAIN_MAX_NAME))
		return clerk_error_set(CLERK_EINVALID, "the debtor's name '%s' is not SEPA text of 1 to %d "
						       "characters",
				       m->debtor_name ? m->debtor_name : "", PAIN_MAX_NAME);
	if (!iban_ok(m->debtor_iban))
		return clerk_error_set(CLERK_EINVALID, "the debtor's IBAN '%s' is not valid",
				       m->debtor_iban ? m->debtor_iban : "");
	if (m->debtor_bic && !pain_bic_valid(m->debtor_bic))
		return clerk_error_set(CLERK_EINVALID, "the debtor's BIC '%s' is not valid", m->debtor_bic);
	for (size_t i = 0; i < m->ntx; i++) {
		const struct pain_transfer *t = &m->tx[i];
		const char *what = NULL;
		if (!sepa_id(t->end_to_end))
			what = "its end-to-end id is not a SEPA identifier";
		else if (t->execution == DATE_NONE || (i && t->execution < m->tx[i - 1].execution))
			what = "its execution date is missing or out of order";
		else if (!amount_ok(&t->amount))
			what = "its amount is not 0.01 to 999999999.99 with at most two decimals";
		else if (!sepa_text_ok(t->name, PAIN_MAX_NAME))
			what = "the creditor's name is not SEPA text of 1 to 70 characters";
		else if (!iban_ok(t->iban))
			what = "the creditor's IBAN is not valid";
		else if (t->bic && !pain_bic_valid(t->bic))
			what = "the creditor's BIC is not valid";
		else if (t->creditor_ref && (!sepa_id(t->creditor_ref) || strchr(t->creditor_ref, ' ')))
			what = "the creditor reference is not a SEPA identifier";
		else if (!t->creditor_ref && t->remittance &&
			 !sepa_text_ok(t->remittance, PAIN_MAX_USTRD))
			what = "the remittance text is not SEPA text of 1 to 140 characters";
		if (what)
			return clerk_error_set(CLERK_EINVALID, "transfer %zu ('%s'): %s", i + 1,
					       t->end_to_end ? t->end_to_end : "", what);
	}
	return 0;
}

static void indent(struct strbuf *out, int level)
{
	strbuf_addchars(out, ' ', (size_t)(2 * level));
}

/* <name>text</name> on a line of its own; text is SEPA text (no markup characters). */
static void element(struct strbuf *out, int level, const char *name, const char *text)
{
	indent(out, level);
	strbuf_addf(out, "<%s>", name);
	strbuf_addxml(out, text);
	strbuf_addf(out, "</%s>\n", name);
}

static void open_el(struct strbuf *out, int level, const char *name)
{
	indent(out, level);
	strbuf_addf(out, "<%s>\n", name);
}

static void close_el(struct strbuf *out, int level, const char *name)
{
	indent(out, level);
	strbuf_addf(out, "</%s>\n", name);
}

/* FinInstnId with the BIC, or Othr/Id NOTPROVIDED when there is none (the debtor's agent). */
static void agent(struct strbuf *out, int level, const char *name, const char *bic,
		  enum pain_version v)
{
	open_el(out, level, name);
	open_el(out, level + 1, "FinInstnId");
	if (bic && (v == PAIN_001_001_09 || bic03_valid(bic))) {
		element(out, level + 2, v == PAIN_001_001_09 ? "BICFI" : "BIC", bic);
	} else {
		open_el(out, level + 2, "Othr");
		element(out, level + 3, "Id", "NOTPROVIDED");
		close_el(out, level + 2, "Othr");
	}
	close_el(out, level + 1, "FinInstnId");
	close_el(out, level, name);
}

static void amount_text(struct strbuf *sb, const struct dec *a)
{
	strbuf_reset(sb);
	dec_format_plain(sb, a, 2);
}

static void date_text(struct strbuf *sb, clerk_date d)
{
	strbuf_reset(sb);
	date_append(sb, d);
}

static void iban_account(struct strbuf *out, int level, const char *name, const char *iban)
{
	open_el(out, level, name);
	open_el(out, level + 1, "Id");
	element(out, level + 2, "IBAN", iban);
	close_el(out, level + 1, "Id");
	close_el(out, level, name);
}

static void remittance(struct strbuf *out, int level, const struct pain_transfer *t)
{
	if (t->creditor_ref) {
		bool rf = (t->creditor_ref[0] == 'R' && t->creditor_ref[1] == 'F');
		open_el(out, level, "RmtInf");
		open_el(out, level + 1, "Strd");
		open_el(out, level + 2, "CdtrRefInf");
		open_el(out, level + 3, "Tp");
		open_el(out, level + 4, "CdOrPrtry");
		element(out, level + 5, "Cd", "SCOR");
		close_el(out, level + 4, "CdOrPrtry");
		if (rf)
			element(out, level + 4, "Issr", "ISO");
		close_el(out, level + 3, "Tp");
		element(out, level + 3, "Ref", t->creditor_ref);
		close_el(out, level + 2, "CdtrRefInf");
		close_el(out, level + 1, "Strd");
		close_el(out, level, "RmtInf");
	} else if (t->remittance) {
		open_el(out, level, "RmtInf");
		element(out, level + 1, "Ustrd", t->remittance);
		close_el(out, level, "RmtInf");
	}
}

static void transfer(struct strbuf *out, const struct pain_transfer *t, enum pain_version v,
		     struct strbuf *tmp)
{
	open_el(out, 3, "CdtTrfTxInf");
	open_el(out, 4, "PmtId");
	element(out, 5, "EndToEndId", t->end_to_end);
	close_el(out, 4, "PmtId");
	open_el(out, 4, "Amt");
	amount_text(tmp, &t->amount);
	indent(out, 5);
	strbuf_addf(out, "<InstdAmt Ccy=\"EUR\">%s</InstdAmt>\n", tmp->buf);
	close_el(out, 4, "Amt");
	if (t->bic && (v == PAIN_001_001_09 || bic03_valid(t->bic)))
		agent(out, 4, "CdtrAgt", t->bic, v);
	open_el(out, 4, "Cdtr");
	element(out, 5, "Nm", t->name);
	close_el(out, 4, "Cdtr");
	iban_account(out, 4, "CdtrAcct", t->iban);
	remittance(out, 4, t);
	close_el(out, 3, "CdtTrfTxInf");
}

/* The transfers [from, to) of one execution date: one PmtInf. */
static void block(struct strbuf *out, const struct pain_message *m, size_t from, size_t to,
		  enum pain_version v, struct strbuf *tmp)
{
	struct dec sum = DEC_INIT;
	for (size_t i = from; i < to; i++)
		dec_add(&sum, &sum, &m->tx[i].amount);
	open_el(out, 2, "PmtInf");
	strbuf_reset(tmp);
	pain_pmt_inf_id(tmp, m->msg_id, m->tx[from].execution);
	element(out, 3, "PmtInfId", tmp->buf);
	element(out, 3, "PmtMtd", "TRF");
	element(out, 3, "BtchBookg", "false");
	strbuf_reset(tmp);
	strbuf_addf(tmp, "%zu", to - from);
	element(out, 3, "NbOfTxs", tmp->buf);
	amount_text(tmp, &sum);
	element(out, 3, "CtrlSum", tmp->buf);
	open_el(out, 3, "PmtTpInf");
	open_el(out, 4, "SvcLvl");
	element(out, 5, "Cd", "SEPA");
	close_el(out, 4, "SvcLvl");
	close_el(out, 3, "PmtTpInf");
	date_text(tmp, m->tx[from].execution);
	if (v == PAIN_001_001_09) {
		open_el(out, 3, "ReqdExctnDt");
		element(out, 4, "Dt", tmp->buf);
		close_el(out, 3, "ReqdExctnDt");
	} else {
		element(out, 3, "ReqdExctnDt", tmp->buf);
	}
	open_el(out, 3, "Dbtr");
	element(out, 4, "Nm", m->debtor_name);
	close_el(out, 3, "Dbtr");
	iban_account(out, 3, "DbtrAcct", m->debtor_iban);
	agent(out, 3, "DbtrAgt", m->debtor_bic, v);
	element(out, 3, "ChrgBr", "SLEV");
	for (size_t i = from; i < to; i++)
		transfer(out, &m->tx[i], v, tmp);
	close_el(out, 2, "PmtInf");
	dec_clear(&sum);
}

int pain001_write(struct strbuf *out, const struct pain_message *m, enum pain_version v)
{
	int error = check_message(m, v);
	if (error)
		return error;
	struct strbuf tmp = STRBUF_INIT;
	struct dec sum = DEC_INIT;
	for (size_t i = 0; i < m->ntx; i++)
		dec_add(&sum, &sum, &m->tx[i].amount);
	strbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	strbuf_addf(out, "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.%02d\">\n",
		    (int)v);
	open_el(out, 1, "CstmrCdtTrfInitn");
	open_el(out, 2, "GrpHdr");
	element(out, 3, "MsgId", m->msg_id);
	date_text(&tmp, m->created);
	strbuf_addstr(&tmp, "T00:00:00");
	element(out, 3, "CreDtTm", tmp.buf);
	strbuf_reset(&tmp);
	strbuf_addf(&tmp, "%zu", m->ntx);
	element(out, 3, "NbOfTxs", tmp.buf);
	amount_text(&tmp, &sum);
	element(out, 3, "CtrlSum", tmp.buf);
	open_el(out, 3, "InitgPty");
	element(out, 4, "Nm", m->debtor_name);
	close_el(out, 3, "InitgPty");
	close_el(out, 2, "GrpHdr");
	for (size_t from = 0; from < m->ntx;) {
		size_t to = from + 1;
		while (to < m->ntx && m->tx[to].execution == m->tx[from].execution)
			to++;
		block(out, m, from, to, v, &tmp);
		from = to;
	}
	close_el(out, 1, "CstmrCdtTrfInitn");
	strbuf_addstr(out, "</Document>\n");
	strbuf_release(&tmp);
	dec_clear(&sum);
	return 0;
}

/* ------------------------------------------------------------------ */
/* pain.002: the grammar */

#define NS_PREFIX "urn:iso:std:iso:20022:tech:xsd:pain.002.001."
#define KEEP_MAX_BYTES (256u << 20) /* strings kept for one report */

enum p2node {
	P_NONE, P_IGNORE, P_DOC, P_MSG, P_GRPHDR, P_MSGID, P_CREDTTM, P_OGRP, P_OGRP_MSGID,
	P_OGRP_NMID, P_GRPSTS, P_SRI, P_RSN, P_RSN_CD, P_RSN_PRTRY, P_OPMT, P_OPMT_ID, P_PMTSTS,
	P_TX, P_TX_E2E, P_TXSTS, P_OTXREF, P_OTX_AMT, P_INSTDAMT, P_COUNT
};

static const bool p2leaf[P_COUNT] = {
	[P_MSGID] = true,     [P_CREDTTM] = true,   [P_OGRP_MSGID] = true, [P_OGRP_NMID] = true,
	[P_GRPSTS] = true,    [P_RSN_CD] = true,    [P_RSN_PRTRY] = true,  [P_OPMT_ID] = true,
	[P_PMTSTS] = true,    [P_TX_E2E] = true,    [P_TXSTS] = true,      [P_INSTDAMT] = true,
};

static const struct p2edge {
	uint8_t parent;
	const char *name;
	uint8_t child;
} p2grammar[] = {
	{ P_DOC, "CstmrPmtStsRpt", P_MSG },
	{ P_MSG, "GrpHdr", P_GRPHDR },
	{ P_MSG, "OrgnlGrpInfAndSts", P_OGRP },
	{ P_MSG, "OrgnlPmtInfAndSts", P_OPMT },
	{ P_GRPHDR, "MsgId", P_MSGID },
	{ P_GRPHDR, "CreDtTm", P_CREDTTM },
	{ P_OGRP, "OrgnlMsgId", P_OGRP_MSGID },
	{ P_OGRP, "OrgnlMsgNmId", P_OGRP_NMID },
	{ P_OGRP, "GrpSts", P_GRPSTS },
	{ P_OGRP, "StsRsnInf", P_SRI },
	{ P_OPMT, "OrgnlPmtInfId", P_OPMT_ID },
	{ P_OPMT, "PmtInfSts", P_PMTSTS },
	{ P_OPMT, "StsRsnInf", P_SRI },
	{ P_OPMT, "TxInfAndSts", P_TX },
	{ P_TX, "OrgnlEndToEndId", P_TX_E2E },
	{ P_TX, "TxSts", P_TXSTS },
	{ P_TX, "StsRsnInf", P_SRI },
	{ P_TX, "OrgnlTxRef", P_OTXREF },
	{ P_SRI, "Rsn", P_RSN },
	{ P_RSN, "Cd", P_RSN_CD },
	{ P_RSN, "Prtry", P_RSN_PRTRY },
	{ P_OTXREF, "Amt", P_OTX_AMT },
	{ P_OTX_AMT, "InstdAmt", P_INSTDAMT },
};

static uint8_t p2lookup(uint8_t parent, const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(p2grammar); i++)
		if (p2grammar[i].parent == parent && !strcmp(p2grammar[i].name, name))
			return p2grammar[i].child;
	return P_IGNORE;
}

/* ------------------------------------------------------------------ */
/* pain.002: reader state */


struct p2reader {
	xmlTextReaderPtr xr;
	const char *name;
	struct diag *d;
	/* input */
	struct xml_input in; /* the file or memory input */
	size_t nread;
	char head[PAIN002_SNIFF_BYTES]; /* the first bytes read, for pain002_sniff() */
	struct sha256 *digest;
	struct xml_prolog prolog; /* the prolog scan for "<!ENTITY" */
	/* outcome */
	bool fatal, xml_error_seen;
	size_t nerrors;
	/* document */
	char *ns;
	uint8_t stack[PAIN002_MAX_DEPTH + 2];
	int sp;
	struct strbuf text;
	char ccy[8];
	bool ccy_present;
	uint32_t text_line;
	/* what is read */
	struct pain002 *out;
	struct mempool pool;
	size_t kept;
	VEC(struct pain002_block) blocks;
	VEC(struct pain002_tx) txs;
	bool in_block, in_tx, in_group, have_msg;
	const char *created_text;
};

static void p2error(struct p2reader *r, uint32_t line, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void p2error(struct p2reader *r, uint32_t line, const char *fmt, ...)
{
	struct srcloc loc = { r->name, line, 0 };
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(r->d, DIAG_ERROR, &loc, NULL, 0, fmt, ap);
	va_end(ap);
	r->nerrors++;
}

static void p2fatal(struct p2reader *r, uint32_t line, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void p2fatal(struct p2reader *r, uint32_t line, const char *fmt, ...)
{
	struct srcloc loc = { r->name, line, 0 };
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(r->d, DIAG_ERROR, &loc, NULL, 0, fmt, ap);
	va_end(ap);
	r->nerrors++;
	r->fatal = true;
	r->xml_error_seen = true;
}

static void p2xml_error(void *arg, xmlErrorPtr err)
{
	struct p2reader *r = arg;
	if (!err || err->level < XML_ERR_ERROR || r->xml_error_seen || r->in.io_errno || r->in.changed)
		return;
	r->xml_error_seen = true;
	xml_error_diag(r->d, r->name, err, r->nread, r->prolog.saw_markup);
	r->nerrors++;
	if (err->level == XML_ERR_FATAL)
		r->fatal = true;
}

/* A copy of s[0..n) owned by the report, or NULL past the memory limit (after an error). */
static const char *p2keep(struct p2reader *r, const char *s, size_t n)
{
	r->kept += n + 1;
	if (r->kept > KEEP_MAX_BYTES) {
		p2fatal(r, xml_reader_line(r->xr), "status report too large (more than %u MiB of text)",
			KEEP_MAX_BYTES >> 20);
		return NULL;
	}
	return mempool_strndup(&r->pool, s, n);
}

/* ------------------------------------------------------------------ */
/* pain.002: values */

/* The date of an ISODateTime "YYYY-MM-DDThh:mm:ss...", or DATE_NONE. */
static clerk_date datetime_date(const char *s)
{
	clerk_date d;
	const char *p = s;
	if (!s || strlen(s) < 11 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    date_parse(&p, s + 10, &d) || p != s + 10)
		return DATE_NONE;
	return d;
}

static const char **reason_target(struct p2reader *r)
{
	if (r->in_tx)
		return &r->txs.v[r->txs.n - 1].reason;
	if (r->in_block)
		return &r->blocks.v[r->blocks.n - 1].reason;
	return &r->out->group_reason;
}

/* The text of leaf `node` has ended: store it. */
static void p2leaf_text(struct p2reader *r, uint8_t node, const char *s, size_t n)
{
	struct pain002 *o = r->out;
	const char *v = p2keep(r, s, n);
	uint32_t line = r->text_line ? r->text_line : xml_reader_line(r->xr);
	if (!v)
		return;
	switch (node) {
	case P_MSGID:
		o->msg_id = v;
		break;
	case P_CREDTTM:
		r->created_text = v;
		o->created = datetime_date(v);
		if (o->created == DATE_NONE)
			p2error(r, line, "bad date and time '%s' in 'GrpHdr/CreDtTm' (expected "
					 "YYYY-MM-DDThh:mm:ss)", v);
		break;
	case P_OGRP_MSGID:
		o->orig_msg_id = v;
		break;
	case P_OGRP_NMID:
		o->orig_msg_name = v;
		break;
	case P_GRPSTS:
		o->group_status = v;
		break;
	case P_RSN_CD:
		*reason_target(r) = v;
		break;
	case P_RSN_PRTRY: {
		const char **t = reason_target(r);
		if (!*t)
			*t = v;
		break;
	}
	case P_OPMT_ID:
		r->blocks.v[r->blocks.n - 1].pmt_inf_id = v;
		break;
	case P_PMTSTS:
		r->blocks.v[r->blocks.n - 1].status = v;
		break;
	case P_TX_E2E:
		r->txs.v[r->txs.n - 1].end_to_end = v;
		break;
	case P_TXSTS:
		r->txs.v[r->txs.n - 1].status = v;
		break;
	case P_INSTDAMT: {
		struct pain002_tx *t = &r->txs.v[r->txs.n - 1];
		if (dec_parse_xs(&t->amount, v, strlen(v), false) != DEC_XS_OK) { /* xs:decimal, not negative */
			p2error(r, line, "bad amount '%s' in 'Amt/InstdAmt'", v);
			break;
		}
		if (!r->ccy_present || strlen(r->ccy) != 3) {
			p2error(r, line, "'Amt/InstdAmt' has no currency (attribute Ccy)");
			break;
		}
		memcpy(t->currency, r->ccy, 4);
		t->has_amount = true;
		break;
	}
	default:
		break;
	}
}

static bool p2root(struct p2reader *r, const char *local, const char *uri, uint32_t line)
{
	size_t plen = strlen(NS_PREFIX), n = uri ? strlen(uri) : 0;
	if (strcmp(local, "Document") || !uri || n != plen + 2 || strncmp(uri, NS_PREFIX, plen) ||
	    uri[plen] < '0' || uri[plen] > '9' || uri[plen + 1] < '0' || uri[plen + 1] > '9') {
		p2fatal(r, line, "not a pain.002 payment status report (root element '%.100s' in "
				 "namespace '%.200s')",
			local, uri ? uri : "");
		return false;
	}
	if (!pain002_sniff(r->head, r->nread < sizeof(r->head) ? r->nread : sizeof(r->head))) {
		/* (found by fuzz_pain002: a comment of 8 KiB before the root) */
		p2fatal(r, line, "the pain.002 namespace is not within the first %d bytes (a comment or "
				 "DOCTYPE before the root element that long): clerk import would not "
				 "recognise the report",
			PAIN002_SNIFF_BYTES);
		return false;
	}
	int v = (uri[plen] - '0') * 10 + (uri[plen + 1] - '0');
	if (v < 3 || v > 14) {
		p2fatal(r, line, "unsupported pain.002 version in namespace '%s' (versions 001.03 to "
				 "001.14 are read)",
			uri);
		return false;
	}
	r->out->version = v;
	r->ns = xstrdup(uri);
	return true;
}

static void p2start(struct p2reader *r, uint8_t node, uint32_t line)
{
	switch (node) {
	case P_MSG:
		r->out->line = line;
		r->have_msg = true;
		break;
	case P_OGRP:
		r->in_group = true;
		r->out->group_line = line;
		break;
	case P_OPMT:
		if (r->blocks.n + r->txs.n >= PAIN002_MAX_TXS) {
			p2fatal(r, line, "too many payment blocks and transactions (more than %d)",
				PAIN002_MAX_TXS);
			return;
		}
		{
			struct pain002_block *b = VEC_GROW(&r->blocks);
			b->line = line;
			b->first_tx = r->txs.n;
		}
		r->in_block = true;
		break;
	case P_TX:
		if (r->blocks.n + r->txs.n >= PAIN002_MAX_TXS) {
			p2fatal(r, line, "too many payment blocks and transactions (more than %d)",
				PAIN002_MAX_TXS);
			return;
		}
		{
			struct pain002_tx *t = VEC_GROW(&r->txs);
			t->line = line;
			dec_init(&t->amount);
		}
		r->in_tx = true;
		break;
	default:
		break;
	}
}

static void p2end(struct p2reader *r, uint8_t node)
{
	if (p2leaf[node]) {
		/* trim XML white space */
		const char *s = r->text.buf;
		size_t n = r->text.len;
		while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
			s++, n--;
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
			n--;
		if (n)
			p2leaf_text(r, node, s, n);
		return;
	}
	switch (node) {
	case P_OGRP:
		r->in_group = false;
		break;
	case P_OPMT: {
		struct pain002_block *b = &r->blocks.v[r->blocks.n - 1];
		b->ntx = r->txs.n - b->first_tx;
		if (!b->pmt_inf_id)
			p2error(r, b->line, "'OrgnlPmtInfAndSts' without 'OrgnlPmtInfId'");
		r->in_block = false;
		break;
	}
	case P_TX: {
		const struct pain002_tx *t = &r->txs.v[r->txs.n - 1];
		if (t->status && !strcmp(t->status, "RJCT") && !t->end_to_end)
			p2error(r, t->line, "a rejected transaction ('TxSts' RJCT) without "
					    "'OrgnlEndToEndId': it cannot be told which transfer it is");
		r->in_tx = false;
		break;
	}
	default:
		break;
	}
}

static void p2element(void *ctx)
{
	struct p2reader *r = ctx;
	const char *local = (const char *)xmlTextReaderConstLocalName(r->xr);
	const char *uri = (const char *)xmlTextReaderConstNamespaceUri(r->xr);
	bool empty = xmlTextReaderIsEmptyElement(r->xr) == 1;
	uint8_t parent = r->stack[r->sp], node;
	uint32_t line = 0;
	if (!local)
		local = "";
	if (r->sp >= PAIN002_MAX_DEPTH) {
		p2fatal(r, xml_reader_line(r->xr), "nesting too deep (more than %d levels of elements)",
			PAIN002_MAX_DEPTH);
		return;
	}
	if (parent == P_NONE) {
		line = xml_reader_line(r->xr);
		if (!p2root(r, local, uri, line))
			return;
		node = P_DOC;
	} else if (parent == P_IGNORE || !uri || strcmp(uri, r->ns)) {
		node = P_IGNORE;
	} else {
		node = p2lookup(parent, local);
	}
	if (node == P_MSG || node == P_OGRP || node == P_OPMT || node == P_TX)
		line = xml_reader_line(r->xr);
	r->stack[++r->sp] = node;
	if (p2leaf[node]) {
		strbuf_reset(&r->text);
		r->text_line = 0;
		if (node == P_INSTDAMT) {
			xmlChar *ccy = xmlTextReaderGetAttribute(r->xr, (const xmlChar *)"Ccy");
			r->ccy_present = ccy != NULL;
			r->ccy[0] = '\0';
			if (ccy) {
				size_t cn = strlen((const char *)ccy);
				if (cn >= sizeof(r->ccy))
					cn = sizeof(r->ccy) - 1;
				memcpy(r->ccy, ccy, cn);
				r->ccy[cn] = '\0';
				xmlFree(ccy);
			}
		}
	}
	p2start(r, node, line);
	if (empty && !r->fatal) {
		p2end(r, node);
		r->sp--;
	}
}

static void p2text(void *ctx)
{
	struct p2reader *r = ctx;
	const char *v = (const char *)xmlTextReaderConstValue(r->xr);
	size_t n = v ? strlen(v) : 0;
	uint8_t node = r->stack[r->sp];
	if (n > PAIN002_MAX_TEXT || (p2leaf[node] && r->text.len + n > PAIN002_MAX_TEXT)) {
		p2fatal(r, xml_reader_line(r->xr), "text too long (more than %d bytes in one element)",
			PAIN002_MAX_TEXT);
		return;
	}
	if (p2leaf[node]) {
		if (!r->text.len && n)
			r->text_line = xml_reader_line(r->xr);
		strbuf_add(&r->text, v, n);
	}
}

static void p2doctype(void *ctx)
{
	struct p2reader *r = ctx;
	xmlNodePtr n = xmlTextReaderCurrentNode(r->xr);
	if (n && n->type == XML_DTD_NODE) {
		xmlDtdPtr dtd = (xmlDtdPtr)n;
		if ((dtd->entities && xmlHashSize(dtd->entities) > 0) ||
		    (dtd->pentities && xmlHashSize(dtd->pentities) > 0))
			p2fatal(r, xml_reader_line(r->xr), "DOCTYPE declares entities: refused (entity expansion is "
					      "not allowed in status reports)");
	}
}

/* ------------------------------------------------------------------ */
/* pain.002: input */

static int p2io(void *ctx, char *buf, int len)
{
	struct p2reader *r = ctx;
	size_t n;
	if (r->prolog.refused || len <= 0)
		return r->prolog.refused ? -1 : 0;
	ssize_t got = xml_input_read(&r->in, buf, (size_t)len);
	if (got < 0)
		return -1;
	n = (size_t)got;
	if (r->nread < sizeof(r->head))
		memcpy(r->head + r->nread, buf, n < sizeof(r->head) - r->nread ? n : sizeof(r->head) - r->nread);
	r->nread += n;
	if (r->digest)
		sha256_update(r->digest, buf, n);
	if (!xml_prolog_done(&r->prolog)) {
		xml_prolog_scan(&r->prolog, buf, n);
		if (r->prolog.refused) {
			p2fatal(r, r->prolog.line, "DOCTYPE declares entities: refused (entity expansion is "
					     "not allowed in status reports)");
			return -1;
		}
	}
	return (int)n;
}

/* What a complete report must have, checked at its end. */
static void p2finish(struct p2reader *r)
{
	struct pain002 *o = r->out;
	if (r->fatal || !r->ns)
		return;
	if (!r->have_msg) {
		p2error(r, 0, "no 'CstmrPmtStsRpt' in the document: not a payment status report");
		return;
	}
	if (!o->msg_id)
		p2error(r, o->line, "the status report has no 'GrpHdr/MsgId'");
	if (!r->created_text)
		p2error(r, o->line, "the status report has no 'GrpHdr/CreDtTm'");
	if (!o->orig_msg_id)
		p2error(r, o->group_line ? o->group_line : o->line,
			"the status report has no 'OrgnlGrpInfAndSts/OrgnlMsgId': it does not say which "
			"payment file it is about");
}

static void p2end_element(void *ctx)
{
	struct p2reader *r = ctx;
	if (r->sp > 0) {
		p2end(r, r->stack[r->sp]);
		r->sp--;
	}
}

static void p2entity(void *ctx, uint32_t line, const char *name)
{
	p2fatal(ctx, line, "entity reference '&%.100s;' refused", name);
}

static bool p2stopped(void *ctx)
{
	const struct p2reader *r = ctx;
	return r->fatal || r->prolog.refused;
}

static const struct xml_events p2events = { p2element, p2end_element, p2text,
					    p2doctype, p2entity, p2stopped };

static int p2run(struct p2reader *r)
{
	int ret = 1, error = 0;
	xmlGenericErrorFunc saved = xmlGenericError;
	void *saved_ctx = xmlGenericErrorContext;
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, xml_silent);
	xml_prolog_init(&r->prolog, XML_PROLOG_REFUSE_ENTITY);
	r->xr = xml_reader_for_io(p2io, r, r->name);
	if (!r->xr) {
		error = r->in.io_errno || r->in.changed
				? xml_input_error(&r->in, r->name)
				: clerk_error_set(CLERK_ERROR, "cannot start the XML reader for '%s'",
						  r->name);
		goto cleanup;
	}
	xmlTextReaderSetStructuredErrorHandler(r->xr, p2xml_error, r);
	ret = xml_reader_each(r->xr, &p2events, r);
	if (r->in.io_errno || r->in.changed) {
		error = xml_input_error(&r->in, r->name);
		goto cleanup;
	}
	if (ret < 0 && !r->xml_error_seen)
		p2fatal(r, xml_reader_line(r->xr), "not well-formed XML");
	p2finish(r);
	if (r->nerrors)
		error = CLERK_EPARSE;
cleanup:
	if (r->xr)
		xmlFreeTextReader(r->xr);
	xmlSetGenericErrorFunc(saved_ctx, saved);
	return error;
}

/*
 * A report and the pool holding its strings are one allocation: the public
 * struct first, so that pain002_free() finds the pool behind it.
 */
struct pain002_owned {
	struct pain002 report;
	struct mempool pool;
};

static struct p2reader *p2new(const char *name, struct diag *d)
{
	struct p2reader *r = xcalloc(1, sizeof(*r));
	struct pain002_owned *w = xcalloc(1, sizeof(*w));
	r->name = name;
	r->d = d;
	xml_input_memory(&r->in, NULL, 0);
	strbuf_init(&r->text, 0);
	r->out = &w->report;
	r->out->created = DATE_NONE;
	return r;
}

void pain002_free(struct pain002 *p)
{
	if (!p)
		return;
	struct pain002_owned *w = (struct pain002_owned *)p;
	for (size_t i = 0; i < p->ntxs; i++)
		dec_clear(&p->txs[i].amount);
	free(p->txs);
	free(p->blocks);
	mempool_release(&w->pool);
	free(w);
}

/* Hands what r read to *out (or frees it all on error), and frees r. */
static int p2done(struct p2reader *r, int error, struct pain002 **out)
{
	struct pain002 *o = r->out;
	struct pain002_owned *w = (struct pain002_owned *)o;
	o->blocks = r->blocks.v;
	o->nblocks = r->blocks.n;
	o->txs = r->txs.v;
	o->ntxs = r->txs.n;
	o->file = mempool_strndup(&r->pool, r->name, strlen(r->name));
	w->pool = r->pool;
	if (error) {
		pain002_free(o);
		*out = NULL;
	} else {
		*out = o;
	}
	free(r->ns);
	strbuf_release(&r->text);
	free(r);
	return error;
}

int pain002_read_memory(struct pain002 **out, const char *name, const char *buf, size_t len,
			struct diag *d)
{
	struct p2reader *r = p2new(name, d);
	xml_input_memory(&r->in, buf, len);
	return p2done(r, p2run(r), out);
}

static int p2read_regular(struct pain002 **out, int fd, const struct stat *st, const char *name,
			  struct diag *d, char *hex)
{
	struct xml_input in;
	*out = NULL;
	int error = xml_input_file(&in, fd, st, name);
	if (error)
		return error;
	struct p2reader *r = p2new(name, d);
	r->in = in;
	if (hex)
		r->digest = sha256_new();
	error = p2run(r);
	/* the digest covers every byte, also those after an error */
	if (hex && error != CLERK_EIO) {
		int rest = xml_input_digest_rest(&r->in, r->digest, name);
		if (rest)
			error = rest;
	}
	if (hex) {
		sha256_final_hex(r->digest, hex);
		sha256_free(r->digest);
	}
	return p2done(r, error, out);
}

int pain002_read_fd(struct pain002 **out, int fd, const char *name, struct diag *d, char *hex)
{
	struct stat st;
	*out = NULL;
	if (fstat(fd, &st))
		return clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", name);
	if (!S_ISREG(st.st_mode))
		return clerk_error_set(CLERK_EIO, "'%s' is %s, not a regular file", name,
				       fsutil_kind(&st));
	return p2read_regular(out, fd, &st, name, d, hex);
}

int pain002_read_file(struct pain002 **out, const char *path, struct diag *d, char *hex)
{
	struct stat st;
	int fd, error = fsutil_open_regular(&fd, &st, path, 0);
	*out = NULL;
	if (error == CLERK_EINVALID)
		return clerk_error_set(CLERK_EIO, "%s", clerk_error_last()->message);
	if (error)
		return error;
	error = p2read_regular(out, fd, &st, path, d, hex);
	close(fd);
	return error;
}

bool pain002_sniff(const char *head, size_t n)
{
	static const char ns[] = ":xsd:pain.002.";
	size_t m = sizeof(ns) - 1, k = 0;
	char narrow[8192];
	/* the namespace is an attribute of the root element, near the start; in
	 * UTF-16 its ASCII letters are the bytes that are not NUL */
	for (size_t i = 0; i < n && k < sizeof(narrow); i++)
		if (head[i])
			narrow[k++] = head[i];
	for (size_t i = 0; i + m <= k; i++)
		if (narrow[i] == ':' && !memcmp(narrow + i, ns, m))
			return true;
	return false;
}
