/*
 * test_sign.c - minisign's formats through libcrypto: keys written and read
 * back, keys and signatures made by minisign 0.11 itself (prehashed "ED" and
 * legacy "Ed") checked, signatures deterministic, every kind of damage
 * (another key, a changed byte of the data, of the signature, of the
 * trusted comment, of the global signature) refused, malformed files
 * refused with a reason; and signed packs: MANIFEST.minisig added as the
 * last member, PACK.zip.minisig beside it, a second signing keeping both,
 * another key refused, and sign_verify_pack()'s findings.
 */
#include "helpers.h"

#include <sys/stat.h>

#include "date.h"
#include "pack.h"
#include "sign.h"

#define assert_ok(expr)                                                                    \
	do {                                                                               \
		int assert_ok_rc_ = (expr);                                                \
		cr_assert_eq(assert_ok_rc_, 0, "%s: %d: %s", #expr, assert_ok_rc_,         \
			     clerk_error_last()->message);                                 \
	} while (0)

/* Made by minisign 0.11: `minisign -G -W`, then -S (-t 'tc here') and -S -l over "hello\n". */
static const char ms_pub[] = "untrusted comment: minisign public key 61703978A9B3621E\n"
			     "RWQeYrOpeDlwYVCfTLOPcDo6xUYW6sDCjLoaJsE19S9DP6ooFbl+hz9E\n";
static const char ms_key[] =
	"untrusted comment: minisign encrypted secret key\n"
	"RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAHmKzqXg5cGHldn7cHMApidY7"
	"tdKgnWmE0dnu3Ae2BZWQ3drtFSUQ6lCfTLOPcDo6xUYW6sDCjLoaJsE19S9DP6ooFbl+hz9EAAAAAAAAAAAAAAAAAAAAAAAA"
	"AAAAAAAAAAAAAAAAAAA=\n";
static const char ms_sig[] =
	"untrusted comment: signature from minisign secret key\n"
	"RUQeYrOpeDlwYZtlC1BQnISSeYTILWYTC9w6U7j0lu65r1Tb49OlAb/C7+BQfiLpLPQmbzTENydTBsNzWW2n4D+8RBEZ5WV9mgo=\n"
	"trusted comment: tc here\n"
	"4h3Z2VIAx/FPCZXTIuc7GC6oEwFXOrxUgbP7IOnfoYOiFKQdBlX/AsX0dyinBRfOmE+VoxwThzXz7d28YTO7BA==\n";
static const char ms_legacy_sig[] =
	"untrusted comment: signature from minisign secret key\n"
	"RWQeYrOpeDlwYfyvAv30Rfsb23zQ1R6e5JhSAXdclaITd+M1BYra+U0GSbTepqd4wWf7LPS4LJAYKu7zItZOyJL3qmjJJx5aLQA=\n"
	"trusted comment: timestamp:1796464144\tfile:f\n"
	"98PoeJy8pHhvSCNfJO9m+B6IgMRYPqmM26QapWqC3bgSL+yG60hBOPJ7lntPdd+TzMIcn3+nTQ6LrCPLkSZfDw==\n";
static const char hello[] = "hello\n";

static void parse_sig(struct sign_signature *s, const char *text)
{
	assert_ok(sign_signature_parse(s, text, strlen(text), "sig"));
}

Test(sign, keyid_is_shown_as_minisign_shows_it)
{
	struct sign_pubkey pk;
	char id[17];
	assert_ok(sign_pubkey_parse(&pk, ms_pub, strlen(ms_pub), "ms.pub"));
	sign_keyid_hex(id, pk.keyid);
	cr_assert_str_eq(id, "61703978A9B3621E");
	ASSERT_NO_LEAKS();
}

