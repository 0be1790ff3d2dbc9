/*
 * sign.h - Ed25519 signatures in minisign's formats (formats/sign.md):
 * key files, signature files (".minisig") with a trusted comment and a
 * global signature, made and checked through OpenSSL's libcrypto (an
 * adapter: no OpenSSL type appears here). Signatures are made with the
 * prehashed algorithm "ED" (Ed25519 over the BLAKE2b-512 of the data, as
 * minisign 0.10+ makes them by default); both "ED" and the legacy "Ed"
 * (Ed25519 over the data itself) are checked.
 *
 * Secret keys are read and written unencrypted (kdf "\0\0", as `minisign -G
 * -W` writes them); an encrypted one is refused with a message that says
 * how to remove the password. Nothing here prints.
 */
#ifndef CLERK_SIGN_H
#define CLERK_SIGN_H

#include "compat.h"
#include "util/strbuf.h"

#define SIGN_KEYID_LEN 8
#define SIGN_PK_LEN 32
#define SIGN_SK_LEN 64 /* the seed (32 bytes), then the public key (32 bytes) */
#define SIGN_SIG_LEN 64
#define SIGN_HASH_LEN 64 /* BLAKE2b-512 */
/* Key and signature files larger than this are refused as malformed. */
#define SIGN_MAX_FILE (16u * 1024)
/* Bytes in a trusted comment (minisign's limit less its prefix and NUL). */
#define SIGN_MAX_TRUSTED_COMMENT 8000

struct sign_pubkey {
	unsigned char keyid[SIGN_KEYID_LEN];
	unsigned char pk[SIGN_PK_LEN];
};

struct sign_seckey {
	unsigned char keyid[SIGN_KEYID_LEN];
	unsigned char sk[SIGN_SK_LEN];
};

/** A parsed signature file; trusted_comment is owned (sign_signature_release()). */
struct sign_signature {
	bool prehashed; /* "ED" (true) or legacy "Ed" */
	unsigned char keyid[SIGN_KEYID_LEN];
	unsigned char sig[SIGN_SIG_LEN];
	char *trusted_comment; /* without "trusted comment: " */
	unsigned char global_sig[SIGN_SIG_LEN];
};

#define SIGN_SIGNATURE_INIT { false, { 0 }, { 0 }, NULL, { 0 } }

/** The key id as minisign shows it: 16 uppercase hex digits (little-endian number) plus NUL. */
void sign_keyid_hex(char out[static 2 * SIGN_KEYID_LEN + 1], const unsigned char keyid[SIGN_KEYID_LEN]);

/* ------------------------------------------------------------ keys */

/** Makes a new key pair from the system's random source. Returns 0 or CLERK_ERROR. */
int sign_keygen(struct sign_seckey *sk) WARN_UNUSED;
/** The public key of a secret key. */
void sign_seckey_public(struct sign_pubkey *pk, const struct sign_seckey *sk);
/** Appends the text of a public key file ("untrusted comment: minisign public key ID", base64). */
void sign_pubkey_text(struct strbuf *out, const struct sign_pubkey *pk);
/** Appends the text of an unencrypted secret key file (minisign's layout, kdf none). */
void sign_seckey_text(struct strbuf *out, const struct sign_seckey *sk);

/**
 * Parses a public key file's text (name is for messages). Returns 0 or
 * CLERK_EPARSE ("'NAME' is not a minisign public key: WHY").
 */
int sign_pubkey_parse(struct sign_pubkey *pk, const char *text, size_t len, const char *name) WARN_UNUSED;
/**
 * Parses a secret key file's text: an unencrypted minisign secret key whose
 * public half matches its seed. Returns 0 or CLERK_EPARSE (not a key,
 * damaged) or CLERK_EINVALID (encrypted with a password).
 */
int sign_seckey_parse(struct sign_seckey *sk, const char *text, size_t len, const char *name) WARN_UNUSED;
/** Reads and parses a key file (a regular file of at most SIGN_MAX_FILE bytes); errors as above or of fsutil_read_file(). */
int sign_pubkey_read(struct sign_pubkey *pk, const char *path) WARN_UNUSED;
int sign_seckey_read(struct sign_seckey *sk, const char *path) WARN_UNUSED;

/* ------------------------------------------------------------ signing */

