/*
 * camt.c - the camt.052/053/054 reader (libxml2 xmlTextReader adapter).
 *
 * The reader walks the document with xmlTextReader, one node at a time,
 * and keeps a stack of the open elements. Each open element has a node
 * id from the grammar below (a tree of local names: Stmt > Ntry > Amt);
 * elements the grammar does not know, or in another namespace, get
 * N_IGNORE together with everything inside them. Order never matters:
 * a field is recognised by its parent path, wherever it comes.
 *
 * Text is collected only for leaf nodes and handled when the element ends;
 * statements, balances, entries and transaction details are opened and
 * closed at their start and end tags. Entry data lives in a pool released
 * after each entry callback, statement data in a pool released after
 * statement_end, so memory stays flat.
 *
 * Security: no network (XML_PARSE_NONET), entities are not substituted
 * (no XML_PARSE_NOENT), no DTD is loaded or validated. Before libxml2 sees
 * the bytes, the prolog is scanned for "<!ENTITY": a document declaring
 * entities is refused before any could be expanded (the DOCTYPE node and
 * entity reference nodes are checked again as a backstop, e.g. for UTF-16
 * input). Text nodes, nesting depth and the data kept per entry are
 * capped (camt.h).
 */
#include "compat.h"
#include "camt.h"
#include "currency.h"
#include "error.h"
#include "fsutil.h"
#include "sha256.h"
#include "xmlguard.h"
#include "util/mempool.h"
#include "util/strbuf.h"
#include "util/vec.h"
#include "util/xalloc.h"

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NS_PREFIX "urn:iso:std:iso:20022:tech:xsd:camt.05"
#define STMT_MAX_BYTES (1u << 20) /* header strings and balances of one statement */
#define NAME_KEEP 24		   /* bytes of each open element's name kept for messages */

/* ------------------------------------------------------------------ */
/* The grammar: node ids, and which ones collect text. */

#define NODES(X)                                                                              \
	X(NONE, 0) X(IGNORE, 0) X(DOC, 0) X(MSG, 0) X(GRPHDR, 0) X(MSG_ID, 1) X(STMT, 0)         \
	X(ST_ID, 1) X(ST_ESEQ, 1) X(ST_LSEQ, 1) X(ST_CREATED, 1) X(FRTODT, 0) X(FR_DTTM, 1)      \
	X(TO_DTTM, 1) X(ACCT, 0) X(ACCT_ID, 0) X(ACCT_IBAN, 1) X(ACCT_OTHR, 0) X(ACCT_OTHR_ID, 1) \
	X(ACCT_CCY, 1) X(BAL, 0) X(BAL_TP, 0) X(BAL_CDORPRTRY, 0) X(BAL_CD, 1) X(BAL_PRTRY, 1)   \
	X(BAL_AMT, 1) X(BAL_CDI, 1) X(BAL_DT, 0) X(DATE_DT, 1) X(DATE_DTTM, 1) X(NTRY, 0)        \
	X(NTRY_AMT, 1) X(NTRY_CDI, 1) X(NTRY_RVSL, 1) X(NTRY_STS, 1) X(NTRY_STS_CD, 1)            \
	X(NTRY_STS_PRTRY, 1) X(BOOKGDT, 0) X(VALDT, 0) X(NTRY_REF, 1) X(NTRY_INFO, 1)             \
	X(NTRYDTLS, 0) X(BTCH, 0) X(BTCH_MSGID, 1) X(BTCH_PMTINFID, 1) X(BTCH_NBOFTXS, 1)         \
	X(BKTXCD, 0) X(DOMN, 0) X(DOMN_CD, 1) X(FMLY, 0) X(FMLY_CD, 1) X(SUBFMLY, 1)              \
	X(BKPRTRY, 0) X(BKPRTRY_CD, 1) X(BKPRTRY_ISSR, 1) X(CHRGS, 0) X(CHRGS_TTL, 1)             \
	X(CHRGS_AMT, 1) X(CHRGS_CDI, 1) X(CHRGS_TP, 0) X(CHRGS_TP_CD, 1) X(RCRD, 0)               \
	X(RCRD_AMT, 1) X(RCRD_CDI, 1) X(RCRD_INCL, 1) X(RCRD_TP, 0) X(RCRD_TP_CD, 1)              \
	X(AMTDTLS, 0) X(AMTDTL, 0) X(AMTDTL_AMT, 1) X(CCYXCHG, 0) X(FX_SRC, 1) X(FX_TRGT, 1)      \
	X(FX_UNIT, 1) X(FX_RATE, 1) X(TX, 0) X(TX_AMT, 1) X(TX_CDI, 1) X(REFS, 0)                 \
	X(REF_MSGID, 1) X(REF_ACCTSVCRREF, 1) X(REF_PMTINFID, 1) X(REF_INSTRID, 1)                \
	X(REF_E2E, 1) X(REF_TXID, 1) X(REF_UETR, 1) X(REF_MNDTID, 1) X(REF_CHQNB, 1)              \
	X(REF_CLRSYSREF, 1) X(RLTDPTIES, 0) X(PARTY, 0) X(PARTY_NM, 1) X(PARTY_PTY, 0)            \
	X(PACCT, 0) X(PACCT_ID, 0) X(PACCT_IBAN, 1) X(PACCT_OTHR, 0) X(PACCT_OTHR_ID, 1)          \
	X(RMTINF, 0) X(USTRD, 1) X(STRD, 0) X(CREF, 0) X(CREF_REF, 1) X(CREF_TP, 0)               \
	X(CREF_CDORPRTRY, 0) X(CREF_CD, 1) X(CREF_PRTRY, 1) X(CREF_ISSR, 1) X(RFRDDOC, 0)         \
	X(RFRDDOC_NB, 1) X(RTRINF, 0) X(RTR_RSN, 0) X(RTR_CD, 1) X(RTR_PRTRY, 1) X(TX_INFO, 1)

enum node {
#define X(id, leaf) N_##id,
	NODES(X)
#undef X
	N_COUNT
};

static const bool node_is_leaf[N_COUNT] = {
#define X(id, leaf) leaf,
	NODES(X)
#undef X
};

struct edge {
	uint8_t parent;
	const char *name;
	uint8_t child;
};

/*
 * parent --name--> child. Rows of one parent are contiguous (checked when
 * a reader starts). Document, the message element and the statement
 * element depend on the camt kind and are handled in code.
 */
