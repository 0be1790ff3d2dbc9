/*
 * sha256.h - SHA-256 through OpenSSL's libcrypto (an adapter: no OpenSSL
 * type appears here).
 */
#ifndef CLERK_SHA256_H
#define CLERK_SHA256_H

#include "compat.h"

#include <stdbool.h>
#include <stddef.h>

#define SHA256_HEX_LEN 64

/** Writes the lowercase hex digest of data[0..len) plus NUL into hex. */
void sha256_hex(const void *data, size_t len, char hex[static SHA256_HEX_LEN + 1]);

/** Whether s[0..len) is a digest as sha256_hex() writes it: 64 lowercase hex digits. */
bool sha256_is_hex(const char *s, size_t len);

/*
 * Incremental digests, for data that comes in pieces (a zip member read
 * through a small buffer):
 *
 *   struct sha256 *h = sha256_new();
 *   sha256_update(h, a, alen);
 *   sha256_update(h, b, blen);
 *   sha256_final_hex(h, hex);
 *   sha256_free(h);
 */
struct sha256; /* opaque */

/** Starts a digest; the caller frees it with sha256_free(). Out of memory dies. */
struct sha256 *sha256_new(void);
/** Adds data[0..len) to the digest. */
void sha256_update(struct sha256 *h, const void *data, size_t len);
/**
 * Writes the lowercase hex digest of everything added plus NUL into hex and
 * starts h afresh (it can be reused for another digest).
 */
void sha256_final_hex(struct sha256 *h, char hex[static SHA256_HEX_LEN + 1]);
/** Frees h; sha256_free(NULL) does nothing. */
void sha256_free(struct sha256 *h);

#endif