/** Incremental BLAKE2b-512, the prehash of "ED" signatures. */
struct sign_hash; /* opaque */
struct sign_hash *sign_hash_new(void);
void sign_hash_update(struct sign_hash *h, const void *data, size_t len);
/** Writes the digest and frees h. */
void sign_hash_final(struct sign_hash *h, unsigned char out[SIGN_HASH_LEN]);

/**
 * Appends a signature file for the data whose BLAKE2b-512 is hash ("ED"),
 * with the untrusted comment "signature from clerk secret key" and the
 * given trusted comment (one line: no control character, at most
 * SIGN_MAX_TRUSTED_COMMENT bytes). Ed25519 is deterministic: the same key,
 * data and comment give the same bytes. Returns 0 or CLERK_EINVALID (bad
 * comment).
 */
int sign_hashed(struct strbuf *out, const struct sign_seckey *sk, const unsigned char hash[SIGN_HASH_LEN],
		const char *trusted_comment) WARN_UNUSED;
/** Like sign_hashed() over data[0..len). */
int sign_data(struct strbuf *out, const struct sign_seckey *sk, const void *data, size_t len,
	      const char *trusted_comment) WARN_UNUSED;

/* ------------------------------------------------------------ checking */

/**
 * Parses a signature file (4 lines: untrusted comment, signature, trusted
 * comment, global signature; LF or CRLF). Returns 0 or CLERK_EPARSE
 * ("'NAME' is not a minisign signature: WHY").
 */
int sign_signature_parse(struct sign_signature *s, const char *text, size_t len, const char *name) WARN_UNUSED;
void sign_signature_release(struct sign_signature *s);
/** Reads and parses a signature file; CLERK_ENOTFOUND when it is not there. */
int sign_signature_read(struct sign_signature *s, const char *path) WARN_UNUSED;

enum sign_check {
	SIGN_VALID = 0,  /* made by pk over these bytes, trusted comment included */
	SIGN_OTHER_KEY,  /* made by another key (its key id differs) */
	SIGN_INVALID,    /* the key id is pk's, but the signature does not match the bytes or the comment */
};

/** Checks s over data[0..len) with pk. */
enum sign_check sign_check_data(const struct sign_signature *s, const struct sign_pubkey *pk,
				const void *data, size_t len);
/**
 * Checks s over the regular file at path (streamed for "ED"; read whole,
 * at most 1 GiB, for the legacy "Ed"). Returns 0 with *result, or an error
 * of reading the file.
 */
int sign_check_file(enum sign_check *result, const struct sign_signature *s, const struct sign_pubkey *pk,
		    const char *path) WARN_UNUSED;

/* ------------------------------------------------------------ packs */

struct pack_verification;

/**
 * Signs the audit pack at path with the secret key file key_path: its
 * MANIFEST (the member MANIFEST.minisig, added with pack_add_signature())
 * and the whole file (PATH.minisig beside it, mode 0600), both "ED" with
 * the trusted comment "clerk-pack file:NAME<TAB>date:DATE<TAB>run:RUN<TAB>
 * manifest-sha256:HEX". What is already there is kept when it is this
 * key's valid signature (a rerun signs what is missing); a signature by
 * another key, or one that does not match, is an error (CLERK_EINVALID)
 * and is left as it is. Clerk's own temporaries of PACK.zip and
 * PACK.zip.minisig that a killed signing left beside them are removed first. Returns 0 or an error of reading the key or the
 * pack, or of writing.
 */
int sign_pack(const char *path, const char *key_path) WARN_UNUSED;
/** Reads the secret key file (as sign_pack() would) and forgets it: 0 or its error. */
int sign_seckey_check(const char *key_path) WARN_UNUSED;

/**
 * Checks both signatures of the pack at path with pk, appending findings
 * to out: PACK_FINDING_UNSIGNED (MANIFEST.minisig or PATH.minisig is not
 * there), PACK_FINDING_OTHER_KEY (made by another key),
 * PACK_FINDING_BAD_SIGNATURE (malformed, damaged, or not matching the
 * bytes). The member is named "MANIFEST.minisig" or "NAME.zip.minisig".
 * A file that is not a zip archive gets no finding here (pack_verify_file()
 * reports it). Returns 0, or an error when the pack or its signature file
 * cannot be read (CLERK_EIO).
 */
int sign_verify_pack(struct pack_verification *out, const char *path, const struct sign_pubkey *pk) WARN_UNUSED;

#endif
