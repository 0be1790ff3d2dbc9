/*
 * camt.h - streaming reader for ISO 20022 bank statements: camt.052
 * (account report), camt.053 (statement) and camt.054 (debit/credit
 * notification), schema versions 001.01 to 001.13 (formats/camt.md).
 *
 * This header is an adapter: libxml2 stays behind it (no libxml2 type
 * appears here). The reader streams with xmlTextReader and never builds a
 * document tree, so memory stays flat however large the file: one
 * statement's header and balances, and one entry with its transaction
 * details, are held at a time.
 *
 * The caller supplies callbacks (struct camt_handler):
 *
 *   statement_begin  once per statement (Stmt, Rpt or Ntfctn), before its
 *                    first entry - at the first Ntry, or at the end of a
 *                    statement without entries. Fields that come after the
 *                    entries in the file (balances in an unusual order) are
 *                    not known yet.
 *   entry            once per Ntry that was read without error, with all
 *                    its transaction details (NtryDtls/TxDtls).
 *   statement_end    once per statement, with everything: balances
 *                    wherever they were, the number of entries and the sums
 *                    of the booked entries.
 *
 * Ownership: every pointer inside the structs passed to a callback is
 * borrowed and valid only during that callback. Statement data is freed
 * after statement_end, entry data after the entry callback. Copy what you
 * keep. Strings are UTF-8, NUL-terminated, trimmed of XML white space, and
 * at most CAMT_MAX_TEXT bytes; a string field is NULL when the element is
 * absent.
 *
 * Errors: data errors (a missing amount, a bad date, an unknown currency,
 * XML that is not well-formed, an unknown namespace, a DOCTYPE declaring
 * entities, ...) go to the struct diag as "FILE:LINE[:COL]: error: ...",
 * and a statement or entry with an error is counted in its nerrors. An
 * entry with an error is not passed to the entry callback; reading goes on
 * to report the next errors, except after an XML error, which ends it (a
 * statement cut short by it gets no statement_end). Warnings (an amount
 * with more decimals than its currency has) are diagnostics of level
 * DIAG_WARNING and do not count as errors.
 *
 * A callback that returns non-zero stops reading; camt_read_* then returns
 * that value unchanged (so use values that cannot be mistaken for the
 * CLERK_E* codes, e.g. positive ones).
 */
#ifndef CLERK_CAMT_H
#define CLERK_CAMT_H

#include "compat.h"
#include "date.h"
#include "decimal.h"
#include "diag.h"

/* Security and memory limits (reading fails with an error beyond them). */
#define CAMT_MAX_TEXT 65536              /* bytes in one text node */
#define CAMT_MAX_DEPTH 64                /* element nesting */
#define CAMT_MAX_ENTRY_BYTES (64u << 20) /* text and details kept for one entry */

enum camt_kind {
	CAMT_052 = 52, /* BkToCstmrAcctRpt / Rpt */
	CAMT_053 = 53, /* BkToCstmrStmt / Stmt */
	CAMT_054 = 54, /* BkToCstmrDbtCdtNtfctn / Ntfctn */
};

enum camt_cdi {
	CAMT_CDI_NONE = 0, /* CdtDbtInd absent (allowed only where the schema has it optional) */
	CAMT_CREDIT,       /* CRDT */
	CAMT_DEBIT,        /* DBIT */
};

/* An amount as written: value (never negative) and Ccy attribute. */
struct camt_amount {
	bool present;
	char currency[4]; /* ISO 4217 code, checked against currency.h */
	struct dec value; /* exact; as many decimals as written */
};

/* CcyXchg: the rate stays exact decimal text (it is never used for money here). */
struct camt_fx {
	char source[4], target[4], unit[4]; /* SrcCcy, TrgtCcy, UnitCcy; "" when absent */
	const char *rate;                   /* XchgRate, e.g. "1.1622" */
};

/* One of AmtDtls/{InstdAmt,TxAmt,CntrValAmt}: Amt and its CcyXchg. */
struct camt_amount_detail {
	struct camt_amount amount;
	struct camt_fx fx;
};

struct camt_amount_details {
	struct camt_amount_detail instructed;    /* InstdAmt */
	struct camt_amount_detail transaction;   /* TxAmt */
	struct camt_amount_detail counter_value; /* CntrValAmt */
};

/* BkTxCd */
struct camt_bank_tx_code {
	const char *domain;      /* Domn/Cd, e.g. PMNT */
	const char *family;      /* Domn/Fmly/Cd, e.g. RCDT */
	const char *subfamily;   /* Domn/Fmly/SubFmlyCd, e.g. ESCT */
	const char *proprietary; /* Prtry/Cd */
	const char *issuer;      /* Prtry/Issr */
};

