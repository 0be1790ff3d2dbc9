/*
 * fuzz_sign.c - libFuzzer target for the readers of minisign's files
 * (src/sign.h): public keys, secret keys and signatures, which an auditor
 * or a nightly run reads from files anybody may have handled.
 *
 * The whole input goes through sign_pubkey_parse(), sign_seckey_parse()
 * and sign_signature_parse(). Invariants (abort() when broken, a real bug):
 *   - each returns 0, or an error (CLERK_EPARSE; CLERK_EINVALID for an
 *     encrypted secret key) with a message;
 *   - a public key read is written back (sign_pubkey_text()) as a file that
 *     reads back as the same key; the same for a secret key;
 *   - with a secret key read, a signature made over the input checks as
 *     valid with its public key, as made by another key with the key id
 *     changed, and as invalid over the input with one byte changed; its text
 *     reads back as a signature;
 *   - a signature read checks, with a fixed key, over the input as one of
 *     the three outcomes, and as made by another key when the key ids differ.
 * Everything is freed (LeakSanitizer checks the release).
 */
#include "compat.h"
#include "error.h"
#include "sign.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_error(int rc)
{
	if (rc && (rc != CLERK_EPARSE && rc != CLERK_EINVALID))
		abort();
	if (rc && !*clerk_error_last()->message)
		abort();
	clerk_error_clear();
}

static void pubkey_round_trip(const struct sign_pubkey *pk)
{
	struct strbuf t = STRBUF_INIT;
	struct sign_pubkey back;
	sign_pubkey_text(&t, pk);
	if (sign_pubkey_parse(&back, t.buf, t.len, "back") || memcmp(&back, pk, sizeof(back)))
		abort();
	strbuf_release(&t);
}

static void seckey_checks(const struct sign_seckey *sk, const uint8_t *data, size_t size)
{
	struct strbuf t = STRBUF_INIT, sig = STRBUF_INIT;
	struct sign_seckey back;
	struct sign_pubkey pk, other;
	struct sign_signature s = SIGN_SIGNATURE_INIT;
	sign_seckey_text(&t, sk);
	if (sign_seckey_parse(&back, t.buf, t.len, "back") || memcmp(&back, sk, sizeof(back)))
		abort();
	sign_seckey_public(&pk, sk);
	pubkey_round_trip(&pk);
	if (sign_data(&sig, sk, data, size, "fuzz\tcomment") ||
	    sign_signature_parse(&s, sig.buf, sig.len, "sig"))
		abort();
	if (sign_check_data(&s, &pk, data, size) != SIGN_VALID)
		abort();
	other = pk;
	other.keyid[0] ^= 1;
	if (sign_check_data(&s, &other, data, size) != SIGN_OTHER_KEY)
		abort();
	if (size) {
		uint8_t *copy = xmalloc(size);
		memcpy(copy, data, size);
		copy[size / 2] ^= 0x20;
		if (sign_check_data(&s, &pk, copy, size) != SIGN_INVALID)
			abort();
		free(copy);
	}
	sign_signature_release(&s);
	strbuf_release(&t);
	strbuf_release(&sig);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct sign_pubkey pk;
	struct sign_seckey sk;
	struct sign_signature s = SIGN_SIGNATURE_INIT;
	int rc = sign_pubkey_parse(&pk, text, size, "input");
	check_error(rc);
	if (!rc)
		pubkey_round_trip(&pk);
	rc = sign_seckey_parse(&sk, text, size, "input");
	check_error(rc);
	if (!rc)
		seckey_checks(&sk, data, size);
	rc = sign_signature_parse(&s, text, size, "input");
	check_error(rc);
	if (!rc) {
		struct sign_pubkey fpk;
		memset(fpk.keyid, 0x5a, SIGN_KEYID_LEN);
		memset(fpk.pk, 0x11, SIGN_PK_LEN); /* not necessarily a point: the check must still answer */
		enum sign_check c = sign_check_data(&s, &fpk, data, size);
		if (c != SIGN_VALID && c != SIGN_OTHER_KEY && c != SIGN_INVALID)
			abort();
		if (memcmp(s.keyid, fpk.keyid, SIGN_KEYID_LEN) && c != SIGN_OTHER_KEY)
			abort();
		if (!s.trusted_comment || strlen(s.trusted_comment) > SIGN_MAX_TRUSTED_COMMENT)
			abort();
	}
	sign_signature_release(&s);
	return 0;
}
