/*
 * qr.h - the EPC069-12 "scan to pay" QR code (a SEPA credit transfer a
 * banking app fills in from the code) as inline SVG, drawn from the
 * modules libqrencode computes (formats/invoice.md, "The printable page").
 *
 * The payload (EPC069-12 version 002, UTF-8, one field per LF line):
 *
 *   BCD / 002 / 1 / SCT / BIC / NAME / IBAN / EUR1224.12 / (purpose) / RF.. / (text)
 *
 * with the trailing empty fields dropped. The SVG is deterministic: one
 * path of unit squares, a four-module quiet zone, no external reference.
 */
#ifndef CLERK_QR_H
#define CLERK_QR_H

#include "compat.h"
#include "decimal.h"
#include "util/strbuf.h"

/* EPC069-12 limits: the payee name, the reference, the amount, the whole payload. */
#define QR_EPC_MAX_NAME 70
#define QR_EPC_MAX_REF 35
#define QR_EPC_MAX_TEXT 140
#define QR_EPC_MAX_PAYLOAD 331

/**
 * Appends the EPC069-12 payload for a EUR credit transfer of amount (0.01
 * to 999999999.99, at most 2 decimals) to iban (blanks removed) of payee
 * name (1 to 70 bytes), bic optional (NULL or ""), with the structured
 * creditor reference ref (NULL or "" for none, at most 35). Returns 0, or
 * CLERK_EINVALID (clerk_error_set says which field) and out unchanged.
 */
int qr_epc_payload(struct strbuf *out, const char *bic, const char *name, const char *iban,
		   const struct dec *amount, const char *ref) WARN_UNUSED;

/**
 * The same with, instead of a reference, an unstructured remittance text
 * (field 11: one line, at most 140 bytes; NULL or "" for none), such as
 * the invoice numbers a reminder asks the customer to quote. ref and text
 * are never both given (CLERK_EINVALID).
 */
int qr_epc_payload_text(struct strbuf *out, const char *bic, const char *name, const char *iban,
			const struct dec *amount, const char *ref, const char *text) WARN_UNUSED;

/**
 * Appends text as a QR code (byte mode, error correction level M, the
 * smallest version that holds it) drawn as an inline <svg> of `px`
 * pixels square, titled `title` for screen readers (escaped). Returns 0,
 * or CLERK_EINVALID when the text cannot be encoded (too long).
 */
int qr_svg(struct strbuf *out, const char *text, unsigned px, const char *title) WARN_UNUSED;

#endif