/* One charge: Chrgs/Rcrd (v03+), or a whole Chrgs element in v02. */
struct camt_charge {
	struct camt_amount amount;
	enum camt_cdi cdi; /* CdtDbtInd, NONE when absent */
	int included;      /* ChrgInclInd: 1 true, 0 false, -1 absent */
	const char *type;  /* Tp/Cd or Tp/Prtry/Id */
};

struct camt_charges {
	struct camt_amount total; /* TtlChrgsAndTaxAmt */
	struct camt_charge *records;
	size_t nrecords;
};

/* A related party: debtor, creditor, ultimate debtor or creditor. */
struct camt_party {
	const char *name;  /* Nm, or Pty/Nm (v08+) */
	const char *iban;  /* DbtrAcct/CdtrAcct Id/IBAN */
	const char *other; /* DbtrAcct/CdtrAcct Id/Othr/Id */
};

/* RmtInf/Strd/CdtrRefInf */
struct camt_creditor_ref {
	const char *ref;    /* Ref, e.g. RF18539007547034 */
	const char *type;   /* Tp/CdOrPrtry/Cd (SCOR) or Tp/CdOrPrtry/Prtry (QRR, ISR Reference) */
	const char *issuer; /* Tp/Issr */
};

struct camt_refs {
	const char *msg_id, *acct_svcr_ref, *pmt_inf_id, *instr_id, *end_to_end_id;
	const char *tx_id, *uetr, *mandate_id, *cheque_nb, *clr_sys_ref;
};

/* NtryDtls/TxDtls */
struct camt_tx {
	uint32_t line;             /* of <TxDtls> */
	struct camt_amount amount; /* TxDtls/Amt (v03+); see camt_tx_amount() */
	enum camt_cdi cdi;         /* TxDtls/CdtDbtInd, NONE when absent */
	struct camt_amount_details amount_details;
	struct camt_refs refs;
	struct camt_party debtor, creditor, ultimate_debtor, ultimate_creditor;
	const char **unstructured; /* RmtInf/Ustrd, in order */
	size_t nunstructured;
	struct camt_creditor_ref *creditor_refs;
	size_t ncreditor_refs;
	const char **referred_docs; /* RmtInf/Strd/RfrdDocInf/Nb */
	size_t nreferred_docs;
	const char *return_reason;   /* RtrInf/Rsn/Cd, else RtrInf/Rsn/Prtry */
	const char *additional_info; /* AddtlTxInf */
	struct camt_bank_tx_code bank_tx_code;
	struct camt_charges charges;
};

/* Ntry */
struct camt_entry {
	size_t index;              /* 1-based, among the statement's Ntry */
	uint32_t line;             /* of <Ntry> */
	struct camt_amount amount; /* Amt: never negative, the sign is in cdi */
	enum camt_cdi cdi;         /* always CREDIT or DEBIT */
	bool reversal;             /* RvslInd true */
	const char *status; /* Sts text (v02-v07) or Sts/Cd (v08+, else Sts/Prtry); NULL absent */
	bool booked;        /* status BOOK, or no status at all */
	clerk_date booking_date;   /* BookgDt/Dt, or the date of BookgDt/DtTm; DATE_NONE absent */
	clerk_date value_date;     /* ValDt, the same way */
	const char *acct_svcr_ref; /* AcctSvcrRef */
	struct camt_bank_tx_code bank_tx_code;
	struct camt_charges charges;
	struct camt_amount_details amount_details; /* Ntry/AmtDtls */
	const char *batch_msg_id;                  /* NtryDtls/Btch/MsgId */
	const char *batch_pmt_inf_id;              /* NtryDtls/Btch/PmtInfId */
	const char *batch_nb_of_txs;               /* NtryDtls/Btch/NbOfTxs, as written */
	const char *additional_info;               /* AddtlNtryInf */
	struct camt_tx *txs;                       /* NtryDtls/TxDtls, in order */
	size_t ntxs;
};

/* Bal */
struct camt_balance {
	uint32_t line;             /* of <Bal> */
	const char *type;          /* Tp/CdOrPrtry/Cd (OPBD, PRCD, CLBD, CLAV, ITBD, ...) or NULL */
	const char *proprietary;   /* Tp/CdOrPrtry/Prtry, or NULL */
	struct camt_amount amount; /* value signed: negative for DBIT */
	clerk_date date;           /* Dt/Dt or the date of Dt/DtTm; DATE_NONE absent */
};

