/*
 * einvoice.h - one model of an EN 16931 electronic invoice (the business
 * terms BT-n and groups BG-n of EN 16931-1), read from UBL 2.1 Invoice and
 * CreditNote and from UN/CEFACT CII D16B CrossIndustryInvoice, verified by
 * the standard's rules, and (later) written back out (formats/einvoice.md).
 *
 * The model is the same whatever the syntax: the reader fills it, the
 * verifier and the received-bills engine (receive.h) read it, the invoice
 * writer fills and writes it. Amounts are exact decimals (struct dec) as
 * written in the document (their scale kept); nothing here rounds but
 * where EN 16931 says so, with DEC_ROUND_HALF_UP (half away from zero).
 *
 * Every element that a rule can name carries the source line it was read
 * from (0 for a model built in memory), so a broken rule is reported at
 * FILE:LINE like any other data error.
 *
 * Strings are UTF-8, trimmed of XML white space at both ends; identifiers,
 * names and codes also have every inner run of white space collapsed to
 * one space, while free texts (notes BT-22 and BT-127, payment terms
 * BT-20, descriptions BT-154, exemption reasons BT-120, allowance reasons)
 * keep their inner line breaks. A CII note with a subject code (BT-21) is
 * kept in the UBL form "#CODE#text".
 *
 * Ownership: an einvoice owns everything it points to (strings and the
 * item attribute lists live in its pool, arrays in VECs); einvoice_free()
 * releases it all. Optional strings are NULL when absent; optional amounts
 * have a has_ flag. Dates are DATE_NONE when absent.
 */
#ifndef CLERK_EINVOICE_H
#define CLERK_EINVOICE_H

#include "compat.h"
#include "date.h"
#include "decimal.h"
#include "diag.h"
#include "util/mempool.h"
#include "util/strbuf.h"
#include "util/vec.h"

/* Security and memory limits of the reader (reading fails with an error beyond them). */
#define EINVOICE_MAX_TEXT 65536               /* bytes of one kept text value */
#define EINVOICE_MAX_DEPTH 64                 /* element nesting */
#define EINVOICE_MAX_KEPT (32u << 20)         /* bytes of strings and records kept per document */

enum einvoice_syntax {
	EINVOICE_NONE = 0,
	EINVOICE_UBL_INVOICE,     /* urn:oasis:names:specification:ubl:schema:xsd:Invoice-2 */
	EINVOICE_UBL_CREDIT_NOTE, /* urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2 */
	EINVOICE_CII,             /* urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100 */
};

/** "UBL Invoice", "UBL CreditNote", "CII" (the decisions table's syntax column); "" for NONE. */
const char *einvoice_syntax_name(enum einvoice_syntax s);

/* An optional amount (or percentage, or quantity). */
struct einvoice_amount {
	struct dec v;
	bool has;
	uint32_t line;
};

/* BG-5 / BG-8 / BG-12 / BG-15: a postal address. */
struct einvoice_address {
	const char *line1, *line2, *line3; /* BT-35, BT-36, BT-162 (and BT-50/51/163, ...) */
	const char *city;                  /* BT-37 */
	const char *postcode;              /* BT-38 */
	const char *subdivision;           /* BT-39 */
	const char *country;               /* BT-40, ISO 3166-1 alpha-2 */
	uint32_t line;                     /* of the address element; 0 when absent */
};

/*
 * BG-4 seller, BG-7 buyer; also BG-10 payee (name BT-59, id BT-60, legal id
 * BT-61), BG-11 seller's tax representative (name BT-62, VAT id BT-63,
 * address BG-12) and BG-13 deliver-to (name BT-70, location id BT-71 in
 * id/id_scheme, address BG-15).
 */
struct einvoice_party {
	const char *name;             /* BT-27 / BT-44 (registration name, else party name) */
	const char *trading_name;     /* BT-28 / BT-45 */
	const char *id, *id_scheme;   /* BT-29 / BT-46 (the first) */
	const char *legal_id, *legal_id_scheme; /* BT-30 / BT-47 */
	const char *vat_id;           /* BT-31 / BT-48 (as written) */
	const char *tax_id;           /* BT-32: a tax registration id that is not a VAT id */
	const char *legal_info;       /* BT-33 */
	const char *endpoint, *endpoint_scheme; /* BT-34 / BT-49 */
	struct einvoice_address address;
	const char *contact_name, *contact_phone, *contact_email; /* BG-6 / BG-9 */
	uint32_t line;                /* of the party element */
};

/* BG-3: a preceding invoice this one corrects or credits. */
struct einvoice_ref {
	const char *number; /* BT-25 */
	clerk_date date;    /* BT-26 */
	uint32_t line;
};