Test(sign, minisign_signatures_check)
{
	struct sign_pubkey pk;
	struct sign_signature s = SIGN_SIGNATURE_INIT, l = SIGN_SIGNATURE_INIT;
	assert_ok(sign_pubkey_parse(&pk, ms_pub, strlen(ms_pub), "ms.pub"));
	parse_sig(&s, ms_sig);
	parse_sig(&l, ms_legacy_sig);
	cr_assert(s.prehashed);
	cr_assert(!l.prehashed);
	cr_assert_str_eq(s.trusted_comment, "tc here");
	cr_assert_str_eq(l.trusted_comment, "timestamp:1796464144\tfile:f");
	cr_assert_eq(sign_check_data(&s, &pk, hello, strlen(hello)), SIGN_VALID);
	cr_assert_eq(sign_check_data(&l, &pk, hello, strlen(hello)), SIGN_VALID);
	cr_assert_eq(sign_check_data(&s, &pk, "hello!", 6), SIGN_INVALID);
	cr_assert_eq(sign_check_data(&l, &pk, "jello\n", 6), SIGN_INVALID);
	/* the trusted comment is signed too */
	free(s.trusted_comment);
	s.trusted_comment = xstrdup("tc hers");
	cr_assert_eq(sign_check_data(&s, &pk, hello, strlen(hello)), SIGN_INVALID);
	sign_signature_release(&s);
	sign_signature_release(&l);
	ASSERT_NO_LEAKS();
}

Test(sign, minisign_secret_key_signs_what_its_public_key_checks)
{
	struct sign_seckey sk;
	struct sign_pubkey pk, mine;
	struct sign_signature s = SIGN_SIGNATURE_INIT;
	struct strbuf sig = STRBUF_INIT, text = STRBUF_INIT;
	assert_ok(sign_seckey_parse(&sk, ms_key, strlen(ms_key), "ms.key"));
	assert_ok(sign_pubkey_parse(&pk, ms_pub, strlen(ms_pub), "ms.pub"));
	sign_seckey_public(&mine, &sk);
	cr_assert(!memcmp(&mine, &pk, sizeof(pk)));
	/* written back, the public key file is minisign's, byte for byte */
	sign_pubkey_text(&text, &mine);
	cr_assert_str_eq(text.buf, ms_pub);
	assert_ok(sign_data(&sig, &sk, hello, strlen(hello), "tc here"));
	parse_sig(&s, sig.buf);
	cr_assert_eq(sign_check_data(&s, &pk, hello, strlen(hello)), SIGN_VALID);
	/* Ed25519 is deterministic, and "ED" over BLAKE2b-512 is what minisign signed */
	cr_assert(!memcmp(sig.buf + strlen("untrusted comment: signature from clerk secret key\n"),
			  ms_sig + strlen("untrusted comment: signature from minisign secret key\n"),
			  strlen(ms_sig) - strlen("untrusted comment: signature from minisign secret key\n")),
		  "clerk's signature differs from minisign's:\n%s", sig.buf);
	sign_signature_release(&s);
	strbuf_release(&sig);
	strbuf_release(&text);
	ASSERT_NO_LEAKS();
}

Test(sign, new_keys_round_trip_and_sign)
{
	struct sign_seckey sk, back, other;
	struct sign_pubkey pk, pkback, opk;
	struct strbuf st = STRBUF_INIT, pt = STRBUF_INIT, sig = STRBUF_INIT, sig2 = STRBUF_INIT;
	struct sign_signature s = SIGN_SIGNATURE_INIT;
	assert_ok(sign_keygen(&sk));
	assert_ok(sign_keygen(&other));
	cr_assert(memcmp(&sk, &other, sizeof(sk)), "two keys are the same");
	sign_seckey_public(&pk, &sk);
	sign_seckey_public(&opk, &other);
	sign_seckey_text(&st, &sk);
	sign_pubkey_text(&pt, &pk);
	cr_assert(!strncmp(st.buf, "untrusted comment: ", 19));
	cr_assert(!strncmp(strchr(st.buf, '\n') + 1, "RWQAAEIy", 8), "kdf none, checksum B2: %s", st.buf);
	assert_ok(sign_seckey_parse(&back, st.buf, st.len, "k"));
	assert_ok(sign_pubkey_parse(&pkback, pt.buf, pt.len, "k.pub"));
	cr_assert(!memcmp(&back, &sk, sizeof(sk)));
	cr_assert(!memcmp(&pkback, &pk, sizeof(pk)));
	assert_ok(sign_data(&sig, &sk, "data", 4, "a\tcomment"));
	assert_ok(sign_data(&sig2, &sk, "data", 4, "a\tcomment"));
	cr_assert_str_eq(sig.buf, sig2.buf, "not deterministic");
	parse_sig(&s, sig.buf);
	cr_assert_eq(sign_check_data(&s, &pk, "data", 4), SIGN_VALID);
	cr_assert_eq(sign_check_data(&s, &opk, "data", 4), SIGN_OTHER_KEY);
	cr_assert_eq(sign_check_data(&s, &pk, "date", 4), SIGN_INVALID);
	s.global_sig[5] ^= 1;
	cr_assert_eq(sign_check_data(&s, &pk, "data", 4), SIGN_INVALID);
	s.global_sig[5] ^= 1;
	s.sig[0] ^= 0x80;
	cr_assert_eq(sign_check_data(&s, &pk, "data", 4), SIGN_INVALID);
	/* the same key id with another public key: a forged key file */
	memcpy(opk.keyid, pk.keyid, SIGN_KEYID_LEN);
	s.sig[0] ^= 0x80;
	cr_assert_eq(sign_check_data(&s, &opk, "data", 4), SIGN_INVALID);
	sign_signature_release(&s);
	strbuf_release(&st);
	strbuf_release(&pt);
	strbuf_release(&sig);
	strbuf_release(&sig2);
	ASSERT_NO_LEAKS();
}

