/*
 * sign.c - minisign-compatible Ed25519 keys and signatures through
 * OpenSSL's libcrypto (sign.h, formats/sign.md).
 */
#include "compat.h"
#include "sign.h"
#include "error.h"
#include "date.h"
#include "fsutil.h"
#include "pack.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#define UNTRUSTED "untrusted comment: "
#define TRUSTED "trusted comment: "
/* minisign's binary layouts */
#define PUBKEY_BIN (2 + SIGN_KEYID_LEN + SIGN_PK_LEN)                  /* 42 */
#define SIG_BIN (2 + SIGN_KEYID_LEN + SIGN_SIG_LEN)                    /* 74 */
#define SECKEY_KEYNUM (SIGN_KEYID_LEN + SIGN_SK_LEN + 32)              /* 104 */
#define SECKEY_BIN (2 + 2 + 2 + 32 + 8 + 8 + SECKEY_KEYNUM)            /* 158 */
#define SECKEY_KEYNUM_AT (2 + 2 + 2 + 32 + 8 + 8)                      /* 54 */
/* The legacy "Ed" signs the whole file: bounded as minisign bounds it. */
#define LEGACY_MAX_FILE (1u << 30)

/* ------------------------------------------------------------ base64 */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64_add(struct strbuf *out, const unsigned char *in, size_t len)
{
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)in[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		strbuf_addch(out, b64[(v >> 18) & 63]);
		strbuf_addch(out, b64[(v >> 12) & 63]);
		strbuf_addch(out, i + 1 < len ? b64[(v >> 6) & 63] : '=');
		strbuf_addch(out, i + 2 < len ? b64[v & 63] : '=');
	}
}

static int b64_value(unsigned char c)
{
	const char *p = c ? strchr(b64, c) : NULL;
	return p ? (int)(p - b64) : -1;
}

/*
 * Decodes exactly want bytes of padded base64 from s[0..len) into out;
 * false when s is not that (wrong length, a character outside the
 * alphabet, bad padding, non-zero bits after the end).
 */
static bool base64_exact(unsigned char *out, size_t want, const char *s, size_t len)
{
	if (len != (want + 2) / 3 * 4)
		return false;
	size_t o = 0;
	for (size_t i = 0; i < len; i += 4) {
		int v[4];
		size_t pad = 0;
		for (int k = 0; k < 4; k++) {
			unsigned char c = (unsigned char)s[i + (size_t)k];
			if (c == '=' && i + 4 == len && k >= 2) {
				v[k] = 0;
				pad++;
			} else if (pad || (v[k] = b64_value(c)) < 0) {
				return false;
			}
		}
		unsigned bits = (unsigned)v[0] << 18 | (unsigned)v[1] << 12 | (unsigned)v[2] << 6 | (unsigned)v[3];
		unsigned char b[3] = { (unsigned char)(bits >> 16), (unsigned char)(bits >> 8), (unsigned char)bits };
		size_t n = 3 - pad;
		if (o + n != (i + 4 == len ? want : o + 3) || (pad && (bits & ((1u << (8 * pad)) - 1))))
			return false;
		memcpy(out + o, b, n);
		o += n;
	}
	return o == want;
}

/* ------------------------------------------------------------ lines */

/*
 * Splits text[0..len) into its lines (LF or CRLF; the last one must end
 * with a newline). Returns the number of lines, at most max (more: max + 1),
 * each as [start, length).
 */
static size_t split_lines(const char *text, size_t len, const char **start, size_t *length, size_t max,
			  bool *unterminated)
{
	size_t n = 0, at = 0;
	*unterminated = false;
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len;
		if (!nl)
			*unterminated = true;
		if (n == max)
			return max + 1;
		size_t l = end - at;
		if (l && text[at + l - 1] == '\r')
			l--;
		start[n] = text + at;
		length[n] = l;
		n++;
		at = end + 1;
	}
	return n;
}

static bool has_prefix(const char *s, size_t len, const char *prefix)
{
	size_t p = strlen(prefix);
	return len >= p && !memcmp(s, prefix, p);
}