/* BG-16 (with BG-17, BG-18 and BG-19): how to pay. UBL may repeat PaymentMeans; each is one. */
struct einvoice_means {
	const char *code;         /* BT-81, UNCL 4461 (30, 31, 42, 48, 49, 57, 58, 59, ...) */
	const char *text;         /* BT-82 */
	const char *remittance;   /* BT-83: the reference to quote when paying */
	const char *iban;         /* BT-84 payee account (as written; IBAN or other id) */
	const char *account_name; /* BT-85 */
	const char *bic;          /* BT-86 */
	const char *card_number;  /* BT-87: the last digits of the card */
	const char *card_holder;  /* BT-88 */
	const char *mandate;      /* BT-89 direct debit mandate */
	const char *creditor_id;  /* BT-90 */
	const char *debited_iban; /* BT-91 */
	uint32_t line;
};

/* BG-20 / BG-21 (document level) and BG-27 / BG-28 (line level). */
struct einvoice_allowance {
	bool charge;                   /* false: allowance */
	struct dec amount;             /* BT-92 / BT-99 / BT-136 / BT-141 */
	bool has_amount;               /* the amount element was there (BR-31, -36, -41, -43) */
	struct einvoice_amount base;   /* BT-93 / BT-100 / BT-137 / BT-142 */
	struct einvoice_amount percent; /* BT-94 / BT-101 / BT-138 / BT-143 */
	char category[4];              /* BT-95 / BT-102 (document level only) */
	struct einvoice_amount rate;   /* BT-96 / BT-103 */
	const char *reason, *reason_code; /* BT-97/98, BT-104/105, BT-139/140, BT-144/145 */
	uint32_t line;
	uint32_t amount_line;          /* of the amount element */
};

typedef VEC(struct einvoice_allowance) einvoice_allowances;

/* BG-32 item attributes (name BT-160, value BT-161) and BT-158 classifications (scheme, code). */
struct einvoice_attr {
	const char *name, *value;
	struct einvoice_attr *next; /* in document order; in the invoice's pool */
};

/* BG-25: an invoice line. */
struct einvoice_line {
	const char *id;             /* BT-126 */
	const char *note;           /* BT-127 */
	const char *object_id, *object_scheme; /* BT-128 */
	struct dec quantity;        /* BT-129 (negative on a credit by negative invoice) */
	bool has_quantity;
	const char *unit;           /* BT-130, UN/ECE Rec 20 */
	struct dec net_amount;      /* BT-131 */
	bool has_net_amount;
	const char *order_line;     /* BT-132 */
	const char *accounting_ref; /* BT-133 */
	clerk_date period_start, period_end; /* BG-26: BT-134, BT-135 */
	struct dec net_price;       /* BT-146 */
	bool has_net_price;
	struct einvoice_amount price_discount; /* BT-147 */
	struct einvoice_amount gross_price;    /* BT-148 */
	struct einvoice_amount base_quantity;  /* BT-149 */
	const char *base_unit;      /* BT-150 */
	char category[4];           /* BT-151, UNCL 5305 (S, Z, E, AE, K, G, O, L, M) */
	struct einvoice_amount rate; /* BT-152 */
	const char *name;           /* BT-153 */
	const char *description;    /* BT-154 */
	const char *seller_item_id; /* BT-155 */
	const char *buyer_item_id;  /* BT-156 */
	const char *standard_id, *standard_scheme; /* BT-157 */
	struct einvoice_attr *classifications;     /* BT-158: name = list id, value = code */
	const char *origin_country; /* BT-159 */
	struct einvoice_attr *attributes;          /* BG-32 */
	einvoice_allowances allowances; /* BG-27 / BG-28 */
	/*
	 * A Factur-X EXTENDED sub-line (ParentLineID BT-X-304) or a line of
	 * status INFORMATION: shown for detail, not counted in BT-106 nor in
	 * the VAT breakdown.
	 */
	const char *parent_id;
	bool informational;
	uint32_t line;
	uint32_t net_amount_line, price_line;
};

/* BG-23: the VAT breakdown, one per category and rate. */
struct einvoice_vat {
	char category[4];           /* BT-118 */
	struct einvoice_amount rate; /* BT-119 (absent for O) */
	struct dec taxable;         /* BT-116 */
	struct dec tax;             /* BT-117 */
	bool has_taxable, has_tax;  /* the elements were there (BR-45, BR-46) */
	const char *exemption_reason, *exemption_code; /* BT-120 / BT-121 (VATEX) */
	uint32_t line;
};

