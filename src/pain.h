/*
 * pain.h - ISO 20022 payment initiation messages: the SEPA credit-transfer
 * file Clerk writes (pain.001.001.09, or .001.001.03 for banks that still
 * want it) and the payment status report it reads back (pain.002, versions
 * 001.03 to 001.14) (formats/pay.md).
 *
 * Writing is a pure function of a struct pain_message: no clock, no
 * environment, so the same message gives the same bytes (the payment run
 * rewrites a file from the books byte for byte). Text fields are
 * transliterated to the SEPA character set first (pain_sepa_text()).
 *
 * Reading is a streaming adapter over libxml2's xmlTextReader with the
 * hardening of camt.c: no network, no entity substitution, no DTD loaded,
 * a document declaring entities refused before libxml2 sees it, nesting,
 * text and the number of transactions bounded, the input a regular file
 * read no further than the size it had when it was opened. No libxml2 type
 * appears here.
 *
 * Ownership: a struct pain002 owns all its strings (pain002_free());
 * pain001_write() borrows its input.
 */
#ifndef CLERK_PAIN_H
#define CLERK_PAIN_H

#include "compat.h"
#include "date.h"
#include "decimal.h"
#include "diag.h"
#include "util/strbuf.h"

enum pain_version {
	PAIN_001_001_09 = 9, /* CustomerCreditTransferInitiationV09 (SEPA from November 2023) */
	PAIN_001_001_03 = 3, /* CustomerCreditTransferInitiationV03 (the classic SEPA file) */
};

/* Limits of the SEPA rulebook that the writer keeps to. */
#define PAIN_MAX_ID 35        /* MsgId, PmtInfId, EndToEndId, a creditor reference */
#define PAIN_MAX_NAME 70      /* a party's name */
#define PAIN_MAX_USTRD 140    /* unstructured remittance */

/* One credit transfer (CdtTrfTxInf). Strings borrowed, already SEPA text. */
struct pain_transfer {
	const char *end_to_end;   /* EndToEndId */
	clerk_date execution;     /* requested execution date: one PmtInf per date */
	struct dec amount;        /* EUR, positive, at most two decimals */
	const char *name;         /* Cdtr/Nm */
	const char *iban;         /* CdtrAcct/Id/IBAN (no spaces, upper case) */
	const char *bic;          /* CdtrAgt/FinInstnId/BICFI (.03: BIC); NULL: no CdtrAgt */
	const char *creditor_ref; /* RmtInf/Strd/CdtrRefInf/Ref (SCOR; Issr ISO for RF), or NULL */
	const char *remittance;   /* RmtInf/Ustrd when creditor_ref is NULL; NULL: none */
};

/* A whole message (CstmrCdtTrfInitn). Strings borrowed, already SEPA text. */
struct pain_message {
	const char *msg_id;        /* GrpHdr/MsgId, also the prefix of each PmtInfId */
	clerk_date created;        /* GrpHdr/CreDtTm, written as DATE T00:00:00 */
	const char *debtor_name;   /* InitgPty/Nm and Dbtr/Nm */
	const char *debtor_iban;   /* DbtrAcct/Id/IBAN */
	const char *debtor_bic;    /* DbtrAgt BICFI/BIC; NULL: Othr/Id NOTPROVIDED */
	const struct pain_transfer *tx; /* sorted by execution date, then as they are to appear */
	size_t ntx;
};

/**
 * Appends the pain.001 document for m in version v to out: one PmtInf per
 * execution date (PmtInfId from pain_pmt_inf_id()), NbOfTxs and CtrlSum
 * exact per block and for the message, SEPA service level, charges SLEV,
 * no batch booking. Returns 0, or CLERK_EINVALID (clerk_error_set, out
 * unchanged) when m cannot be a valid SEPA file: no transfers, transfers
 * not sorted by date, an empty or over-long field, an amount that is not
 * positive or has more than two decimals, a bad IBAN or BIC, an id outside
 * the SEPA character set.
 */
int pain001_write(struct strbuf *out, const struct pain_message *m, enum pain_version v) WARN_UNUSED;

/** Appends the PmtInfId of the block of message msg_id executed on date: "MSGID/YYYYMMDD". */
void pain_pmt_inf_id(struct strbuf *out, const char *msg_id, clerk_date date);