/* A comment line's text: no control character (a tab is allowed, minisign writes one). */
static bool comment_ok(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f)
			return false;
	return true;
}

/*
 * The two lines of a key file: an untrusted comment, then base64 of want
 * bytes into out. Returns NULL or why not.
 */
static const char *key_lines(unsigned char *out, size_t want, const char *text, size_t len)
{
	const char *start[3];
	size_t length[3];
	bool unterminated;
	size_t n = split_lines(text, len, start, length, 2, &unterminated);
	if (n > 2)
		return "more than two lines";
	if (n < 2)
		return "it needs two lines, a comment and the key";
	if (!has_prefix(start[0], length[0], UNTRUSTED))
		return "the first line does not start with 'untrusted comment: '";
	if (!base64_exact(out, want, start[1], length[1]))
		return "the second line is not the base64 of a key";
	return NULL;
}

/* ------------------------------------------------------------ Ed25519 */

static EVP_PKEY *private_key(const struct sign_seckey *sk)
{
	EVP_PKEY *k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, sk->sk, 32);
	if (!k)
		BUG("EVP_PKEY_new_raw_private_key(ed25519) failed");
	return k;
}

/* Ed25519 of msg[0..len) with sk into sig. */
static void ed25519_sign(unsigned char sig[SIGN_SIG_LEN], const struct sign_seckey *sk, const void *msg,
			 size_t len)
{
	EVP_PKEY *k = private_key(sk);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t siglen = SIGN_SIG_LEN;
	if (!ctx || EVP_DigestSignInit(ctx, NULL, NULL, NULL, k) != 1 ||
	    EVP_DigestSign(ctx, sig, &siglen, msg, len) != 1 || siglen != SIGN_SIG_LEN)
		BUG("Ed25519 signing failed");
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(k);
}

static bool ed25519_verify(const unsigned char sig[SIGN_SIG_LEN], const unsigned char pk[SIGN_PK_LEN],
			   const void *msg, size_t len)
{
	EVP_PKEY *k = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pk, SIGN_PK_LEN);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = k && ctx && EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, k) == 1 &&
		  EVP_DigestVerify(ctx, sig, SIGN_SIG_LEN, msg, len) == 1;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(k);
	return ok;
}

/* The public key of the 32-byte seed. */
static void seed_public(unsigned char pk[SIGN_PK_LEN], const unsigned char seed[32])
{
	EVP_PKEY *k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
	size_t n = SIGN_PK_LEN;
	if (!k || EVP_PKEY_get_raw_public_key(k, pk, &n) != 1 || n != SIGN_PK_LEN)
		BUG("Ed25519 public key derivation failed");
	EVP_PKEY_free(k);
}

/* ------------------------------------------------------------ keys */

void sign_keyid_hex(char out[static 2 * SIGN_KEYID_LEN + 1], const unsigned char keyid[SIGN_KEYID_LEN])
{
	static const char digits[] = "0123456789ABCDEF";
	for (size_t i = 0; i < SIGN_KEYID_LEN; i++) {
		unsigned char b = keyid[SIGN_KEYID_LEN - 1 - i]; /* a little-endian number */
		out[2 * i] = digits[b >> 4];
		out[2 * i + 1] = digits[b & 15];
	}
	out[2 * SIGN_KEYID_LEN] = '\0';
}

int sign_keygen(struct sign_seckey *sk)
{
	if (RAND_bytes(sk->keyid, SIGN_KEYID_LEN) != 1 || RAND_bytes(sk->sk, 32) != 1)
		return clerk_error_set(CLERK_ERROR, "cannot make a key: no random bytes from the system");
	seed_public(sk->sk + 32, sk->sk);
	return 0;
}

void sign_seckey_public(struct sign_pubkey *pk, const struct sign_seckey *sk)
{
	memcpy(pk->keyid, sk->keyid, SIGN_KEYID_LEN);
	memcpy(pk->pk, sk->sk + 32, SIGN_PK_LEN);
}