/* BG-24: an additional supporting document (its attached bytes are not kept: the file is). */
struct einvoice_document {
	const char *id;          /* BT-122 */
	const char *description; /* BT-123 */
	const char *uri;         /* BT-124 */
	const char *mime_code, *filename; /* of the attachment BT-125, when there is one */
	uint32_t line;
};

/* BG-22: the document totals. */
struct einvoice_totals {
	struct einvoice_amount line_net;     /* BT-106 */
	struct einvoice_amount allowances;   /* BT-107 */
	struct einvoice_amount charges;      /* BT-108 */
	struct einvoice_amount without_vat;  /* BT-109 */
	struct einvoice_amount vat;          /* BT-110, in the document currency */
	struct einvoice_amount vat_tax_currency; /* BT-111, in BT-6 */
	struct einvoice_amount with_vat;     /* BT-112 */
	struct einvoice_amount prepaid;      /* BT-113 */
	struct einvoice_amount rounding;     /* BT-114 */
	struct einvoice_amount payable;      /* BT-115 */
};

struct einvoice {
	enum einvoice_syntax syntax;
	const char *number;         /* BT-1 */
	clerk_date issue_date;      /* BT-2 */
	const char *type_code;      /* BT-3, UNCL 1001 (380 invoice, 381 credit note, 384 corrected, 389 self-billed, ...) */
	char currency[4];           /* BT-5 */
	char tax_currency[4];       /* BT-6, "" when absent */
	clerk_date tax_point_date;  /* BT-7 */
	const char *tax_point_code; /* BT-8, UNCL 2005 (3, 35, 432) */
	clerk_date due_date;        /* BT-9 */
	const char *buyer_reference; /* BT-10 */
	const char *project;        /* BT-11 */
	const char *contract;       /* BT-12 */
	const char *order;          /* BT-13 */
	const char *sales_order;    /* BT-14 */
	const char *receiving_advice; /* BT-15 */
	const char *despatch_advice;  /* BT-16 */
	const char *tender;         /* BT-17 */
	const char *object_id, *object_scheme; /* BT-18 */
	const char *accounting_ref; /* BT-19 */
	const char *payment_terms;  /* BT-20 (several terms joined by a line break) */
	const char *customization;  /* BT-24 */
	const char *profile;        /* BT-23 */
	VEC(const char *) notes;    /* BT-22 (with BT-21 as "#CODE#text") */
	VEC(struct einvoice_ref) preceding; /* BG-3 */
	struct einvoice_party seller;  /* BG-4 */
	struct einvoice_party buyer;   /* BG-7 */
	struct einvoice_party payee;   /* BG-10 (name, id, legal id), when not the seller */
	bool has_payee;
	struct einvoice_party tax_rep; /* BG-11 (name, VAT id, address) */
	bool has_tax_rep;
	struct einvoice_party deliver_to; /* BG-13 (name, location id, address) */
	bool has_deliver_to;
	clerk_date delivery_date;   /* BT-72 */
	clerk_date period_start, period_end; /* BG-14: BT-73, BT-74 */
	VEC(struct einvoice_means) means; /* BG-16 */
	VEC(struct einvoice_document) documents; /* BG-24 */
	einvoice_allowances allowances;  /* BG-20 / BG-21 */
	VEC(struct einvoice_vat) vat;    /* BG-23 */
	VEC(struct einvoice_line) lines; /* BG-25 */
	struct einvoice_totals totals;   /* BG-22 */
	/*
	 * The first amount whose currencyID is neither BT-5 nor, for BT-111,
	 * BT-6 (element name "" when every amount agrees); einvoice_verify()
	 * reports it.
	 */
	struct {
		const char *element;
		char currency[4];
		uint32_t line;
	} other_currency;
	uint32_t line;              /* of the root element */
	uint32_t currency_line;     /* of BT-5 */
	struct mempool pool;        /* the strings */
};

/** A new, empty invoice (all dates DATE_NONE); the caller frees it with einvoice_free(). */
struct einvoice *einvoice_new(void);
/** Frees inv and everything it owns; einvoice_free(NULL) does nothing. */
void einvoice_free(struct einvoice *inv);
/** Copies s into inv's pool (NULL stays NULL). */
const char *einvoice_strdup(struct einvoice *inv, const char *s);

/**
 * The syntax of an XML document from its first bytes (the root element's
 * name and namespace), EINVOICE_NONE when it is not one of the three: how
 * `clerk run` tells e-invoices from bank statements in its inbox. A BOM
 * (UTF-8 or UTF-16), the XML declaration, comments, processing
 * instructions and white space before the root are skipped; 4 KiB are
 * enough for any real document (the root's namespace declarations
 * included). Nothing is allocated.
 */
