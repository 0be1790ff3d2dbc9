#include "compat.h"
#include "sha256.h"
#include "error.h"

#include <openssl/evp.h>

struct sha256 {
	EVP_MD_CTX *ctx;
};

static void to_hex(const unsigned char md[32], char hex[static SHA256_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	for (unsigned i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}

void sha256_hex(const void *data, size_t len, char hex[static SHA256_HEX_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) || n != 32)
		BUG("EVP_Digest(sha256) failed");
	to_hex(md, hex);
}

struct sha256 *sha256_new(void)
{
	struct sha256 *h = malloc(sizeof(*h));
	if (!h || !(h->ctx = EVP_MD_CTX_new())) {
		fputs("clerk: fatal: out of memory allocating a SHA-256 context\n", stderr);
		abort();
	}
	if (!EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL))
		BUG("EVP_DigestInit_ex(sha256) failed");
	return h;
}

void sha256_update(struct sha256 *h, const void *data, size_t len)
{
	if (len && !EVP_DigestUpdate(h->ctx, data, len))
		BUG("EVP_DigestUpdate(sha256) failed");
}

void sha256_final_hex(struct sha256 *h, char hex[static SHA256_HEX_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (!EVP_DigestFinal_ex(h->ctx, md, &n) || n != 32)
		BUG("EVP_DigestFinal_ex(sha256) failed");
	if (!EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL))
		BUG("EVP_DigestInit_ex(sha256) failed");
	to_hex(md, hex);
}

void sha256_free(struct sha256 *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

bool sha256_is_hex(const char *s, size_t len)
{
	if (len != SHA256_HEX_LEN)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}
