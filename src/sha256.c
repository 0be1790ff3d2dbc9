#include "compat.h"
#include "sha256.h"
#include "error.h"

#include <openssl/evp.h>

void sha256_hex(const void *data, size_t len, char hex[static SHA256_HEX_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	static const char digits[] = "0123456789abcdef";
	if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) || n != 32)
		BUG("EVP_Digest(sha256) failed");
	for (unsigned i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}