void sign_pubkey_text(struct strbuf *out, const struct sign_pubkey *pk)
{
	unsigned char bin[PUBKEY_BIN];
	char id[2 * SIGN_KEYID_LEN + 1];
	memcpy(bin, "Ed", 2);
	memcpy(bin + 2, pk->keyid, SIGN_KEYID_LEN);
	memcpy(bin + 2 + SIGN_KEYID_LEN, pk->pk, SIGN_PK_LEN);
	sign_keyid_hex(id, pk->keyid);
	strbuf_addf(out, UNTRUSTED "minisign public key %s\n", id);
	base64_add(out, bin, sizeof(bin));
	strbuf_addch(out, '\n');
}

void sign_seckey_text(struct strbuf *out, const struct sign_seckey *sk)
{
	/* sig_alg, kdf_alg (none), chk_alg, salt, opslimit, memlimit: as `minisign -G -W` */
	unsigned char bin[SECKEY_BIN] = { 'E', 'd', 0, 0, 'B', '2' };
	memcpy(bin + SECKEY_KEYNUM_AT, sk->keyid, SIGN_KEYID_LEN);
	memcpy(bin + SECKEY_KEYNUM_AT + SIGN_KEYID_LEN, sk->sk, SIGN_SK_LEN);
	/* the BLAKE2b-256 checksum stays zero, as minisign writes it for a key without a password */
	strbuf_addstr(out, UNTRUSTED "minisign secret key, not encrypted: keep it owner-only\n");
	base64_add(out, bin, sizeof(bin));
	strbuf_addch(out, '\n');
	OPENSSL_cleanse(bin, sizeof(bin));
}

int sign_pubkey_parse(struct sign_pubkey *pk, const char *text, size_t len, const char *name)
{
	unsigned char bin[PUBKEY_BIN], sec[SECKEY_BIN];
	const char *why = key_lines(bin, sizeof(bin), text, len);
	if (why && !key_lines(sec, sizeof(sec), text, len))
		why = "it is a secret key (give the public key, the .pub file beside it)";
	else if (!why && memcmp(bin, "Ed", 2))
		why = "not an Ed25519 key";
	OPENSSL_cleanse(sec, sizeof(sec));
	if (why)
		return clerk_error_set(CLERK_EPARSE, "'%s' is not a minisign public key: %s", name, why);
	memcpy(pk->keyid, bin + 2, SIGN_KEYID_LEN);
	memcpy(pk->pk, bin + 2 + SIGN_KEYID_LEN, SIGN_PK_LEN);
	return 0;
}

int sign_seckey_parse(struct sign_seckey *sk, const char *text, size_t len, const char *name)
{
	unsigned char bin[SECKEY_BIN], pk[SIGN_PK_LEN];
	const char *why = key_lines(bin, sizeof(bin), text, len);
	int code = CLERK_EPARSE;
	if (!why && memcmp(bin, "Ed", 2))
		why = "not an Ed25519 key";
	else if (!why && !memcmp(bin + 2, "Sc", 2)) {
		why = "it is encrypted with a password; clerk signs unattended and needs a key "
		      "without one (make one with 'clerk keygen', or remove the password with "
		      "'minisign -C -W')";
		code = CLERK_EINVALID;
	} else if (!why && (bin[2] || bin[3]))
		why = "unknown key derivation";
	else if (!why && memcmp(bin + 4, "B2", 2))
		why = "unknown checksum";
	if (!why) {
		memcpy(sk->keyid, bin + SECKEY_KEYNUM_AT, SIGN_KEYID_LEN);
		memcpy(sk->sk, bin + SECKEY_KEYNUM_AT + SIGN_KEYID_LEN, SIGN_SK_LEN);
		seed_public(pk, sk->sk);
		if (memcmp(pk, sk->sk + 32, SIGN_PK_LEN))
			why = "it is damaged (its public half does not belong to its seed)";
	}
	OPENSSL_cleanse(bin, sizeof(bin));
	if (why) {
		OPENSSL_cleanse(sk, sizeof(*sk));
		if (code == CLERK_EINVALID)
			return clerk_error_set(code, "the secret key '%s' cannot be used: %s", name, why);
		return clerk_error_set(code, "'%s' is not a minisign secret key: %s", name, why);
	}
	return 0;
}

