/*
 * sha256.h - SHA-256 through OpenSSL's libcrypto (an adapter: no OpenSSL
 * type appears here).
 */
#ifndef CLERK_SHA256_H
#define CLERK_SHA256_H

#include "compat.h"

#define SHA256_HEX_LEN 64

/** Writes the lowercase hex digest of data[0..len) plus NUL into hex. */
void sha256_hex(const void *data, size_t len, char hex[static SHA256_HEX_LEN + 1]);

#endif