/**
 * Appends s (UTF-8) to out in the SEPA character set (a-z A-Z 0-9 and
 * / - ? : ( ) . , ' + space), at most max characters: German umlauts and ß
 * become ae oe ue ss (Ä Ae), other Latin letters with marks their base
 * letter (é e, ø o, ł l, æ ae, œ oe), & becomes +, ; becomes a comma,
 * quotes an apostrophe, brackets parentheses, control characters and runs
 * of blanks one space, anything else a full stop. Leading and trailing
 * blanks are dropped, also where the cut at max leaves one.
 */
void pain_sepa_text(struct strbuf *out, const char *s, size_t max);

/** True when s is a BIC (ISO 9362: 8 or 11 characters, the country letters 5-6). */
bool pain_bic_valid(const char *s);

/** True when the IBAN's country (its first two letters) is in the SEPA scheme area. */
bool pain_sepa_country(const char *iban);

/* ------------------------------------------------------------------ */
/* pain.002: the payment status report */

/* Limits (reading fails with an error beyond them). */
#define PAIN002_MAX_TEXT 4096        /* bytes of one text node */
#define PAIN002_MAX_DEPTH 32         /* element nesting */
#define PAIN002_MAX_TXS 1000000      /* TxInfAndSts and OrgnlPmtInfAndSts */

/* TxInfAndSts: one transaction's status. */
struct pain002_tx {
	uint32_t line;            /* of <TxInfAndSts> */
	const char *end_to_end;   /* OrgnlEndToEndId, NULL when absent */
	const char *status;       /* TxSts (ACCP, ACSC, RJCT, ...), NULL when absent */
	const char *reason;       /* StsRsnInf/Rsn/Cd, else /Prtry; NULL when absent */
	bool has_amount;
	struct dec amount;        /* OrgnlTxRef/Amt/InstdAmt */
	char currency[4];
};

/* OrgnlPmtInfAndSts: one payment information block's status. */
struct pain002_block {
	uint32_t line;            /* of <OrgnlPmtInfAndSts> */
	const char *pmt_inf_id;   /* OrgnlPmtInfId */
	const char *status;       /* PmtInfSts, NULL when absent */
	const char *reason;
	size_t first_tx, ntx;     /* its transactions in struct pain002.txs */
};

struct pain002 {
	const char *file;         /* the name given to the reader */
	int version;              /* 3 .. 14: pain.002.001.VV */
	uint32_t line;            /* of the message element */
	const char *msg_id;       /* GrpHdr/MsgId */
	clerk_date created;       /* the date of GrpHdr/CreDtTm */
	const char *orig_msg_id;  /* OrgnlGrpInfAndSts/OrgnlMsgId */
	const char *orig_msg_name; /* OrgnlMsgNmId */
	const char *group_status; /* GrpSts, NULL when absent */
	const char *group_reason;
	uint32_t group_line;      /* of <OrgnlGrpInfAndSts> */
	struct pain002_block *blocks;
	size_t nblocks;
	struct pain002_tx *txs;
	size_t ntxs;
};

/**
 * Reads the pain.002 file at path into a new *out (caller frees with
 * pain002_free()), writing its SHA-256 into hex (SHA256_HEX_LEN + 1 bytes)
 * when not NULL. Data errors go to d as "FILE:LINE: error: ..." and give
 * CLERK_EPARSE (*out NULL); CLERK_ENOTFOUND or CLERK_EIO (clerk_error_set,
 * nothing in d) when it cannot be read.
 */
int pain002_read_file(struct pain002 **out, const char *path, struct diag *d, char *hex) WARN_UNUSED;
/** Like pain002_read_file(), from the open regular file fd (from where it stands), shown as name. */
int pain002_read_fd(struct pain002 **out, int fd, const char *name, struct diag *d,
		    char *hex) WARN_UNUSED;
/** Like pain002_read_file(), from the len bytes at buf (borrowed for the call). */
int pain002_read_memory(struct pain002 **out, const char *name, const char *buf, size_t len,
			struct diag *d) WARN_UNUSED;
void pain002_free(struct pain002 *p);

/* How many bytes of a file's start pain002_sniff() is given (clerk import). */
#define PAIN002_SNIFF_BYTES 8192

/**
 * Whether the first bytes of a file (head[0..n)) look like a pain.002
 * document: its root element's namespace is a pain.002 one. For choosing
 * the reader; the reader checks for itself, and refuses a report whose
 * namespace is not within its first PAIN002_SNIFF_BYTES (a prolog that
 * long), which the importer would not have given to it.
 */
bool pain002_sniff(const char *head, size_t n);

#endif