/* Reads a small file: a regular file of at most SIGN_MAX_FILE bytes. */
static int read_small(struct strbuf *sb, const char *path, const char *what)
{
	int fd;
	struct stat st;
	int error = fsutil_open_regular(&fd, &st, path, 0);
	if (error)
		return error;
	if (st.st_size > (off_t)SIGN_MAX_FILE) {
		close(fd);
		return clerk_error_set(CLERK_EPARSE, "'%s' is not a minisign %s: it is larger than %u bytes",
				       path, what, SIGN_MAX_FILE);
	}
	int r = strbuf_read_fd(sb, fd, (size_t)st.st_size);
	if (r == STRBUF_READ_CHANGED)
		error = fsutil_changed_error(path, &st);
	else if (r)
		error = clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", path);
	close(fd);
	return error;
}

int sign_pubkey_read(struct sign_pubkey *pk, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	int error = read_small(&sb, path, "public key");
	if (!error)
		error = sign_pubkey_parse(pk, sb.buf, sb.len, path);
	strbuf_release(&sb);
	return error;
}

int sign_seckey_read(struct sign_seckey *sk, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	int error = read_small(&sb, path, "secret key");
	if (!error)
		error = sign_seckey_parse(sk, sb.buf, sb.len, path);
	if (sb.buf)
		OPENSSL_cleanse(sb.buf, sb.len);
	strbuf_release(&sb);
	return error;
}

/* ------------------------------------------------------------ signing */

struct sign_hash {
	EVP_MD_CTX *ctx;
};