static const struct edge grammar[] = {
	{ N_MSG, "GrpHdr", N_GRPHDR },
	{ N_GRPHDR, "MsgId", N_MSG_ID },

	{ N_STMT, "Id", N_ST_ID },
	{ N_STMT, "ElctrncSeqNb", N_ST_ESEQ },
	{ N_STMT, "LglSeqNb", N_ST_LSEQ },
	{ N_STMT, "CreDtTm", N_ST_CREATED },
	{ N_STMT, "FrToDt", N_FRTODT },
	{ N_STMT, "Acct", N_ACCT },
	{ N_STMT, "Bal", N_BAL },
	{ N_STMT, "Ntry", N_NTRY },
	{ N_FRTODT, "FrDtTm", N_FR_DTTM },
	{ N_FRTODT, "ToDtTm", N_TO_DTTM },
	{ N_ACCT, "Id", N_ACCT_ID },
	{ N_ACCT, "Ccy", N_ACCT_CCY },
	{ N_ACCT_ID, "IBAN", N_ACCT_IBAN },
	{ N_ACCT_ID, "Othr", N_ACCT_OTHR },
	{ N_ACCT_OTHR, "Id", N_ACCT_OTHR_ID },

	{ N_BAL, "Tp", N_BAL_TP },
	{ N_BAL, "Amt", N_BAL_AMT },
	{ N_BAL, "CdtDbtInd", N_BAL_CDI },
	{ N_BAL, "Dt", N_BAL_DT },
	{ N_BAL_TP, "CdOrPrtry", N_BAL_CDORPRTRY },
	{ N_BAL_TP, "Cd", N_BAL_CD },
	{ N_BAL_CDORPRTRY, "Cd", N_BAL_CD },
	{ N_BAL_CDORPRTRY, "Prtry", N_BAL_PRTRY },
	{ N_BAL_DT, "Dt", N_DATE_DT },
	{ N_BAL_DT, "DtTm", N_DATE_DTTM },

	{ N_NTRY, "Amt", N_NTRY_AMT },
	{ N_NTRY, "CdtDbtInd", N_NTRY_CDI },
	{ N_NTRY, "RvslInd", N_NTRY_RVSL },
	{ N_NTRY, "Sts", N_NTRY_STS },
	{ N_NTRY, "BookgDt", N_BOOKGDT },
	{ N_NTRY, "ValDt", N_VALDT },
	{ N_NTRY, "AcctSvcrRef", N_NTRY_REF },
	{ N_NTRY, "BkTxCd", N_BKTXCD },
	{ N_NTRY, "Chrgs", N_CHRGS },
	{ N_NTRY, "AmtDtls", N_AMTDTLS },
	{ N_NTRY, "NtryDtls", N_NTRYDTLS },
	{ N_NTRY, "Btch", N_BTCH },	/* camt.05x.001.01 */
	{ N_NTRY, "TxDtls", N_TX },	/* camt.05x.001.01 */
	{ N_NTRY, "AddtlNtryInf", N_NTRY_INFO },
	{ N_NTRY_STS, "Cd", N_NTRY_STS_CD },
	{ N_NTRY_STS, "Prtry", N_NTRY_STS_PRTRY },
	{ N_BOOKGDT, "Dt", N_DATE_DT },
	{ N_BOOKGDT, "DtTm", N_DATE_DTTM },
	{ N_VALDT, "Dt", N_DATE_DT },
	{ N_VALDT, "DtTm", N_DATE_DTTM },
	{ N_NTRYDTLS, "Btch", N_BTCH },
	{ N_NTRYDTLS, "TxDtls", N_TX },
	{ N_BTCH, "MsgId", N_BTCH_MSGID },
	{ N_BTCH, "PmtInfId", N_BTCH_PMTINFID },
	{ N_BTCH, "NbOfTxs", N_BTCH_NBOFTXS },

	{ N_BKTXCD, "Domn", N_DOMN },
	{ N_BKTXCD, "Prtry", N_BKPRTRY },
	{ N_DOMN, "Cd", N_DOMN_CD },
	{ N_DOMN, "Fmly", N_FMLY },
	{ N_FMLY, "Cd", N_FMLY_CD },
	{ N_FMLY, "SubFmlyCd", N_SUBFMLY },
	{ N_BKPRTRY, "Cd", N_BKPRTRY_CD },
	{ N_BKPRTRY, "Issr", N_BKPRTRY_ISSR },

	{ N_CHRGS, "TtlChrgsAndTaxAmt", N_CHRGS_TTL },
	{ N_CHRGS, "Rcrd", N_RCRD },
	{ N_CHRGS, "Amt", N_CHRGS_AMT },	    /* v02: one Chrgs per charge */
	{ N_CHRGS, "CdtDbtInd", N_CHRGS_CDI }, /* v02 */
	{ N_CHRGS, "Tp", N_CHRGS_TP },	    /* v02 */
	{ N_CHRGS_TP, "Cd", N_CHRGS_TP_CD },
	{ N_RCRD, "Amt", N_RCRD_AMT },
	{ N_RCRD, "CdtDbtInd", N_RCRD_CDI },
	{ N_RCRD, "ChrgInclInd", N_RCRD_INCL },
	{ N_RCRD, "Tp", N_RCRD_TP },
	{ N_RCRD_TP, "Cd", N_RCRD_TP_CD },

	{ N_AMTDTLS, "InstdAmt", N_AMTDTL },
	{ N_AMTDTLS, "TxAmt", N_AMTDTL },
	{ N_AMTDTLS, "CntrValAmt", N_AMTDTL },
	{ N_AMTDTL, "Amt", N_AMTDTL_AMT },
	{ N_AMTDTL, "CcyXchg", N_CCYXCHG },
	{ N_CCYXCHG, "SrcCcy", N_FX_SRC },
	{ N_CCYXCHG, "TrgtCcy", N_FX_TRGT },
	{ N_CCYXCHG, "UnitCcy", N_FX_UNIT },
	{ N_CCYXCHG, "XchgRate", N_FX_RATE },

	{ N_TX, "Refs", N_REFS },
	{ N_TX, "Amt", N_TX_AMT },
	{ N_TX, "CdtDbtInd", N_TX_CDI },
	{ N_TX, "AmtDtls", N_AMTDTLS },
	{ N_TX, "BkTxCd", N_BKTXCD },
	{ N_TX, "Chrgs", N_CHRGS },
	{ N_TX, "RltdPties", N_RLTDPTIES },
	{ N_TX, "RmtInf", N_RMTINF },
	{ N_TX, "RtrInf", N_RTRINF },
	{ N_TX, "AddtlTxInf", N_TX_INFO },
	{ N_REFS, "MsgId", N_REF_MSGID },
	{ N_REFS, "AcctSvcrRef", N_REF_ACCTSVCRREF },
	{ N_REFS, "PmtInfId", N_REF_PMTINFID },
	{ N_REFS, "InstrId", N_REF_INSTRID },
	{ N_REFS, "EndToEndId", N_REF_E2E },
	{ N_REFS, "TxId", N_REF_TXID },
	{ N_REFS, "UETR", N_REF_UETR },
	{ N_REFS, "MndtId", N_REF_MNDTID },
	{ N_REFS, "ChqNb", N_REF_CHQNB },
	{ N_REFS, "ClrSysRef", N_REF_CLRSYSREF },
	{ N_RLTDPTIES, "Dbtr", N_PARTY },
	{ N_RLTDPTIES, "Cdtr", N_PARTY },
	{ N_RLTDPTIES, "UltmtDbtr", N_PARTY },
	{ N_RLTDPTIES, "UltmtCdtr", N_PARTY },
	{ N_RLTDPTIES, "DbtrAcct", N_PACCT },
	{ N_RLTDPTIES, "CdtrAcct", N_PACCT },
	{ N_PARTY, "Nm", N_PARTY_NM },
	{ N_PARTY, "Pty", N_PARTY_PTY },
	{ N_PARTY_PTY, "Nm", N_PARTY_NM },
	{ N_PACCT, "Id", N_PACCT_ID },
	{ N_PACCT_ID, "IBAN", N_PACCT_IBAN },
	{ N_PACCT_ID, "Othr", N_PACCT_OTHR },
	{ N_PACCT_OTHR, "Id", N_PACCT_OTHR_ID },
	{ N_RMTINF, "Ustrd", N_USTRD },
	{ N_RMTINF, "Strd", N_STRD },
	{ N_STRD, "CdtrRefInf", N_CREF },
	{ N_STRD, "RfrdDocInf", N_RFRDDOC },
	{ N_CREF, "Ref", N_CREF_REF },
	{ N_CREF, "Tp", N_CREF_TP },
	{ N_CREF_TP, "CdOrPrtry", N_CREF_CDORPRTRY },
	{ N_CREF_TP, "Issr", N_CREF_ISSR },
	{ N_CREF_CDORPRTRY, "Cd", N_CREF_CD },
	{ N_CREF_CDORPRTRY, "Prtry", N_CREF_PRTRY },
	{ N_RFRDDOC, "Nb", N_RFRDDOC_NB },
	{ N_RTRINF, "Rsn", N_RTR_RSN },
	{ N_RTR_RSN, "Cd", N_RTR_CD },
	{ N_RTR_RSN, "Prtry", N_RTR_PRTRY },
};

/* kind-dependent element names */
struct kind_names {
	enum camt_kind kind;
	const char *message, *message_v01, *statement;
};

static const struct kind_names kinds[] = {
	{ CAMT_052, "BkToCstmrAcctRpt", "BkToCstmrAcctRptV01", "Rpt" },
	{ CAMT_053, "BkToCstmrStmt", "BkToCstmrStmtV01", "Stmt" },
	{ CAMT_054, "BkToCstmrDbtCdtNtfctn", "BkToCstmrDbtCdtNtfctnV01", "Ntfctn" },
};

/* ------------------------------------------------------------------ */
/* Reader state */


struct frame {
	uint8_t node;
	char name[NAME_KEEP]; /* local name, truncated */
};