Test(sign, trusted_comment_is_one_line)
{
	struct sign_seckey sk;
	struct strbuf sig = STRBUF_INIT;
	assert_ok(sign_keygen(&sk));
	cr_assert_eq(sign_data(&sig, &sk, "x", 1, "two\nlines"), CLERK_EINVALID);
	cr_assert_eq(sig.len, 0);
	strbuf_release(&sig);
	ASSERT_NO_LEAKS();
}

struct bad {
	const char *text;
	int code;
	const char *why;
};

static void assert_refused(int rc, int code, const char *why, const char *text)
{
	cr_assert_eq(rc, code, "%d for:\n%s", rc, text);
	cr_assert(strstr(clerk_error_last()->message, why), "message '%s' lacks '%s'",
		  clerk_error_last()->message, why);
}

Test(sign, malformed_keys_are_refused)
{
	struct sign_pubkey pk;
	struct sign_seckey sk;
	const struct bad pubs[] = {
		{ "", CLERK_EPARSE, "two lines" },
		{ "untrusted comment: x\n", CLERK_EPARSE, "two lines" },
		{ "comment: x\nRWQeYrOpeDlwYVCfTLOPcDo6xUYW6sDCjLoaJsE19S9DP6ooFbl+hz9E\n", CLERK_EPARSE,
		  "untrusted comment" },
		{ "untrusted comment: x\nRWQeYrOpeDlwYVCfTLOPcDo6xUYW6sDCjLoaJsE19S9DP6ooFbl+hz9*\n", CLERK_EPARSE,
		  "base64" },
		{ "untrusted comment: x\nRWQeYrOpeDlwYVCfTLOPcDo6xUYW6sDCjLoaJsE19S9DP6ooFbl+hz==\n", CLERK_EPARSE,
		  "base64" },
		{ "untrusted comment: x\nRWQeYrOpeDlwYVCfTLOPcDo6xUYW6sDCjLoaJsE19S9DP6ooFbl+hz9\n", CLERK_EPARSE,
		  "base64" },
		{ "untrusted comment: x\nRWQeYrOpeDlwYVCfTLOPcDo6xUYW6sDCjLoaJsE19S9DP6ooFbl+hz9E\nmore\n",
		  CLERK_EPARSE, "more than two lines" },
		{ "untrusted comment: x\nRVQeYrOpeDlwYVCfTLOPcDo6xUYW6sDCjLoaJsE19S9DP6ooFbl+hz9E\n", CLERK_EPARSE,
		  "not an Ed25519 key" },
		{ ms_key, CLERK_EPARSE, "it is a secret key" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(pubs); i++)
		assert_refused(sign_pubkey_parse(&pk, pubs[i].text, strlen(pubs[i].text), "k.pub"), pubs[i].code,
			       pubs[i].why, pubs[i].text);
	/* a CRLF file without its last newline is fine */
	const char crlf[] = "untrusted comment: x\r\nRWQeYrOpeDlwYVCfTLOPcDo6xUYW6sDCjLoaJsE19S9DP6ooFbl+hz9E";
	assert_ok(sign_pubkey_parse(&pk, crlf, strlen(crlf), "k.pub"));

	char enc[sizeof(ms_key)], damaged[sizeof(ms_key)];
	memcpy(enc, ms_key, sizeof(ms_key));
	memcpy(enc + strlen("untrusted comment: minisign encrypted secret key\n"), "RWRTY0Iy", 8); /* kdf "Sc" */
	assert_refused(sign_seckey_parse(&sk, enc, strlen(enc), "k"), CLERK_EINVALID, "encrypted with a password",
		       enc);
	memcpy(damaged, ms_key, sizeof(ms_key));
	damaged[strlen("untrusted comment: minisign encrypted secret key\n") + 100] ^= 1; /* in the seed */
	assert_refused(sign_seckey_parse(&sk, damaged, strlen(damaged), "k"), CLERK_EPARSE, "damaged", damaged);
	assert_refused(sign_seckey_parse(&sk, ms_pub, strlen(ms_pub), "k"), CLERK_EPARSE, "base64", ms_pub);
	ASSERT_NO_LEAKS();
}

Test(sign, malformed_signatures_are_refused)
{
	struct sign_signature s = SIGN_SIGNATURE_INIT;
	const char *line2 = strchr(ms_sig, '\n') + 1;
	struct strbuf t = STRBUF_INIT;
	const struct bad bad[] = {
		{ "", CLERK_EPARSE, "four lines" },
		{ "untrusted comment: x\n", CLERK_EPARSE, "four lines" },
		{ ms_pub, CLERK_EPARSE, "four lines" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_refused(sign_signature_parse(&s, bad[i].text, strlen(bad[i].text), "s"), bad[i].code,
			       bad[i].why, bad[i].text);
	/* a fifth line */
	strbuf_addf(&t, "%sextra\n", ms_sig);
	assert_refused(sign_signature_parse(&s, t.buf, t.len, "s"), CLERK_EPARSE, "more than four lines", t.buf);
	/* no trusted comment prefix */
	strbuf_reset(&t);
	strbuf_add(&t, ms_sig, (size_t)(strstr(ms_sig, "trusted comment: tc") - ms_sig));
	strbuf_addstr(&t, "comment: tc here\n4h3Z2VIAx/FPCZXTIuc7GC6oEwFXOrxUgbP7IOnfoYOiFKQdBlX/AsX0dyinBRfOmE+"
			  "VoxwThzXz7d28YTO7BA==\n");
	assert_refused(sign_signature_parse(&s, t.buf, t.len, "s"), CLERK_EPARSE, "trusted comment", t.buf);
	/* an unknown algorithm ("Xd") */
	strbuf_reset(&t);
	strbuf_addstr(&t, "untrusted comment: x\nWG");
	strbuf_addstr(&t, line2 + 2);
	assert_refused(sign_signature_parse(&s, t.buf, t.len, "s"), CLERK_EPARSE, "unknown signature algorithm",
		       t.buf);
	cr_assert_null(s.trusted_comment);
	strbuf_release(&t);
	ASSERT_NO_LEAKS();
}

/* ------------------------------------------------------------ packs */

static char *write_key(struct sign_pubkey *pk, const char *name)
{
	struct sign_seckey sk;
	struct strbuf t = STRBUF_INIT;
	char *path = tpath(name);
	assert_ok(sign_keygen(&sk));
	sign_seckey_public(pk, &sk);
	sign_seckey_text(&t, &sk);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fwrite(t.buf, 1, t.len, f);
	fclose(f);
	strbuf_release(&t);
	return path;
}

static char *write_pack(void)
{
	struct pack_builder *b;
	char hex[SHA256_HEX_LEN + 1];
	char *path = tpath("clerk-2026-11-28.zip");
	assert_ok(pack_builder_new(&b, date_parse_iso("2026-11-28")));
	assert_ok(pack_builder_add_header(b, "run", "2026-11-28"));
	assert_ok(pack_builder_add(b, "a.csv", "x,y\n1,2\n", 8));
	assert_ok(pack_builder_add(b, "b.txt", "bee\n", 4));
	cr_assert_eq(pack_builder_add(b, PACK_SIGNATURE_NAME, "x", 1), CLERK_EINVALID);
	assert_ok(pack_builder_write(hex, b, path));
	pack_builder_free(b);
	return path;
}

static size_t kinds(const struct pack_verification *v, enum pack_finding_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < v->findings.n; i++)
		n += v->findings.v[i].kind == k;
	return n;
}

static char *slurp(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	cr_assert_eq(strbuf_read_file(&sb, path, 0), 0, "%s", path);
	return strbuf_detach(&sb, NULL);
}

Test(sign, packs_are_signed_inside_and_beside, TMPDIR_FIXTURE)
{
	struct sign_pubkey pk, opk;
	char *key = write_key(&pk, "k"), *okey = write_key(&opk, "o"), *pack = write_pack();
	struct strbuf sigpath = STRBUF_INIT;
	struct pack_verification v = PACK_VERIFICATION_INIT;
	strbuf_addf(&sigpath, "%s.minisig", pack);

	/* unsigned: both missing */
	assert_ok(sign_verify_pack(&v, pack, &pk));
	cr_assert_eq(v.findings.n, 2);
	cr_assert_eq(kinds(&v, PACK_FINDING_UNSIGNED), 2);
	pack_verification_release(&v);

	assert_ok(sign_pack(pack, key));
	struct stat st;
	cr_assert_eq(stat(sigpath.buf, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	struct pack *p;
	assert_ok(pack_open(&p, pack));
	cr_assert_eq(pack_member_count(p), 4);
	cr_assert_str_eq(pack_member_name(p, 3), PACK_SIGNATURE_NAME);
	pack_free(p);
	/* the pack still holds, alone: the signature member is not "unlisted" */
	assert_ok(pack_verify_file(&v, pack, NULL));
	cr_assert_eq(v.findings.n, 0, "%s", v.findings.n ? v.findings.v[0].message : "");
	assert_ok(sign_verify_pack(&v, pack, &pk));
	cr_assert_eq(v.findings.n, 0, "%s", v.findings.n ? v.findings.v[0].message : "");
	assert_ok(sign_verify_pack(&v, pack, &opk));
	cr_assert_eq(kinds(&v, PACK_FINDING_OTHER_KEY), 2);
	pack_verification_release(&v);

	/* signing again changes nothing; another key is refused and changes nothing */
	char *z1 = slurp(pack), *s1 = slurp(sigpath.buf);
	assert_ok(sign_pack(pack, key));
	cr_assert_eq(sign_pack(pack, okey), CLERK_EINVALID);
	cr_assert(strstr(clerk_error_last()->message, "already signed by another key"));
	char *z2 = slurp(pack), *s2 = slurp(sigpath.buf);
	cr_assert_str_eq(s1, s2);
	cr_assert(!memcmp(z1, z2, 4), "pack changed");
	/* the signature file lost: signing again writes the same one */
	cr_assert_eq(unlink(sigpath.buf), 0);
	assert_ok(sign_pack(pack, key));
	char *s3 = slurp(sigpath.buf);
	cr_assert_str_eq(s1, s3);

	/* one byte of the signature file changed */
	FILE *f = fopen(sigpath.buf, "r+");
	cr_assert_not_null(f);
	fseek(f, (long)strlen("untrusted comment: signature from clerk secret key\n") + 40, SEEK_SET);
	fputc(s1[strlen("untrusted comment: signature from clerk secret key\n") + 40] == 'A' ? 'B' : 'A', f);
	fclose(f);
	assert_ok(sign_verify_pack(&v, pack, &pk));
	cr_assert_eq(v.findings.n, 1);
	cr_assert_eq(kinds(&v, PACK_FINDING_BAD_SIGNATURE), 1);
	cr_assert_str_eq(v.findings.v[0].member, "clerk-2026-11-28.zip.minisig");
	pack_verification_release(&v);

	free(z1);
	free(z2);
	free(s1);
	free(s2);
	free(s3);
	free(key);
	free(okey);
	free(pack);
	strbuf_release(&sigpath);
	ASSERT_NO_LEAKS();
}