enum einvoice_syntax einvoice_sniff(const char *head, size_t len);

/**
 * Reads the e-invoice at path (a regular file, never waited on, read no
 * further than its size) or in data[0..len), shown as name (for a file,
 * NULL shows the path), with libxml2's
 * streaming reader (no network, no entities, no DTD), into *out (caller
 * frees). hex, when not NULL, receives the SHA-256 of the bytes read (of
 * the whole file, even when reading stopped at an error).
 * Returns 0; CLERK_EPARSE with the problems in d (not XML, not an e-invoice,
 * a PDF, a malformed value: `FILE:LINE: error: ...`), *out NULL; or
 * CLERK_ENOTFOUND / CLERK_EIO (clerk_error_set) when the file cannot be
 * read.
 */
int einvoice_read_file(struct einvoice **out, const char *path, const char *name, struct diag *d,
		       char *hex) WARN_UNUSED;
int einvoice_read_memory(struct einvoice **out, const char *name, const char *data, size_t len,
			 struct diag *d, char *hex) WARN_UNUSED;
/**
 * Like einvoice_read_file, from the regular file open at fd, read from where
 * it stands to the size it has now (and no further); the caller opens and
 * closes fd.
 */
int einvoice_read_fd(struct einvoice **out, int fd, const char *name, struct diag *d,
		     char *hex) WARN_UNUSED;

/**
 * Checks inv against EN 16931's calculation and VAT rules (formats/einvoice.md,
 * "Rules"): BR-CO-10 .. BR-CO-18, the VAT breakdown per category and rate
 * (BR-S-08/09, BR-Z-08, BR-E-08, BR-AE-08, BR-IC-08, BR-G-08, BR-O-08 and
 * their companions), the decimals of amounts (BR-DEC-*), mandatory terms
 * (BR-01 ..), every amount in the invoice currency (PEPPOL-EN16931-R051).
 * Each broken rule is one error in d at the element's line, starting with
 * the rule id and giving the values that disagree, e.g. "BR-CO-15: the total
 * with VAT (BT-112) is 1190.01, but total without VAT (BT-109) 1000.00 + VAT
 * (BT-110) 190.00 = 1190.00". name is the file name for the locations.
 * Sums are compared exactly (no tolerance); rounding is half away from zero
 * to 2 decimals (or to whole units in HUF and currencies without minor
 * units).
 *
 * The line checks that EN 16931 itself does not have (PEPPOL-EN16931-R120:
 * line net = quantity x net price / base quantity + charges - allowances;
 * R040: allowance = base x percentage / 100; R046: net price = gross price -
 * discount; R121: base quantity above zero) are errors in a document that
 * claims Peppol BIS Billing 3.0 (BT-24) and warnings (DIAG_WARNING, not
 * counted) in any other: a bill whose sums hold but whose line does not
 * should be held for a person, not posted silently nor refused.
 *
 * Returns the number of errors (0: the document's sums and rules hold).
 */
size_t einvoice_verify(const struct einvoice *inv, const char *name, struct diag *d);

/**
 * Whether the document credits its buyer: a credit note (BT-3 one of the
 * UNCL 1001 credit note codes 81, 83, 261, 262, 296, 308, 381, 396, 420,
 * 458, 532) with a total (BT-112, else BT-115) that is not negative, or an
 * invoice whose total is negative (a "negative invoice"). A bill whose
 * prepaid amount exceeds its total (BT-115 < 0, BT-112 > 0) is not a credit.
 */
bool einvoice_is_credit(const struct einvoice *inv);

/**
 * Appends inv as a UBL 2.1 Invoice (syntax EINVOICE_UBL_INVOICE) or
 * CreditNote (EINVOICE_UBL_CREDIT_NOTE) following Peppol BIS Billing 3.0,
 * with the elements in the XSDs' order (einvoice_write.c, formats/invoice.md).
 * Writes what the model holds and computes nothing: amounts with the
 * decimals they have, the same bytes for the same model. The terms a UBL
 * invoice of ours carries: BT-1 to BT-3, BT-5, BT-9, BT-10, BT-13, BT-22,
 * BT-23, BT-24, BG-3, the seller and buyer (name, VAT id, address, endpoint,
 * legal id, contact), BG-16 (code, remittance, IBAN, account name, BIC),
 * BT-20, BG-23, BG-22 and the lines (id, note, quantity and unit, net
 * amount, name, description, seller's item id, category and rate, net price).
 */
void einvoice_write_ubl(const struct einvoice *inv, struct strbuf *out);

#endif