struct reader {
	xmlTextReaderPtr xr;
	const char *name; /* for diagnostics */
	struct diag *d;
	const struct camt_handler *h;
	void *ctx;

	/* input */
	struct xml_input in;	 /* the file or memory input */
	size_t nread;		 /* bytes given to libxml2 */
	struct sha256 *digest;	 /* of every byte read, or NULL */

	/* prolog scan for "<!ENTITY" */
	struct xml_prolog prolog;


	/* outcome */
	int stop;		/* non-zero value returned by a callback */
	bool fatal;		/* stop reading: XML error or limit */
	bool xml_error_seen;	/* libxml2 errors after the first are cascades */
	size_t nerrors;		/* errors in this file */

	/* grammar index */
	uint16_t first[N_COUNT], count[N_COUNT];

	/* document */
	const xmlChar *ns; /* the document's namespace (reader dictionary) */
	char *ns_copy;
	const struct kind_names *kn;
	int version;
	size_t nstatements;
	uint32_t doc_line;

	/* open elements: stack[0] is a sentinel for "outside the root" */
	struct frame stack[CAMT_MAX_DEPTH + 2];
	int sp;

	/* text of the innermost open leaf */
	struct strbuf text;
	uint32_t text_line;
	char ccy[8]; /* Ccy attribute of the open amount element */
	bool ccy_present;

	/* message */
	struct mempool msg_pool;
	const char *msg_id;

	/* statement */
	bool in_stmt, begun;
	struct camt_statement st;
	struct mempool st_pool;
	size_t st_bytes;
	VEC(struct camt_balance) balances;
	struct camt_balance *cur_bal;
	enum camt_cdi bal_cdi; /* CdtDbtInd of the open balance */

	/* entry */
	bool in_entry;
	struct camt_entry e;
	size_t e_errors;
	struct mempool e_pool;
	size_t e_bytes;
	VEC(struct camt_tx) txs;
	struct camt_tx *cur_tx;

	/* targets set by the enclosing element */
	clerk_date *cur_date;
	struct camt_bank_tx_code *cur_bktx;
	struct camt_charges *cur_charges;
	size_t cur_record;  /* index in cur_charges->records, or SIZE_MAX */
	size_t v02_record;  /* index of the v02 record of the open Chrgs, or SIZE_MAX */
	struct camt_amount_details *cur_details;
	struct camt_amount_detail *cur_detail;
	struct camt_party *cur_party;
	size_t cur_cref; /* index in cur_tx->creditor_refs */
};

/* ------------------------------------------------------------------ */
/* Diagnostics */

static void verror_at(struct reader *r, uint32_t line, uint32_t col, const char *fmt, va_list ap)
	PRINTF_LIKE(4, 0);

static void verror_at(struct reader *r, uint32_t line, uint32_t col, const char *fmt, va_list ap)
{
	struct srcloc loc = { r->name, line, col };
	diag_vadd(r->d, DIAG_ERROR, &loc, NULL, 0, fmt, ap);
	r->nerrors++;
	if (r->in_stmt)
		r->st.nerrors++;
	if (r->in_entry)
		r->e_errors++;
}

