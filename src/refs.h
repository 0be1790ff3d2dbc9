/*
 * refs.h - identifiers with check digits: IBANs (ISO 13616) and structured
 * creditor references (ISO 11649 "RF"), both validated with ISO 7064
 * MOD 97-10. Bad check digits are reported, never "corrected".
 */
#ifndef CLERK_REFS_H
#define CLERK_REFS_H

#include "compat.h"
#include "util/strbuf.h"

/** Appends s without spaces, upper-cased. */
void refs_normalize(struct strbuf *out, const char *s);
/** True when s (spaces allowed) is an IBAN with valid check digits. */
bool iban_valid(const char *s);
/** True when s (spaces allowed) is an ISO 11649 RF reference with a valid check. */
bool rf_valid(const char *s);
/**
 * Appends the RF reference for body (1 to 21 alphanumerics) to out and
 * returns 0, or CLERK_EINVALID for an unusable body.
 */
int rf_make(struct strbuf *out, const char *body) WARN_UNUSED;

#endif