/* Stmt, Rpt or Ntfctn */
struct camt_statement {
	const char *file; /* the name given to camt_read_* */
	enum camt_kind kind;
	int version;                   /* 1 .. 13: camt.05N.001.VV */
	size_t index;                  /* 1-based, among the file's statements */
	uint32_t line;                 /* of <Stmt>/<Rpt>/<Ntfctn> */
	const char *msg_id;            /* GrpHdr/MsgId */
	const char *id;                /* Id */
	const char *electronic_seq;    /* ElctrncSeqNb, as written */
	const char *legal_seq;         /* LglSeqNb, as written */
	const char *created;           /* CreDtTm, as written */
	clerk_date from, to;           /* dates of FrToDt/FrDtTm and ToDtTm; DATE_NONE absent */
	const char *account_iban;      /* Acct/Id/IBAN */
	const char *account_other;     /* Acct/Id/Othr/Id */
	const char *account;           /* account_iban, else account_other, else NULL */
	char currency[4];              /* Acct/Ccy, "" when absent */
	struct camt_balance *balances; /* in document order */
	size_t nbalances;
	size_t nentries; /* Ntry elements so far (all of them, whatever their status) */
	size_t nerrors;  /* errors so far in this statement */
	/* sums over the booked entries read so far (status BOOK or none), by CdtDbtInd */
	struct dec booked_credits, booked_debits;
	size_t nbooked;
};

struct camt_handler {
	int (*statement_begin)(const struct camt_statement *st, void *ctx);
	int (*entry)(const struct camt_statement *st, const struct camt_entry *e, void *ctx);
	int (*statement_end)(const struct camt_statement *st, void *ctx);
};

/**
 * Reads the camt file at path, calling h's callbacks (any may be NULL) with
 * ctx. path is also the name used in diagnostics and in st->file.
 * Returns 0 when the file was read without error (warnings allowed);
 * CLERK_EPARSE when it had data errors (all in d, unknown currencies
 * included); CLERK_ENOTFOUND or CLERK_EIO (with clerk_error_set, nothing in
 * d) when it cannot be opened or read; CLERK_ERROR when libxml2 cannot
 * start; or the non-zero value a callback returned.
 */
int camt_read_file(const char *path, const struct camt_handler *h, void *ctx,
                   struct diag *d) WARN_UNUSED;

/**
 * Like camt_read_file, and writes the lowercase hex SHA-256 of the whole
 * file (plus NUL) into hex (SHA256_HEX_LEN + 1 bytes) as it streams by, so
 * a caller that needs both never holds the file in memory. The digest
 * covers every byte of the file even when reading stopped early; hex is
 * left alone when the file cannot be opened or read (CLERK_ENOTFOUND,
 * CLERK_EIO).
 */
int camt_read_file_sha256(const char *path, const struct camt_handler *h, void *ctx,
                          struct diag *d, char *hex) WARN_UNUSED;

/**
 * Like camt_read_file_sha256 (hex may be NULL), from the open file fd,
 * read from where it stands to its end and shown as name; the caller
 * opens and closes fd.
 */
int camt_read_fd(int fd, const char *name, const struct camt_handler *h, void *ctx,
                 struct diag *d, char *hex) WARN_UNUSED;

/**
 * Like camt_read_file, from the len bytes at buf (not NUL-terminated;
 * borrowed for the call). name is used in diagnostics and st->file.
 */
int camt_read_memory(const char *name, const char *buf, size_t len, const struct camt_handler *h,
                     void *ctx, struct diag *d) WARN_UNUSED;

/* ------------------------------------------------------------------ */
/* Helpers on what was read (pure functions, no allocation). */

/** "camt.052", "camt.053" or "camt.054". */
const char *camt_kind_name(enum camt_kind kind);

/** The first balance of type code (e.g. "OPBD"), or NULL. Borrowed from st. */
const struct camt_balance *camt_balance_find(const struct camt_statement *st, const char *code);

/**
 * The opening balance: OPBD, else PRCD, else the first ITBD when the
 * statement has two or more ITBD; NULL when none. Borrowed from st.
 */
const struct camt_balance *camt_opening(const struct camt_statement *st);

/** The closing balance: CLBD, else the last ITBD under the same rule; or NULL. */
const struct camt_balance *camt_closing(const struct camt_statement *st);

enum camt_balanced { CAMT_BALANCED_UNKNOWN, CAMT_BALANCED_YES, CAMT_BALANCED_NO };

/**
 * Whether opening + booked credits - booked debits = closing exactly;
 * UNKNOWN when either balance is missing. Use at statement_end.
 */
enum camt_balanced camt_balanced(const struct camt_statement *st);

/**
 * The transaction detail's amount: TxDtls/Amt; else the entry's amount when
 * the entry is exactly this one detail (its only one, and no charges are
 * recorded on either); else AmtDtls/TxAmt/Amt; else AmtDtls/InstdAmt/Amt
 * (which may be in another currency); else the entry's amount when it has
 * only this detail; NULL when none. Borrowed from tx or e.
 */
const struct camt_amount *camt_tx_amount(const struct camt_entry *e, const struct camt_tx *tx);

/** The detail's direction: its own CdtDbtInd, else the entry's. */
enum camt_cdi camt_tx_cdi(const struct camt_entry *e, const struct camt_tx *tx);

#endif