static void error_at(struct reader *r, uint32_t line, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void error_at(struct reader *r, uint32_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror_at(r, line, 0, fmt, ap);
	va_end(ap);
}

/* An error that ends reading (limits, security, document structure). */
static void fatal_at(struct reader *r, uint32_t line, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void fatal_at(struct reader *r, uint32_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror_at(r, line, 0, fmt, ap);
	va_end(ap);
	r->fatal = true;
	r->xml_error_seen = true; /* what libxml2 says next is a consequence */
}

static void warning_at(struct reader *r, uint32_t line, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void warning_at(struct reader *r, uint32_t line, const char *fmt, ...)
{
	struct srcloc loc = { r->name, line, 0 };
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(r->d, DIAG_WARNING, &loc, NULL, 0, fmt, ap);
	va_end(ap);
}

/* libxml2's structured error handler: the first error is kept, with position. */
static void xml_error(void *arg, xmlErrorPtr err)
{
	struct reader *r = arg;
	if (!err || err->level < XML_ERR_ERROR || r->xml_error_seen || r->in.io_errno || r->in.changed)
		return; /* a failed read is reported as such, not as bad XML */
	r->xml_error_seen = true;
	xml_error_diag(r->d, r->name, err, r->nread, r->prolog.saw_markup);
	r->nerrors++;
	if (r->in_stmt)
		r->st.nerrors++;
	if (r->in_entry)
		r->e_errors++;
	if (err->level == XML_ERR_FATAL)
		r->fatal = true;
}

/* "Parent/Name" of the open element, for messages. */
static const char *elem_path(struct reader *r, struct strbuf *sb)
{
	strbuf_reset(sb);
	if (r->sp >= 2) {
		strbuf_addstr(sb, r->stack[r->sp - 1].name);
		strbuf_addch(sb, '/');
	}
	strbuf_addstr(sb, r->stack[r->sp].name);
	return sb->buf;
}

/* ------------------------------------------------------------------ */
/* Memory accounting and storage */

/* Counts n bytes against the entry's (or statement's) limit; false when over it. */
static bool charge(struct reader *r, size_t n)
{
	if (r->fatal)
		return false;
	if (r->in_entry) {
		r->e_bytes += n;
		if (r->e_bytes > CAMT_MAX_ENTRY_BYTES) {
			fatal_at(r, r->e.line, "entry too large (more than %u MiB of text and details)",
				 CAMT_MAX_ENTRY_BYTES >> 20);
			return false;
		}
	} else {
		r->st_bytes += n;
		if (r->st_bytes > STMT_MAX_BYTES) {
			fatal_at(r, r->st.line,
				 "statement header too large (more than %u KiB of text and balances)",
				 STMT_MAX_BYTES >> 10);
			return false;
		}
	}
	return true;
}

/* A pool copy of s (entry pool inside an entry, else the statement's). */
static const char *keep(struct reader *r, const char *s, size_t n)
{
	if (!charge(r, n + 1))
		return NULL;
	struct mempool *pool = r->in_entry ? &r->e_pool : r->in_stmt ? &r->st_pool : &r->msg_pool;
	return mempool_strndup(pool, s, n);
}

/* Grows arr (n elements of elsz bytes) so that one more fits; doubling from 4. */
static void *grow(void *arr, size_t n, size_t elsz)
{
	if (n == 0)
		return xrealloc(arr, st_mult(4, elsz));
	if (n >= 4 && (n & (n - 1)) == 0)
		return xrealloc(arr, st_mult(2 * n, elsz));
	return arr;
}

/* Appends a zeroed element to arr (a T *) with count n; evaluates to its address. */
#define APPEND(arr, n)                                                                       \
	((arr) = grow((arr), (n), sizeof(*(arr))), memset(&(arr)[(n)], 0, sizeof(*(arr))),  \
	 &(arr)[(n)++])

/* ------------------------------------------------------------------ */
/* Value parsers: return NULL or a message. */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* xs:decimal, not negative: [+]digits[.digits] (either part may be empty, not both). */
static const char *parse_decimal(const char *s, size_t n, struct dec *out)
{
	switch (dec_parse_xs(out, s, n, false)) {
	case DEC_XS_OK:
		return NULL;
	case DEC_XS_NEGATIVE:
		return "negative amount (the sign is in CdtDbtInd)";
	case DEC_XS_DIGITS:
		return "amount has too many digits";
	case DEC_XS_SCALE:
		return "amount has too many decimals";
	case DEC_XS_BAD:
		break;
	}
	return "bad amount";
}

static int digits_value(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "YYYY-MM-DD" at s (n >= 10); returns the date or DATE_NONE. */
static clerk_date ymd(const char *s, size_t n)
{
	if (n < 10 || s[4] != '-' || s[7] != '-')
		return DATE_NONE;
	int y = digits_value(s, 4), m = digits_value(s + 5, 2), d = digits_value(s + 8, 2);
	if (y < 1 || m < 0 || d < 0)
		return DATE_NONE;
	return date_from_ymd(y, m, d);
}

/* Time zone suffix of xs:date/xs:dateTime: "", "Z" or "+hh:mm"/"-hh:mm". */
static bool tz_ok(const char *s, size_t n)
{
	if (n == 0)
		return true;
	if (n == 1)
		return s[0] == 'Z';
	if (n != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':')
		return false;
	int h = digits_value(s + 1, 2), m = digits_value(s + 4, 2);
	return h >= 0 && h <= 14 && m >= 0 && m <= 59;
}

/* xs:date: YYYY-MM-DD with an optional zone. */
static clerk_date parse_date(const char *s, size_t n)
{
	clerk_date d = ymd(s, n);
	if (d == DATE_NONE || !tz_ok(s + 10, n - 10))
		return DATE_NONE;
	return d;
}

/* xs:dateTime: YYYY-MM-DDThh:mm:ss[.f+][zone]; returns the date as written (no zone conversion). */
static clerk_date parse_datetime(const char *s, size_t n)
{
	clerk_date d = ymd(s, n);
	size_t i = 19;
	if (d == DATE_NONE || n < 19 || s[10] != 'T' || s[13] != ':' || s[16] != ':')
		return DATE_NONE;
	int hh = digits_value(s + 11, 2), mm = digits_value(s + 14, 2), ss = digits_value(s + 17, 2);
	if (hh < 0 || hh > 24 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
		return DATE_NONE;
	if (hh == 24 && (mm || ss))
		return DATE_NONE;
	if (i < n && s[i] == '.') {
		size_t start = ++i;
		while (i < n && is_digit(s[i]))
			i++;
		if (i == start)
			return DATE_NONE;
	}
	if (!tz_ok(s + i, n - i))
		return DATE_NONE;
	return d;
}

/* ------------------------------------------------------------------ */
/* Field handlers */

static void set_text(struct reader *r, const char **field, const char *s, size_t n)
{
	*field = n ? keep(r, s, n) : NULL;
}

/* Checks a currency code; on success copies it to out[4]. */
static bool check_currency(struct reader *r, uint32_t line, const char *code, size_t n,
			   char out[4], const char *what)
{
	char buf[4];
	if (n != 3) {
		error_at(r, line, "bad currency code '%.*s' in %s (expected 3 letters)", (int)(n > 16 ? 16 : n),
			 code, what);
		return false;
	}
	memcpy(buf, code, 3);
	buf[3] = '\0';
	if (!currency_find(buf)) {
		error_at(r, line, "unknown currency '%s' in %s (not an ISO 4217 code)", buf, what);
		return false;
	}
	memcpy(out, buf, 4);
	return true;
}

static void set_amount(struct reader *r, struct camt_amount *a, const char *s, size_t n)
{
	struct strbuf path = STRBUF_INIT;
	const char *msg;
	char ccy[4];

	elem_path(r, &path);
	if (!n) {
		error_at(r, r->text_line, "empty amount in '%s'", path.buf);
		goto cleanup;
	}
	msg = parse_decimal(s, n, &a->value);
	if (msg) {
		error_at(r, r->text_line, "%s '%.*s' in '%s'", msg, (int)(n > 40 ? 40 : n), s, path.buf);
		goto cleanup;
	}
	if (!r->ccy_present) {
		error_at(r, r->text_line, "amount without currency (no Ccy attribute) in '%s'", path.buf);
		goto cleanup;
	}
	if (!check_currency(r, r->text_line, r->ccy, strlen(r->ccy), ccy, "the Ccy attribute"))
		goto cleanup;
	memcpy(a->currency, ccy, 4);
	a->present = true;
	const struct currency *cur = currency_find(ccy);
	int32_t need = dec_needed_scale(&a->value);
	if (cur->exponent != CURRENCY_EXPONENT_NONE && need > cur->exponent)
		warning_at(r, r->text_line,
			   "amount '%.*s' has more decimals than '%s' has (%d): read exactly, not rounded",
			   (int)(n > 40 ? 40 : n), s, ccy, cur->exponent);
cleanup:
	strbuf_release(&path);
}

static enum camt_cdi parse_cdi(struct reader *r, const char *s, size_t n)
{
	if (n == 4 && !memcmp(s, "CRDT", 4))
		return CAMT_CREDIT;
	if (n == 4 && !memcmp(s, "DBIT", 4))
		return CAMT_DEBIT;
	struct strbuf path = STRBUF_INIT;
	error_at(r, r->text_line, "bad CdtDbtInd '%.*s' in '%s' (expected CRDT or DBIT)",
		 (int)(n > 40 ? 40 : n), s, elem_path(r, &path));
	strbuf_release(&path);
	return CAMT_CDI_NONE;
}

/* xs:boolean: returns 1, 0, or -1 after an error. */
static int parse_bool(struct reader *r, const char *s, size_t n)
{
	if ((n == 4 && !memcmp(s, "true", 4)) || (n == 1 && s[0] == '1'))
		return 1;
	if ((n == 5 && !memcmp(s, "false", 5)) || (n == 1 && s[0] == '0'))
		return 0;
	struct strbuf path = STRBUF_INIT;
	error_at(r, r->text_line, "bad boolean '%.*s' in '%s' (expected true or false)",
		 (int)(n > 40 ? 40 : n), s, elem_path(r, &path));
	strbuf_release(&path);
	return -1;
}

static void set_date(struct reader *r, clerk_date *out, const char *s, size_t n, bool datetime)
{
	clerk_date d = datetime ? parse_datetime(s, n) : parse_date(s, n);
	if (d == DATE_NONE) {
		struct strbuf path = STRBUF_INIT;
		error_at(r, r->text_line, "bad %s '%.*s' in '%s' (expected %s)",
			 datetime ? "date and time" : "date", (int)(n > 40 ? 40 : n), s,
			 elem_path(r, &path), datetime ? "YYYY-MM-DDThh:mm:ss" : "YYYY-MM-DD");
		strbuf_release(&path);
		return;
	}
	if (out)
		*out = d;
}

/* The v02 charge record of the open Chrgs element (created on first use). */
static struct camt_charge *v02_record(struct reader *r)
{
	struct camt_charges *c = r->cur_charges;
	if (r->v02_record == SIZE_MAX) {
		if (!charge(r, sizeof(struct camt_charge)))
			return NULL;
		struct camt_charge *rec = APPEND(c->records, c->nrecords);
		rec->included = -1;
		r->v02_record = c->nrecords - 1;
	}
	return &c->records[r->v02_record];
}

static struct camt_charge *cur_record(struct reader *r)
{
	return r->cur_record == SIZE_MAX ? NULL : &r->cur_charges->records[r->cur_record];
}

/* ------------------------------------------------------------------ */
/* Statements, balances, entries */

static void amount_clear(struct camt_amount *a)
{
	dec_clear(&a->value);
}

static void details_clear(struct camt_amount_details *d)
{
	amount_clear(&d->instructed.amount);
	amount_clear(&d->transaction.amount);
	amount_clear(&d->counter_value.amount);
}

static void charges_clear(struct camt_charges *c)
{
	amount_clear(&c->total);
	for (size_t i = 0; i < c->nrecords; i++)
		amount_clear(&c->records[i].amount);
	free(c->records);
}

static void tx_clear(struct camt_tx *tx)
{
	amount_clear(&tx->amount);
	details_clear(&tx->amount_details);
	charges_clear(&tx->charges);
	free(tx->unstructured);
	free(tx->creditor_refs);
	free(tx->referred_docs);
}

static void entry_release(struct reader *r)
{
	for (size_t i = 0; i < r->txs.n; i++)
		tx_clear(&r->txs.v[i]);
	r->txs.n = 0; /* the array is reused by the next entry */
	amount_clear(&r->e.amount);
	charges_clear(&r->e.charges);
	details_clear(&r->e.amount_details);
	memset(&r->e, 0, sizeof(r->e));
	mempool_release(&r->e_pool);
	r->in_entry = false;
	r->e_bytes = 0;
	r->e_errors = 0;
	r->cur_tx = NULL;
}

static void statement_release(struct reader *r)
{
	if (r->in_entry)
		entry_release(r);
	for (size_t i = 0; i < r->balances.n; i++)
		amount_clear(&r->balances.v[i].amount);
	r->balances.n = 0;
	dec_clear(&r->st.booked_credits);
	dec_clear(&r->st.booked_debits);
	memset(&r->st, 0, sizeof(r->st));
	mempool_release(&r->st_pool);
	r->in_stmt = false;
	r->begun = false;
	r->st_bytes = 0;
	r->cur_bal = NULL;
}

static void statement_start(struct reader *r, uint32_t line)
{
	r->in_stmt = true;
	r->begun = false;
	r->st.file = r->name;
	r->st.kind = r->kn->kind;
	r->st.version = r->version;
	r->st.index = ++r->nstatements;
	r->st.line = line;
	r->st.msg_id = r->msg_id;
	r->st.from = r->st.to = DATE_NONE;
}

/* Points the statement's derived fields at their current values. */
static void statement_sync(struct reader *r)
{
	r->st.account = r->st.account_iban ? r->st.account_iban : r->st.account_other;
	r->st.balances = r->balances.v;
	r->st.nbalances = r->balances.n;
}

static void statement_begin_cb(struct reader *r)
{
	if (r->begun)
		return;
	r->begun = true;
	statement_sync(r);
	if (r->h && r->h->statement_begin && !r->stop)
		r->stop = r->h->statement_begin(&r->st, r->ctx);
}

static void statement_finish(struct reader *r)
{
	if (!r->st.id)
		error_at(r, r->st.line, "%s without Id", r->kn->statement);
	statement_begin_cb(r);
	statement_sync(r);
	if (r->h && r->h->statement_end && !r->stop)
		r->stop = r->h->statement_end(&r->st, r->ctx);
	statement_release(r);
}

static void balance_finish(struct reader *r)
{
	struct camt_balance *b = r->cur_bal;
	if (!b)
		return;
	if (!b->type && !b->proprietary)
		error_at(r, b->line, "balance without type (Bal/Tp/CdOrPrtry)");
	if (!b->amount.present)
		error_at(r, b->line, "balance without amount (Bal/Amt)");
	if (r->bal_cdi == CAMT_CDI_NONE && b->amount.present && dec_sgn(&b->amount.value))
		/* schema-invalid, seen in Lithuanian camt.053.001.08 files */
		warning_at(r, b->line, "balance without CdtDbtInd: read as a credit (CRDT)");
	if (r->bal_cdi == CAMT_DEBIT)
		dec_neg(&b->amount.value, &b->amount.value);
	r->cur_bal = NULL;
}

static void entry_start(struct reader *r, uint32_t line)
{
	statement_begin_cb(r);
	r->in_entry = true;
	r->e_errors = 0;
	r->e_bytes = 0;
	r->e.index = ++r->st.nentries;
	r->e.line = line;
	r->e.booking_date = r->e.value_date = DATE_NONE;
}

static void entry_finish(struct reader *r)
{
	struct camt_entry *e = &r->e;
	if (!e->amount.present && r->e_errors == 0)
		error_at(r, e->line, "entry without amount (Ntry/Amt)");
	if (e->cdi == CAMT_CDI_NONE && r->e_errors == 0)
		error_at(r, e->line, "entry without CdtDbtInd (Ntry/CdtDbtInd)");
	e->booked = !e->status || !strcmp(e->status, "BOOK");
	e->txs = r->txs.v;
	e->ntxs = r->txs.n;
	if (r->e_errors == 0) {
		if (e->booked) {
			struct dec *sum =
				e->cdi == CAMT_CREDIT ? &r->st.booked_credits : &r->st.booked_debits;
			dec_add(sum, sum, &e->amount.value);
			r->st.nbooked++;
		}
		statement_sync(r);
		if (r->h && r->h->entry && !r->stop)
			r->stop = r->h->entry(&r->st, e, r->ctx);
	}
	entry_release(r);
}

/* ------------------------------------------------------------------ */
/* Element events */

static uint8_t lookup(const struct reader *r, uint8_t parent, const char *name)
{
	size_t i = r->first[parent], end = i + r->count[parent];
	for (; i < end; i++)
		if (grammar[i].name[0] == name[0] && !strcmp(grammar[i].name, name))
			return grammar[i].child;
	return N_IGNORE;
}

/* Parses the document namespace; false (after an error) when it is not camt. */
static bool root_namespace(struct reader *r, const char *ns, uint32_t line)
{
	size_t plen = strlen(NS_PREFIX), n = ns ? strlen(ns) : 0;
	if (!ns) {
		fatal_at(r, line, "'Document' has no namespace: not a camt.052, camt.053 or "
				  "camt.054 document");
		return false;
	}
	/* urn:iso:std:iso:20022:tech:xsd:camt.05N.001.VV, also with ".xsd" appended */
	if (n > plen + 4 && !strcmp(ns + n - 4, ".xsd"))
		n -= 4;
	if (n == plen + 8 && !strncmp(ns, NS_PREFIX, plen) && ns[plen] >= '2' && ns[plen] <= '4' &&
	    !strncmp(ns + plen + 1, ".001.", 5)) {
		int v = digits_value(ns + plen + 6, 2);
		if (v >= 1 && v <= 13) {
			r->kn = &kinds[ns[plen] - '2'];
			r->version = v;
			return true;
		}
		fatal_at(r, line, "unsupported camt version in namespace '%s' (versions 001.01 to "
				  "001.13 are read)", ns);
		return false;
	}
	fatal_at(r, line, "unknown namespace '%.200s': not a camt.052, camt.053 or camt.054 document",
		 ns);
	return false;
}

static uint8_t element_node(struct reader *r, uint8_t parent, const char *local, uint32_t line)
{
	const xmlChar *ns;

	if (parent == N_NONE) {
		const char *uri = (const char *)xmlTextReaderConstNamespaceUri(r->xr);
		if (strcmp(local, "Document")) {
			fatal_at(r, line, "root element is '%.100s', not 'Document': not a camt "
					  "document", local);
			return N_IGNORE;
		}
		if (!root_namespace(r, uri, line))
			return N_IGNORE;
		r->ns = xmlTextReaderConstNamespaceUri(r->xr);
		r->doc_line = line;
		free(r->ns_copy);
		r->ns_copy = xstrdup(uri);
		return N_DOC;
	}
	if (parent == N_IGNORE)
		return N_IGNORE;
	ns = xmlTextReaderConstNamespaceUri(r->xr);
	if (!ns || (ns != r->ns && strcmp((const char *)ns, r->ns_copy)))
		return N_IGNORE; /* another vocabulary (an envelope, an extension) */
	switch (parent) {
	case N_DOC:
		if (!strcmp(local, r->kn->message) ||
		    (r->version == 1 && !strcmp(local, r->kn->message_v01)))
			return N_MSG;
		for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
			if (!strcmp(local, kinds[i].message) || !strcmp(local, kinds[i].message_v01))
				error_at(r, line, "'%s' in a %s document (expected '%s')", local,
					 camt_kind_name(r->kn->kind), r->kn->message);
		return N_IGNORE;
	case N_MSG:
		if (!strcmp(local, r->kn->statement))
			return N_STMT;
		break;
	default:
		break;
	}
	return lookup(r, parent, local);
}

static void start_node(struct reader *r, uint8_t node, const char *local, uint32_t line)
{
	switch (node) {
	case N_STMT:
		statement_start(r, line);
		break;
	case N_BAL:
		if (!charge(r, sizeof(struct camt_balance)))
			break;
		r->cur_bal = VEC_GROW(&r->balances);
		r->cur_bal->line = line;
		r->cur_bal->date = DATE_NONE;
		r->bal_cdi = CAMT_CDI_NONE;
		break;
	case N_BAL_DT:
		r->cur_date = r->cur_bal ? &r->cur_bal->date : NULL;
		break;
	case N_NTRY:
		entry_start(r, line);
		break;
	case N_BOOKGDT:
		r->cur_date = &r->e.booking_date;
		break;
	case N_VALDT:
		r->cur_date = &r->e.value_date;
		break;
	case N_TX:
		if (!charge(r, sizeof(struct camt_tx)))
			break;
		r->cur_tx = VEC_GROW(&r->txs);
		r->cur_tx->line = line;
		break;
	case N_BKTXCD:
		r->cur_bktx = r->cur_tx ? &r->cur_tx->bank_tx_code : &r->e.bank_tx_code;
		break;
	case N_CHRGS:
		r->cur_charges = r->cur_tx ? &r->cur_tx->charges : &r->e.charges;
		r->cur_record = r->v02_record = SIZE_MAX;
		break;
	case N_RCRD:
		if (!charge(r, sizeof(struct camt_charge)))
			break;
		APPEND(r->cur_charges->records, r->cur_charges->nrecords)->included = -1;
		r->cur_record = r->cur_charges->nrecords - 1;
		break;
	case N_AMTDTLS:
		r->cur_details = r->cur_tx ? &r->cur_tx->amount_details : &r->e.amount_details;
		break;
	case N_AMTDTL:
		r->cur_detail = !strcmp(local, "InstdAmt") ? &r->cur_details->instructed
				: !strcmp(local, "TxAmt")  ? &r->cur_details->transaction
							   : &r->cur_details->counter_value;
		break;
	case N_PARTY:
		r->cur_party = !strcmp(local, "Dbtr")	   ? &r->cur_tx->debtor
			       : !strcmp(local, "Cdtr")	   ? &r->cur_tx->creditor
			       : !strcmp(local, "UltmtDbtr") ? &r->cur_tx->ultimate_debtor
							     : &r->cur_tx->ultimate_creditor;
		break;
	case N_PACCT:
		r->cur_party = !strcmp(local, "DbtrAcct") ? &r->cur_tx->debtor : &r->cur_tx->creditor;
		break;
	case N_CREF:
		if (!charge(r, sizeof(struct camt_creditor_ref)))
			break;
		APPEND(r->cur_tx->creditor_refs, r->cur_tx->ncreditor_refs);
		r->cur_cref = r->cur_tx->ncreditor_refs - 1;
		break;
	default:
		break;
	}
}

static struct camt_creditor_ref *cur_cref(struct reader *r)
{
	return r->cur_tx && r->cur_tx->ncreditor_refs ? &r->cur_tx->creditor_refs[r->cur_cref] : NULL;
}

/* A leaf ended: handle its text s (trimmed, n bytes). */
static void leaf_text(struct reader *r, uint8_t node, const char *s, size_t n)
{
	struct camt_statement *st = &r->st;
	struct camt_entry *e = &r->e;
	struct camt_tx *tx = r->cur_tx;
	struct camt_charge *rec;
	struct camt_creditor_ref *cref;

	switch (node) {
	case N_MSG_ID:
		set_text(r, &r->msg_id, s, n);
		break;
	case N_ST_ID:
		set_text(r, &st->id, s, n);
		break;
	case N_ST_ESEQ:
		set_text(r, &st->electronic_seq, s, n);
		break;
	case N_ST_LSEQ:
		set_text(r, &st->legal_seq, s, n);
		break;
	case N_ST_CREATED:
		set_date(r, NULL, s, n, true);
		set_text(r, &st->created, s, n);
		break;
	case N_FR_DTTM:
		set_date(r, &st->from, s, n, true);
		break;
	case N_TO_DTTM:
		set_date(r, &st->to, s, n, true);
		break;
	case N_ACCT_IBAN:
		set_text(r, &st->account_iban, s, n);
		break;
	case N_ACCT_OTHR_ID:
		set_text(r, &st->account_other, s, n);
		break;
	case N_ACCT_CCY:
		check_currency(r, r->text_line, s, n, st->currency, "'Acct/Ccy'");
		break;
	case N_BAL_CD:
		if (r->cur_bal)
			set_text(r, &r->cur_bal->type, s, n);
		break;
	case N_BAL_PRTRY:
		if (r->cur_bal)
			set_text(r, &r->cur_bal->proprietary, s, n);
		break;
	case N_BAL_AMT:
		if (r->cur_bal)
			set_amount(r, &r->cur_bal->amount, s, n);
		break;
	case N_BAL_CDI:
		/* applied to the amount when the balance ends (any order) */
		r->bal_cdi = parse_cdi(r, s, n);
		break;
	case N_DATE_DT:
	case N_DATE_DTTM:
		set_date(r, r->cur_date, s, n, node == N_DATE_DTTM);
		break;
	case N_NTRY_AMT:
		set_amount(r, &e->amount, s, n);
		break;
	case N_NTRY_CDI:
		e->cdi = parse_cdi(r, s, n);
		break;
	case N_NTRY_RVSL:
		e->reversal = parse_bool(r, s, n) == 1;
		break;
	case N_NTRY_STS:
		if (n)
			set_text(r, &e->status, s, n);
		break;
	case N_NTRY_STS_CD:
	case N_NTRY_STS_PRTRY:
		set_text(r, &e->status, s, n);
		break;
	case N_NTRY_REF:
		set_text(r, &e->acct_svcr_ref, s, n);
		break;
	case N_NTRY_INFO:
		set_text(r, &e->additional_info, s, n);
		break;
	case N_BTCH_MSGID:
		set_text(r, &e->batch_msg_id, s, n);
		break;
	case N_BTCH_PMTINFID:
		set_text(r, &e->batch_pmt_inf_id, s, n);
		break;
	case N_BTCH_NBOFTXS:
		set_text(r, &e->batch_nb_of_txs, s, n);
		break;
	case N_DOMN_CD:
		set_text(r, &r->cur_bktx->domain, s, n);
		break;
	case N_FMLY_CD:
		set_text(r, &r->cur_bktx->family, s, n);
		break;
	case N_SUBFMLY:
		set_text(r, &r->cur_bktx->subfamily, s, n);
		break;
	case N_BKPRTRY_CD:
		set_text(r, &r->cur_bktx->proprietary, s, n);
		break;
	case N_BKPRTRY_ISSR:
		set_text(r, &r->cur_bktx->issuer, s, n);
		break;
	case N_CHRGS_TTL:
		set_amount(r, &r->cur_charges->total, s, n);
		break;
	case N_CHRGS_AMT:
		if ((rec = v02_record(r)))
			set_amount(r, &rec->amount, s, n);
		break;
	case N_CHRGS_CDI:
		if ((rec = v02_record(r)))
			rec->cdi = parse_cdi(r, s, n);
		break;
	case N_CHRGS_TP_CD:
		if ((rec = v02_record(r)))
			set_text(r, &rec->type, s, n);
		break;
	case N_RCRD_AMT:
		if ((rec = cur_record(r)))
			set_amount(r, &rec->amount, s, n);
		break;
	case N_RCRD_CDI:
		if ((rec = cur_record(r)))
			rec->cdi = parse_cdi(r, s, n);
		break;
	case N_RCRD_INCL:
		if ((rec = cur_record(r)))
			rec->included = parse_bool(r, s, n);
		break;
	case N_RCRD_TP_CD:
		if ((rec = cur_record(r)))
			set_text(r, &rec->type, s, n);
		break;
	case N_AMTDTL_AMT:
		set_amount(r, &r->cur_detail->amount, s, n);
		break;
	case N_FX_SRC:
		check_currency(r, r->text_line, s, n, r->cur_detail->fx.source, "'CcyXchg/SrcCcy'");
		break;
	case N_FX_TRGT:
		check_currency(r, r->text_line, s, n, r->cur_detail->fx.target, "'CcyXchg/TrgtCcy'");
		break;
	case N_FX_UNIT:
		check_currency(r, r->text_line, s, n, r->cur_detail->fx.unit, "'CcyXchg/UnitCcy'");
		break;
	case N_FX_RATE: {
		struct dec rate = DEC_INIT;
		if (parse_decimal(s, n, &rate))
			error_at(r, r->text_line, "bad exchange rate '%.*s' in 'CcyXchg/XchgRate'",
				 (int)(n > 40 ? 40 : n), s);
		else
			set_text(r, &r->cur_detail->fx.rate, s, n);
		dec_clear(&rate);
		break;
	}
	case N_TX_AMT:
		set_amount(r, &tx->amount, s, n);
		break;
	case N_TX_CDI:
		tx->cdi = parse_cdi(r, s, n);
		break;
	case N_REF_MSGID:
		set_text(r, &tx->refs.msg_id, s, n);
		break;
	case N_REF_ACCTSVCRREF:
		set_text(r, &tx->refs.acct_svcr_ref, s, n);
		break;
	case N_REF_PMTINFID:
		set_text(r, &tx->refs.pmt_inf_id, s, n);
		break;
	case N_REF_INSTRID:
		set_text(r, &tx->refs.instr_id, s, n);
		break;
	case N_REF_E2E:
		set_text(r, &tx->refs.end_to_end_id, s, n);
		break;
	case N_REF_TXID:
		set_text(r, &tx->refs.tx_id, s, n);
		break;
	case N_REF_UETR:
		set_text(r, &tx->refs.uetr, s, n);
		break;
	case N_REF_MNDTID:
		set_text(r, &tx->refs.mandate_id, s, n);
		break;
	case N_REF_CHQNB:
		set_text(r, &tx->refs.cheque_nb, s, n);
		break;
	case N_REF_CLRSYSREF:
		set_text(r, &tx->refs.clr_sys_ref, s, n);
		break;
	case N_PARTY_NM:
		set_text(r, &r->cur_party->name, s, n);
		break;
	case N_PACCT_IBAN:
		set_text(r, &r->cur_party->iban, s, n);
		break;
	case N_PACCT_OTHR_ID:
		set_text(r, &r->cur_party->other, s, n);
		break;
	case N_USTRD:
		if (n && charge(r, sizeof(char *))) {
			const char *v = keep(r, s, n);
			if (v)
				*APPEND(tx->unstructured, tx->nunstructured) = v;
		}
		break;
	case N_CREF_REF:
		if ((cref = cur_cref(r)))
			set_text(r, &cref->ref, s, n);
		break;
	case N_CREF_CD:
	case N_CREF_PRTRY:
		if ((cref = cur_cref(r)))
			set_text(r, &cref->type, s, n);
		break;
	case N_CREF_ISSR:
		if ((cref = cur_cref(r)))
			set_text(r, &cref->issuer, s, n);
		break;
	case N_RFRDDOC_NB:
		if (n && charge(r, sizeof(char *))) {
			const char *v = keep(r, s, n);
			if (v)
				*APPEND(tx->referred_docs, tx->nreferred_docs) = v;
		}
		break;
	case N_RTR_CD:
		set_text(r, &tx->return_reason, s, n);
		break;
	case N_RTR_PRTRY:
		if (!tx->return_reason)
			set_text(r, &tx->return_reason, s, n);
		break;
	case N_TX_INFO:
		set_text(r, &tx->additional_info, s, n);
		break;
	default:
		break;
	}
}

/* An element ended (its frame is still on the stack). */
static void end_node(struct reader *r, uint8_t node)
{
	if (node_is_leaf[node]) {
		const char *s = r->text.buf;
		size_t n = r->text.len;
		/* XML white space around values is not part of them */
		while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
			s++, n--;
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
			     s[n - 1] == '\r'))
			n--;
		if (!r->text_line)
			r->text_line = xml_reader_line(r->xr); /* an empty element: its own line */
		leaf_text(r, node, s, n);
		strbuf_reset(&r->text);
	}
	switch (node) {
	case N_DOC:
		if (!r->nstatements && !r->fatal)
			error_at(r, r->doc_line,
				 "no statement in this %s document (no %s/%s element)",
				 camt_kind_name(r->kn->kind), r->kn->message, r->kn->statement);
		break;
	case N_STMT:
		statement_finish(r);
		break;
	case N_BAL:
		balance_finish(r);
		break;
	case N_NTRY:
		entry_finish(r);
		break;
	case N_TX:
		r->cur_tx = NULL;
		break;
	case N_BAL_DT:
	case N_BOOKGDT:
	case N_VALDT:
		r->cur_date = NULL;
		break;
	case N_CHRGS:
		r->cur_charges = NULL;
		break;
	case N_RCRD:
		r->cur_record = SIZE_MAX;
		break;
	default:
		break;
	}
}

static void on_element(void *ctx)
{
	struct reader *r = ctx;
	const char *local = (const char *)xmlTextReaderConstLocalName(r->xr);
	uint8_t parent = r->stack[r->sp].node, node;
	uint32_t line = 0; /* looked up only where it is kept: it costs time */
	bool empty = xmlTextReaderIsEmptyElement(r->xr) == 1;

	if (!local)
		local = "";
	if (r->sp >= CAMT_MAX_DEPTH) {
		fatal_at(r, xml_reader_line(r->xr), "nesting too deep (more than %d levels of elements)",
			 CAMT_MAX_DEPTH);
		return;
	}
	if (parent == N_NONE || parent == N_DOC)
		line = xml_reader_line(r->xr);
	node = element_node(r, parent, local, line);
	if (r->fatal)
		return;
	switch (node) {
	case N_STMT:
	case N_BAL:
	case N_NTRY:
	case N_TX:
		line = xml_reader_line(r->xr);
		break;
	default:
		break;
	}
	r->sp++;
	r->stack[r->sp].node = node;
	size_t n = strlen(local);
	if (n >= NAME_KEEP)
		n = NAME_KEEP - 1;
	memcpy(r->stack[r->sp].name, local, n);
	r->stack[r->sp].name[n] = '\0';
	if (node_is_leaf[node]) {
		strbuf_reset(&r->text);
		r->text_line = 0; /* set by the first text, or when an error needs it */
		switch (node) {
		case N_BAL_AMT:
		case N_NTRY_AMT:
		case N_TX_AMT:
		case N_AMTDTL_AMT:
		case N_CHRGS_TTL:
		case N_CHRGS_AMT:
		case N_RCRD_AMT: {
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
			break;
		}
		default:
			break;
		}
	}
	start_node(r, node, local, line);
	if (empty) {
		end_node(r, node);
		r->sp--;
	}
}

static void on_end_element(void *ctx)
{
	struct reader *r = ctx;
	if (r->sp <= 0)
		return;
	end_node(r, r->stack[r->sp].node);
	r->sp--;
}

static void on_text(void *ctx)
{
	struct reader *r = ctx;
	const char *v = (const char *)xmlTextReaderConstValue(r->xr);
	size_t n = v ? strlen(v) : 0;
	uint8_t node = r->stack[r->sp].node;
	if (n > CAMT_MAX_TEXT || (node_is_leaf[node] && r->text.len + n > CAMT_MAX_TEXT)) {
		struct strbuf path = STRBUF_INIT;
		fatal_at(r, xml_reader_line(r->xr), "text too long in '%s' (more than %d bytes)",
			 r->sp ? elem_path(r, &path) : "(document)", CAMT_MAX_TEXT);
		strbuf_release(&path);
		return;
	}
	if (node_is_leaf[node]) {
		if (!r->text.len && n)
			r->text_line = xml_reader_line(r->xr); /* exact, also beyond line 65535 */
		strbuf_add(&r->text, v, n);
	}
}

static void on_doctype(void *ctx)
{
	struct reader *r = ctx;
	xmlNodePtr n = xmlTextReaderCurrentNode(r->xr);
	if (n && n->type == XML_DTD_NODE) {
		xmlDtdPtr dtd = (xmlDtdPtr)n;
		if ((dtd->entities && xmlHashSize(dtd->entities) > 0) ||
		    (dtd->pentities && xmlHashSize(dtd->pentities) > 0))
			fatal_at(r, xml_reader_line(r->xr),
				 "DOCTYPE declares entities: refused (entity expansion is not "
				 "allowed in bank statements)");
	}
}

/* ------------------------------------------------------------------ */
/* Input: the prolog scan and the read callback */

static int io_read(void *ctx, char *buf, int len)
{
	struct reader *r = ctx;
	size_t n = 0;
	if (r->prolog.refused)
		return -1;
	if (len <= 0)
		return 0;
	ssize_t got = xml_input_read(&r->in, buf, (size_t)len);
	if (got < 0)
		return -1;
	n = (size_t)got;
	r->nread += n;
	if (r->digest)
		sha256_update(r->digest, buf, n);
	if (!xml_prolog_done(&r->prolog)) {
		xml_prolog_scan(&r->prolog, buf, n);
		if (r->prolog.refused) {
			fatal_at(r, r->prolog.line,
				 "DOCTYPE declares entities: refused (entity expansion is not "
				 "allowed in bank statements)");
			return -1; /* libxml2 never sees the declaration */
		}
	}
	return (int)n;
}

/* ------------------------------------------------------------------ */
/* Driver */

static void on_entity(void *ctx, uint32_t line, const char *name)
{
	fatal_at(ctx, line, "entity reference '&%.100s;' refused", name);
}

static bool stopped(void *ctx)
{
	const struct reader *r = ctx;
	return r->stop || r->fatal || r->prolog.refused;
}

static const struct xml_events events = { on_element, on_end_element, on_text,
					  on_doctype, on_entity, stopped };

static void index_grammar(struct reader *r)
{
	uint8_t last = N_NONE;
	for (size_t i = 0; i < ARRAY_SIZE(grammar); i++) {
		uint8_t p = grammar[i].parent;
		if (p != last) {
			if (r->count[p])
				BUG("camt grammar: rows of node %u are not contiguous", p);
			r->first[p] = (uint16_t)i;
			last = p;
		}
		r->count[p]++;
	}
}

static int run(struct reader *r)
{
	int ret = 1, error = 0;
	xmlGenericErrorFunc saved_generic = xmlGenericError;
	void *saved_generic_ctx = xmlGenericErrorContext;

	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, xml_silent);
	index_grammar(r);
	xml_prolog_init(&r->prolog, XML_PROLOG_REFUSE_ENTITY);
	r->cur_record = r->v02_record = SIZE_MAX;
	r->xr = xml_reader_for_io(io_read, r, r->name);
	if (!r->xr) {
		if (r->in.io_errno || r->in.changed) {
			error = xml_input_error(&r->in, r->name);
		} else {
			error = clerk_error_set(CLERK_ERROR, "cannot start the XML reader for '%s'",
						r->name);
		}
		goto cleanup;
	}
	xmlTextReaderSetStructuredErrorHandler(r->xr, xml_error, r);

	ret = xml_reader_each(r->xr, &events, r);
	if (r->in.io_errno || r->in.changed) {
		error = xml_input_error(&r->in, r->name);
		goto cleanup;
	}
	if (ret < 0 && !r->xml_error_seen)
		fatal_at(r, xml_reader_line(r->xr), "not well-formed XML");
	if (r->stop)
		error = r->stop;
	else if (r->nerrors)
		error = CLERK_EPARSE;
cleanup:
	if (r->xr)
		xmlFreeTextReader(r->xr);
	xmlSetGenericErrorFunc(saved_generic_ctx, saved_generic);
	statement_release(r);
	VEC_FREE(&r->balances);
	VEC_FREE(&r->txs);
	mempool_release(&r->msg_pool);
	strbuf_release(&r->text);
	free(r->ns_copy);
	return error;
}

static struct reader *reader_new(const char *name, const struct camt_handler *h, void *ctx,
				 struct diag *d)
{
	struct reader *r = xcalloc(1, sizeof(*r));
	r->name = name;
	r->h = h;
	r->ctx = ctx;
	r->d = d;
	xml_input_memory(&r->in, NULL, 0);
	strbuf_init(&r->text, 0);
	return r;
}

int camt_read_memory(const char *name, const char *buf, size_t len, const struct camt_handler *h,
		     void *ctx, struct diag *d)
{
	struct reader *r = reader_new(name, h, ctx, d);
	xml_input_memory(&r->in, buf, len);
	int error = run(r);
	free(r);
	return error;
}

/*
 * Reads the regular file open at fd, whose fstat is st, from where it stands
 * to the size it had then (and no further), shown as name.
 */
static int read_regular(int fd, const struct stat *st, const char *name,
			const struct camt_handler *h, void *ctx, struct diag *d, char *hex)
{
	struct xml_input in;
	int error = xml_input_file(&in, fd, st, name);
	if (error)
		return error;
	struct reader *r = reader_new(name, h, ctx, d);
	r->in = in;
	if (hex)
		r->digest = sha256_new();
	error = run(r);
	if (hex) {
		int rest = error == CLERK_EIO ? 0 : xml_input_digest_rest(&r->in, r->digest, name);
		if (rest)
			error = rest;
		sha256_final_hex(r->digest, hex);
		sha256_free(r->digest);
	}
	free(r);
	return error;
}

int camt_read_fd(int fd, const char *name, const struct camt_handler *h, void *ctx,
		 struct diag *d, char *hex)
{
	struct stat st;
	if (fstat(fd, &st))
		return clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", name);
	if (!S_ISREG(st.st_mode))
		return clerk_error_set(CLERK_EIO, "'%s' is %s, not a regular file", name,
				       fsutil_kind(&st));
	return read_regular(fd, &st, name, h, ctx, d, hex);
}

int camt_read_file(const char *path, const struct camt_handler *h, void *ctx, struct diag *d)
{
	return camt_read_file_sha256(path, h, ctx, d, NULL);
}

int camt_read_file_sha256(const char *path, const struct camt_handler *h, void *ctx,
			  struct diag *d, char *hex)
{
	struct stat st;
	int fd, error = fsutil_open_regular(&fd, &st, path, 0);
	if (error == CLERK_EINVALID) /* not a regular file: a file that cannot be read */
		return clerk_error_set(CLERK_EIO, "%s", clerk_error_last()->message);
	if (error)
		return error;
	error = read_regular(fd, &st, path, h, ctx, d, hex);
	close(fd);
	return error;
}

/* ------------------------------------------------------------------ */
/* Helpers */

const char *camt_kind_name(enum camt_kind kind)
{
	switch (kind) {
	case CAMT_052:
		return "camt.052";
	case CAMT_053:
		return "camt.053";
	case CAMT_054:
		return "camt.054";
	}
	return "camt";
}

const struct camt_balance *camt_balance_find(const struct camt_statement *st, const char *code)
{
	for (size_t i = 0; i < st->nbalances; i++)
		if (st->balances[i].type && !strcmp(st->balances[i].type, code))
			return &st->balances[i];
	return NULL;
}

/* first (last = false) or last ITBD, when there are at least two */
static const struct camt_balance *interim(const struct camt_statement *st, bool last)
{
	const struct camt_balance *first = NULL, *latest = NULL;
	size_t n = 0;
	for (size_t i = 0; i < st->nbalances; i++)
		if (st->balances[i].type && !strcmp(st->balances[i].type, "ITBD")) {
			if (!first)
				first = &st->balances[i];
			latest = &st->balances[i];
			n++;
		}
	if (n < 2)
		return NULL;
	return last ? latest : first;
}

const struct camt_balance *camt_opening(const struct camt_statement *st)
{
	const struct camt_balance *b = camt_balance_find(st, "OPBD");
	if (!b)
		b = camt_balance_find(st, "PRCD");
	if (!b)
		b = interim(st, false);
	return b;
}

const struct camt_balance *camt_closing(const struct camt_statement *st)
{
	const struct camt_balance *b = camt_balance_find(st, "CLBD");
	if (!b)
		b = interim(st, true);
	return b;
}

enum camt_balanced camt_balanced(const struct camt_statement *st)
{
	const struct camt_balance *o = camt_opening(st), *c = camt_closing(st);
	enum camt_balanced res;
	struct dec v = DEC_INIT;
	if (!o || !c || !o->amount.present || !c->amount.present)
		return CAMT_BALANCED_UNKNOWN;
	dec_add(&v, &o->amount.value, &st->booked_credits);
	dec_sub(&v, &v, &st->booked_debits);
	res = dec_cmp(&v, &c->amount.value) == 0 ? CAMT_BALANCED_YES : CAMT_BALANCED_NO;
	dec_clear(&v);
	return res;
}

static bool has_charges(const struct camt_charges *c)
{
	return c->total.present || c->nrecords;
}

const struct camt_amount *camt_tx_amount(const struct camt_entry *e, const struct camt_tx *tx)
{
	bool only = e->ntxs == 1 && e->amount.present;
	if (tx->amount.present)
		return &tx->amount;
	if (only && !has_charges(&e->charges) && !has_charges(&tx->charges))
		return &e->amount; /* the entry is exactly this one transaction */
	if (tx->amount_details.transaction.amount.present)
		return &tx->amount_details.transaction.amount;
	if (tx->amount_details.instructed.amount.present)
		return &tx->amount_details.instructed.amount;
	return only ? &e->amount : NULL;
}

enum camt_cdi camt_tx_cdi(const struct camt_entry *e, const struct camt_tx *tx)
{
	return tx->cdi != CAMT_CDI_NONE ? tx->cdi : e->cdi;
}