struct sign_hash *sign_hash_new(void)
{
	struct sign_hash *h = xmalloc(sizeof(*h));
	if (!(h->ctx = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(h->ctx, EVP_blake2b512(), NULL))
		BUG("BLAKE2b-512 is not available");
	return h;
}

void sign_hash_update(struct sign_hash *h, const void *data, size_t len)
{
	if (len && !EVP_DigestUpdate(h->ctx, data, len))
		BUG("EVP_DigestUpdate(blake2b512) failed");
}

void sign_hash_final(struct sign_hash *h, unsigned char out[SIGN_HASH_LEN])
{
	unsigned int n = 0;
	if (!EVP_DigestFinal_ex(h->ctx, out, &n) || n != SIGN_HASH_LEN)
		BUG("EVP_DigestFinal_ex(blake2b512) failed");
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

int sign_hashed(struct strbuf *out, const struct sign_seckey *sk, const unsigned char hash[SIGN_HASH_LEN],
		const char *trusted_comment)
{
	size_t tl = strlen(trusted_comment);
	if (tl > SIGN_MAX_TRUSTED_COMMENT || !comment_ok(trusted_comment, tl))
		return clerk_error_set(CLERK_EINVALID, "a trusted comment is one line of at most %u bytes",
				       SIGN_MAX_TRUSTED_COMMENT);
	unsigned char bin[SIG_BIN], global[SIGN_SIG_LEN];
	memcpy(bin, "ED", 2);
	memcpy(bin + 2, sk->keyid, SIGN_KEYID_LEN);
	ed25519_sign(bin + 2 + SIGN_KEYID_LEN, sk, hash, SIGN_HASH_LEN);
	/* the global signature: over the signature and the trusted comment */
	unsigned char *both = xmalloc(SIGN_SIG_LEN + tl + 1);
	memcpy(both, bin + 2 + SIGN_KEYID_LEN, SIGN_SIG_LEN);
	memcpy(both + SIGN_SIG_LEN, trusted_comment, tl);
	ed25519_sign(global, sk, both, SIGN_SIG_LEN + tl);
	free(both);
	strbuf_addstr(out, UNTRUSTED "signature from clerk secret key\n");
	base64_add(out, bin, sizeof(bin));
	strbuf_addf(out, "\n" TRUSTED "%s\n", trusted_comment);
	base64_add(out, global, sizeof(global));
	strbuf_addch(out, '\n');
	return 0;
}

int sign_data(struct strbuf *out, const struct sign_seckey *sk, const void *data, size_t len,
	      const char *trusted_comment)
{
	unsigned char hash[SIGN_HASH_LEN];
	struct sign_hash *h = sign_hash_new();
	sign_hash_update(h, data, len);
	sign_hash_final(h, hash);
	return sign_hashed(out, sk, hash, trusted_comment);
}

/* ------------------------------------------------------------ checking */

int sign_signature_parse(struct sign_signature *s, const char *text, size_t len, const char *name)
{
	const char *start[5];
	size_t length[5];
	bool unterminated;
	unsigned char bin[SIG_BIN];
	const char *why = NULL;
	size_t n = split_lines(text, len, start, length, 4, &unterminated);
	const size_t tp = strlen(TRUSTED);
	if (n != 4)
		why = n > 4 ? "more than four lines" : "it needs four lines";
	else if (!has_prefix(start[0], length[0], UNTRUSTED))
		why = "the first line does not start with 'untrusted comment: '";
	else if (!base64_exact(bin, sizeof(bin), start[1], length[1]))
		why = "the second line is not the base64 of a signature";
	else if (memcmp(bin, "ED", 2) && memcmp(bin, "Ed", 2))
		why = "unknown signature algorithm";
	else if (!has_prefix(start[2], length[2], TRUSTED))
		why = "the third line does not start with 'trusted comment: '";
	else if (length[2] - tp > SIGN_MAX_TRUSTED_COMMENT || !comment_ok(start[2] + tp, length[2] - tp))
		why = "the trusted comment is too long or holds a control character";
	else if (!base64_exact(s->global_sig, SIGN_SIG_LEN, start[3], length[3]))
		why = "the fourth line is not the base64 of a signature";
	if (why)
		return clerk_error_set(CLERK_EPARSE, "'%s' is not a minisign signature: %s", name, why);
	s->prehashed = bin[1] == 'D';
	memcpy(s->keyid, bin + 2, SIGN_KEYID_LEN);
	memcpy(s->sig, bin + 2 + SIGN_KEYID_LEN, SIGN_SIG_LEN);
	free(s->trusted_comment);
	s->trusted_comment = xmalloc(length[2] - tp + 1);
	memcpy(s->trusted_comment, start[2] + tp, length[2] - tp);
	s->trusted_comment[length[2] - tp] = '\0';
	return 0;
}

void sign_signature_release(struct sign_signature *s)
{
	free(s->trusted_comment);
	*s = (struct sign_signature)SIGN_SIGNATURE_INIT;
}

int sign_signature_read(struct sign_signature *s, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	int error = read_small(&sb, path, "signature");
	if (!error)
		error = sign_signature_parse(s, sb.buf, sb.len, path);
	strbuf_release(&sb);
	return error;
}

/* The check once the signed message (the data, or its hash) is known. */
static enum sign_check check_message(const struct sign_signature *s, const struct sign_pubkey *pk,
				     const void *msg, size_t len)
{
	if (memcmp(s->keyid, pk->keyid, SIGN_KEYID_LEN))
		return SIGN_OTHER_KEY;
	if (!ed25519_verify(s->sig, pk->pk, msg, len))
		return SIGN_INVALID;
	size_t tl = strlen(s->trusted_comment);
	unsigned char *both = xmalloc(SIGN_SIG_LEN + tl + 1);
	memcpy(both, s->sig, SIGN_SIG_LEN);
	memcpy(both + SIGN_SIG_LEN, s->trusted_comment, tl);
	bool ok = ed25519_verify(s->global_sig, pk->pk, both, SIGN_SIG_LEN + tl);
	free(both);
	return ok ? SIGN_VALID : SIGN_INVALID;
}

enum sign_check sign_check_data(const struct sign_signature *s, const struct sign_pubkey *pk,
				const void *data, size_t len)
{
	if (!s->prehashed)
		return check_message(s, pk, data, len);
	unsigned char hash[SIGN_HASH_LEN];
	struct sign_hash *h = sign_hash_new();
	sign_hash_update(h, data, len);
	sign_hash_final(h, hash);
	return check_message(s, pk, hash, sizeof(hash));
}

/* The BLAKE2b-512 of the regular file at path, read through a 64 KiB buffer up to the size it had. */
static int hash_file(unsigned char hash[SIGN_HASH_LEN], const char *path)
{
	int fd;
	struct stat st;
	int error = fsutil_open_regular(&fd, &st, path, 0);
	if (error)
		return error;
	struct sign_hash *h = sign_hash_new();
	char *buf = xmalloc(1u << 16);
	off_t left = st.st_size;
	while (!error && left > 0) {
		size_t want = left > (off_t)(1u << 16) ? (1u << 16) : (size_t)left;
		ssize_t r = read(fd, buf, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			error = clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", path);
		else if (r == 0)
			error = fsutil_changed_error(path, &st);
		else {
			sign_hash_update(h, buf, (size_t)r);
			left -= r;
		}
	}
	if (!error)
		error = fsutil_check_end(fd, &st, path);
	free(buf);
	close(fd);
	sign_hash_final(h, hash);
	return error;
}

int sign_check_file(enum sign_check *result, const struct sign_signature *s, const struct sign_pubkey *pk,
		    const char *path)
{
	int error;
	if (s->prehashed) {
		unsigned char hash[SIGN_HASH_LEN];
		if (!(error = hash_file(hash, path)))
			*result = check_message(s, pk, hash, sizeof(hash));
		return error;
	}
	int fd;
	struct stat st;
	struct strbuf sb = STRBUF_INIT;
	if ((error = fsutil_open_regular(&fd, &st, path, 0)))
		return error;
	if (st.st_size > (off_t)LEGACY_MAX_FILE)
		error = clerk_error_set(CLERK_EINVALID, "'%s' is larger than 1 GiB: a legacy 'Ed' signature "
							"over it is not checked", path);
	else {
		int r = strbuf_read_fd(&sb, fd, (size_t)st.st_size);
		if (r == STRBUF_READ_CHANGED)
			error = fsutil_changed_error(path, &st);
		else if (r)
			error = clerk_error_set_errno(CLERK_EIO, "cannot read '%s'", path);
	}
	close(fd);
	if (!error)
		*result = check_message(s, pk, sb.buf, sb.len);
	strbuf_release(&sb);
	return error;
}

/* ------------------------------------------------------------ packs */

/* The trusted comment of a pack's signatures: what is signed, and the night. */
static void pack_comment(struct strbuf *out, const char *what, const struct pack_manifest *m)
{
	const char *run = "";
	for (size_t i = 0; i < m->nheaders; i++)
		if (!strcmp(m->headers[i].key, "run"))
			run = m->headers[i].value;
	strbuf_addf(out, "clerk-pack file:%s\tdate:", what);
	date_append(out, m->date);
	strbuf_addf(out, "\trun:%s\tmanifest-sha256:%s", *run ? run : "none", m->sha256);
}

/* The pack's MANIFEST signed, added as its member PACK_SIGNATURE_NAME, unless it holds one by this key. */
static int sign_manifest(const char *path, const struct sign_seckey *sk, const struct sign_pubkey *pk)
{
	struct pack *p = NULL;
	const struct pack_manifest *m = NULL;
	struct strbuf man = STRBUF_INIT, sig = STRBUF_INIT, comment = STRBUF_INIT;
	struct sign_signature s = SIGN_SIGNATURE_INIT;
	char id[2 * SIGN_KEYID_LEN + 1];
	int error = pack_open(&p, path);
	if (!error)
		error = pack_manifest(&m, p);
	if (!error)
		error = pack_member_read(&man, p, PACK_MANIFEST_NAME, PACK_MAX_MANIFEST_SIZE);
	if (error)
		goto out;
	int has = pack_member_read(&sig, p, PACK_SIGNATURE_NAME, SIGN_MAX_FILE);
	if (!has) {
		/* signed already (an earlier attempt): it must be this key's, over this MANIFEST */
		if ((error = sign_signature_parse(&s, sig.buf, sig.len, PACK_SIGNATURE_NAME)))
			goto out;
		sign_keyid_hex(id, s.keyid);
		enum sign_check c = sign_check_data(&s, pk, man.buf, man.len);
		if (c == SIGN_OTHER_KEY)
			error = clerk_error_set(CLERK_EINVALID, "the pack '%s' is already signed by another key "
								"(key id %s)", path, id);
		else if (c == SIGN_INVALID)
			error = clerk_error_set(CLERK_EINVALID, "the pack '%s' holds a %s that does not match "
								"its MANIFEST", path, PACK_SIGNATURE_NAME);
		goto out;
	}
	if (has != CLERK_ENOTFOUND) {
		error = clerk_error_set(CLERK_EINVALID, "the pack '%s' holds a damaged %s", path,
					PACK_SIGNATURE_NAME);
		goto out;
	}
	pack_comment(&comment, PACK_MANIFEST_NAME, m);
	strbuf_reset(&sig);
	if (!(error = sign_data(&sig, sk, man.buf, man.len, comment.buf))) {
		pack_free(p); /* the file is replaced: read it afresh */
		p = NULL;
		error = pack_add_signature(path, sig.buf, sig.len);
	}
out:
	sign_signature_release(&s);
	strbuf_release(&man);
	strbuf_release(&sig);
	strbuf_release(&comment);
	pack_free(p);
	return error;
}

/* PATH.minisig over the pack's bytes, unless it is there and made by this key over them. */
static int sign_detached(const char *path, const struct sign_seckey *sk, const struct sign_pubkey *pk)
{
	struct strbuf sigpath = STRBUF_INIT, sig = STRBUF_INIT, comment = STRBUF_INIT;
	struct sign_signature s = SIGN_SIGNATURE_INIT;
	struct pack *p = NULL;
	const struct pack_manifest *m = NULL;
	enum sign_check c = SIGN_VALID;
	unsigned char hash[SIGN_HASH_LEN];
	strbuf_addf(&sigpath, "%s.minisig", path);
	int error = sign_signature_read(&s, sigpath.buf);
	if (!error) {
		if (!(error = sign_check_file(&c, &s, pk, path)) && c != SIGN_VALID)
			error = clerk_error_set(CLERK_EINVALID, "'%s' is there but is not this key's signature of "
								"the pack; it is left as it is", sigpath.buf);
		goto out;
	}
	if (error != CLERK_ENOTFOUND)
		goto out;
	clerk_error_clear();
	const char *base = strrchr(path, '/');
	if (!(error = pack_open(&p, path)) && !(error = pack_manifest(&m, p)))
		pack_comment(&comment, base ? base + 1 : path, m);
	if (!error)
		error = hash_file(hash, path);
	if (!error)
		error = sign_hashed(&sig, sk, hash, comment.buf);
	if (!error)
		error = fsutil_write_atomic(sigpath.buf, sig.buf, sig.len, 0600, "pack-minisig");
out:
	pack_free(p);
	sign_signature_release(&s);
	strbuf_release(&sigpath);
	strbuf_release(&sig);
	strbuf_release(&comment);
	return error;
}

/* Removes what a killed signing left beside the pack: Clerk's own temporaries of PACK.zip and PACK.zip.minisig. */
static int remove_temporaries(const char *path)
{
	struct strbuf dir = STRBUF_INIT, sig = STRBUF_INIT;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	strbuf_addf(&sig, "%s.minisig", base);
	const char *bases[] = { base, sig.buf };
	fsutil_dirname(&dir, path);
	int error = fsutil_remove_temporaries(dir.buf, bases, 2);
	strbuf_release(&dir);
	strbuf_release(&sig);
	return error;
}

int sign_pack(const char *path, const char *key_path)
{
	struct sign_seckey sk;
	struct sign_pubkey pk;
	int error = sign_seckey_read(&sk, key_path);
	if (error)
		return error;
	sign_seckey_public(&pk, &sk);
	if (!(error = remove_temporaries(path)) && !(error = sign_manifest(path, &sk, &pk)))
		error = sign_detached(path, &sk, &pk);
	OPENSSL_cleanse(&sk, sizeof(sk));
	return error;
}

int sign_seckey_check(const char *key_path)
{
	struct sign_seckey sk;
	int error = sign_seckey_read(&sk, key_path);
	OPENSSL_cleanse(&sk, sizeof(sk));
	return error;
}

/* The finding for a signature s that was checked as c (or could not be read: error). */
static void signature_finding(struct pack_verification *out, const char *what, const char *missing,
			      int error, const struct sign_signature *s, enum sign_check c,
			      const struct sign_pubkey *pk)
{
	char id[2 * SIGN_KEYID_LEN + 1], want[2 * SIGN_KEYID_LEN + 1];
	sign_keyid_hex(want, pk->keyid);
	if (error == CLERK_ENOTFOUND)
		pack_finding_add(out, PACK_FINDING_UNSIGNED, what, "missing: %s", missing);
	else if (error)
		pack_finding_add(out, PACK_FINDING_BAD_SIGNATURE, what, "bad signature: %s",
				 clerk_error_last()->message);
	else if (c == SIGN_OTHER_KEY) {
		sign_keyid_hex(id, s->keyid);
		pack_finding_add(out, PACK_FINDING_OTHER_KEY, what,
				 "signed by another key: key id %s, the public key given is %s", id, want);
	} else if (c == SIGN_INVALID)
		pack_finding_add(out, PACK_FINDING_BAD_SIGNATURE, what,
				 "bad signature: it does not match the signed bytes (they, or the signature, "
				 "were changed)");
}

/* The MANIFEST's signature, inside the pack p. */
static void verify_manifest_signature(struct pack_verification *out, struct pack *p,
				      const struct sign_pubkey *pk)
{
	struct strbuf man = STRBUF_INIT, sig = STRBUF_INIT;
	struct sign_signature s = SIGN_SIGNATURE_INIT;
	enum sign_check c = SIGN_VALID;
	int e = pack_member_read(&sig, p, PACK_SIGNATURE_NAME, SIGN_MAX_FILE);
	if (e == CLERK_EINVALID)
		clerk_error_set(CLERK_EINVALID, "its data is damaged or it is larger than %u bytes",
				SIGN_MAX_FILE);
	if (!e)
		e = sign_signature_parse(&s, sig.buf, sig.len, PACK_SIGNATURE_NAME);
	/* without a readable MANIFEST there is nothing to check it on: pack_verify() says why */
	if (!e && !pack_member_read(&man, p, PACK_MANIFEST_NAME, PACK_MAX_MANIFEST_SIZE))
		c = sign_check_data(&s, pk, man.buf, man.len);
	else if (!e)
		c = SIGN_VALID;
	signature_finding(out, PACK_SIGNATURE_NAME, "the pack holds no signature of its MANIFEST", e, &s,
			  c, pk);
	sign_signature_release(&s);
	strbuf_release(&man);
	strbuf_release(&sig);
}

int sign_verify_pack(struct pack_verification *out, const char *path, const struct sign_pubkey *pk)
{
	struct pack *p = NULL;
	struct strbuf sigpath = STRBUF_INIT;
	struct sign_signature s = SIGN_SIGNATURE_INIT;
	enum sign_check c = SIGN_VALID;
	int error = pack_open(&p, path);
	if (error == CLERK_EPARSE)
		error = 0; /* not a zip: pack_verify_file() says so; the detached signature is still checked */
	else if (!error)
		verify_manifest_signature(out, p, pk);
	pack_free(p);
	if (error)
		goto out;
	/* the detached signature of the whole file */
	strbuf_addf(&sigpath, "%s.minisig", path);
	int e = sign_signature_read(&s, sigpath.buf);
	if (!e && (e = sign_check_file(&c, &s, pk, path))) {
		error = e;
		goto out;
	}
	if (e == CLERK_EIO) {
		error = e; /* cannot be read (or not a regular file): exit 3 */
		goto out;
	}
	const char *base = strrchr(sigpath.buf, '/');
	signature_finding(out, base ? base + 1 : sigpath.buf, "there is no signature file beside the pack",
			  e, &s, c, pk);
out:
	if (!error)
		clerk_error_clear();
	sign_signature_release(&s);
	strbuf_release(&sigpath);
	return error;
}
