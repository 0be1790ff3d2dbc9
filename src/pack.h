/*
 * pack.h - audit packs: deterministic, chained zip archives with a
 * MANIFEST of SHA-256 digests (formats/pack.md).
 *
 * Writing: a builder collects members (name + bytes, copied), the run date,
 * the SHA-256 of the previous pack's MANIFEST (or none) and extra manifest
 * header lines, and writes a zip whose bytes depend only on those: the
 * MANIFEST is member 0, the other members follow sorted by name (bytewise),
 * every member is deflated at level 6, dated 00:00:00 of the run date (DOS
 * time, no time zone), marked as a Unix regular file with mode 0600, with no
 * comments and no extra fields. The file is written atomically with mode
 * 0600, streamed into a temporary file beside it (pack_builder_write()).
 *
 * Reading: pack_open() reads a pack from its file as needed (never whole:
 * members are streamed through a small buffer, so a pack or a member of
 * any size is read and verified in bounded memory); pack_open_buffer()
 * reads one held in memory. pack_verify() checks a pack (and its link to
 * the previous one) and returns every problem found as a list of
 * findings; it never prints. Reading a member never asks the archive for
 * more than one byte past the limit the caller (or the MANIFEST) sets.
 *
 * No libzip type appears here (pack.c is the adapter).
 */
#ifndef CLERK_PACK_H
#define CLERK_PACK_H

#include "compat.h"
#include "date.h"
#include "sha256.h"
#include "util/strbuf.h"
#include "util/vec.h"

/* The name of the manifest member; no other member may have it. */
#define PACK_MANIFEST_NAME "MANIFEST"
/* The member holding the minisign signature of the MANIFEST (formats/sign.md); not listed in it. */
#define PACK_SIGNATURE_NAME "MANIFEST.minisig"
/* The `clerk-pack:` version written and the only one read. */
#define PACK_FORMAT_VERSION 1
/* Limits: bytes in a member name, bytes in a header value, members. */
#define PACK_MAX_NAME 255
#define PACK_MAX_HEADER_KEY 64
#define PACK_MAX_HEADER_VALUE 1000
#define PACK_MAX_MEMBERS 60000
/* A MANIFEST bigger than this is refused as malformed when reading. */
#define PACK_MAX_MANIFEST_SIZE (64u * 1024 * 1024)

/* ------------------------------------------------------------------ */
/* names */

/**
 * Checks a member name: 1 to PACK_MAX_NAME bytes of valid UTF-8, relative
 * ('/' separates non-empty parts, none of them "." or ".."; no leading or
 * trailing '/'), no backslash, no control character (U+0000-U+001F,
 * U+007F-U+009F). Returns NULL when it is fine, else a static message
 * saying what is wrong ("contains a backslash").
 */
const char *pack_name_problem(const char *name, size_t len);

/* ------------------------------------------------------------------ */
/* writing */

struct pack_builder; /* opaque */

/**
 * Starts a pack for the run date `date` (1980-01-01 to 2107-12-31, the range
 * of zip's DOS dates). Returns 0 and a builder in *out that the caller frees
 * with pack_builder_free(), or CLERK_EINVALID (date out of range, *out NULL).
 */
int pack_builder_new(struct pack_builder **out, clerk_date date) WARN_UNUSED;
/** Frees the builder and the copies it holds; pack_builder_free(NULL) does nothing. */
void pack_builder_free(struct pack_builder *b);

/**
 * Sets the chain link: the SHA-256 (64 lowercase hex digits) of the
 * previous pack's MANIFEST member, or NULL for `previous: none` (the
 * default). Returns 0 or CLERK_EINVALID when hex is not 64 lowercase hex
 * digits.
 */
int pack_builder_set_previous(struct pack_builder *b, const char *hex) WARN_UNUSED;

/**
 * Adds the manifest header line "key: value" (both copied). Keys are 1 to
 * PACK_MAX_HEADER_KEY bytes of [a-z0-9-] starting with a letter, other than
 * the reserved "clerk-pack", "date" and "previous"; values are 1 to
 * PACK_MAX_HEADER_VALUE bytes of UTF-8 without control characters and
 * without a leading or trailing space. Headers are written sorted by key,
 * whatever the order they were added in. Returns 0, CLERK_EINVALID (bad key
 * or value) or CLERK_EEXISTS (key already added).
 */
int pack_builder_add_header(struct pack_builder *b, const char *key, const char *value) WARN_UNUSED;

/**
 * Adds a member: name (NUL-terminated, see pack_name_problem()) with the
 * bytes data[0..len), both copied. Returns 0, CLERK_EINVALID (bad name, the
 * reserved names MANIFEST and MANIFEST.minisig, a name that is a folder of another member or the
 * other way round, e.g. "a" and "a/b", or more than PACK_MAX_MEMBERS) or
 * CLERK_EEXISTS (a member of that name was already added).
 */
int pack_builder_add(struct pack_builder *b, const char *name, const void *data,
		     size_t len) WARN_UNUSED;

/** Like pack_builder_add(), taking the bytes of sb (left empty) instead of copying them. */
struct strbuf;
int pack_builder_add_strbuf(struct pack_builder *b, const char *name, struct strbuf *sb) WARN_UNUSED;

/**
 * Adds a member whose bytes are the regular file at path (never through a
 * symbolic link), streamed when the pack is built, not held in memory. The
 * caller gives its size and lowercase hex SHA-256 (as it read them): the
 * MANIFEST lists them, and building fails (CLERK_EIO, naming the file) when
 * the file no longer has them. Errors as pack_builder_add().
 */
int pack_builder_add_file(struct pack_builder *b, const char *name, const char *path,
			  uint64_t size, const char *sha256) WARN_UNUSED;

/**
 * Builds the zip in memory: on success returns 0 with the archive in *out
 * (caller frees with free()), its length in *out_len and the SHA-256 of
 * the MANIFEST member written into manifest_sha256 (the `previous:` value
 * of the next pack). Returns CLERK_EINVALID when the archive would need
 * zip64 (4 GiB or more), -1 when libzip fails (*out NULL).
 */
int pack_builder_build(char **out, size_t *out_len, char manifest_sha256[static SHA256_HEX_LEN + 1],
		       const struct pack_builder *b) WARN_UNUSED;

/**
 * Writes the zip to path atomically, as it is produced: libzip deflates
 * each member in turn (from its bytes, or streamed from its file) straight
 * into a temporary file beside path (".NAME.tmp.PID", the pattern `clerk
 * run` cleans), so the archive is never held in memory; then the members'
 * times are set in place, the file is synced, renamed onto path and the
 * folder synced. Mode 0600; never through a symbolic link. The bytes are
 * those pack_builder_build() gives. Crash points "pack:write" (each write
 * of the archive), "pack:before-rename" and "pack:after-rename"; a failed
 * write (CLERK_FAULT=write:enospc too) is CLERK_EIO naming the temporary,
 * which is removed. Writes the MANIFEST's SHA-256 into manifest_sha256.
 * Returns 0, CLERK_EIO (path unchanged) or an error of
 * pack_builder_build().
 */
int pack_builder_write(char manifest_sha256[static SHA256_HEX_LEN + 1],
		       const struct pack_builder *b, const char *path) WARN_UNUSED;

/**
 * Adds the member PACK_SIGNATURE_NAME = data[0..len) to the pack file at
 * path, as its last member, with the same date, compression and
 * attributes as the others; the other members' compressed bytes are
 * copied as they are, read from the file as they are copied (the pack is
 * never held in memory). The file is replaced atomically like
 * pack_builder_write() (mode 0600, crash points "pack:write",
 * "pack-sign:before-rename" and "pack-sign:after-rename"). Returns 0,
 * CLERK_EEXISTS (the pack already holds one), an error of reading the
 * pack (its MANIFEST must be readable), CLERK_EIO.
 */
int pack_add_signature(const char *path, const void *data, size_t len) WARN_UNUSED;

/* ------------------------------------------------------------------ */
/* reading */

struct pack; /* opaque: a pack loaded into memory */

/** A caller-given manifest header line. */
struct pack_header {
	const char *key;
	const char *value;
};

/** A manifest line: a member's digest, size and name. */
struct pack_entry {
	const char *name;
	uint64_t size;
	char sha256[SHA256_HEX_LEN + 1];
};

/** A parsed MANIFEST. Everything is borrowed from the pack. */
struct pack_manifest {
	unsigned version;                        /* `clerk-pack:`, always PACK_FORMAT_VERSION */
	clerk_date date;                         /* `date:` */
	bool has_previous;                       /* false for `previous: none` */
	char previous[SHA256_HEX_LEN + 1];       /* "" when !has_previous */
	char sha256[SHA256_HEX_LEN + 1];         /* of the MANIFEST member's bytes */
	const struct pack_header *headers;       /* sorted by key */
	size_t nheaders;
	const struct pack_entry *entries;        /* sorted by name */
	size_t nentries;
};

/**
 * Opens the pack at path, which the handle keeps open and reads from as
 * needed (the directory and the members' bytes, never the whole file at
 * once). `path` is also the pack's display name. Only a regular file is
 * opened, without ever blocking (fsutil_open_regular()). Returns 0 and a
 * handle in *out (caller frees with pack_free()), CLERK_ENOTFOUND (no such
 * file), CLERK_EIO (cannot be read, or not a regular file: a folder, a
 * FIFO, a device...) or CLERK_EPARSE (not a zip archive, or one libzip
 * cannot read); on failure *out is NULL and the message names the file.
 */
int pack_open(struct pack **out, const char *path) WARN_UNUSED;
/** Like pack_open() for the bytes data[0..len) (copied), shown as `name`. */
int pack_open_buffer(struct pack **out, const void *data, size_t len, const char *name) WARN_UNUSED;
/** Frees the pack; pack_free(NULL) does nothing. */
void pack_free(struct pack *p);

/** The display name given to pack_open()/pack_open_buffer() (borrowed). */
const char *pack_path(const struct pack *p);

/**
 * The members as stored in the archive, in archive order, the MANIFEST
 * included; names are borrowed from the pack, sizes are the uncompressed
 * sizes the archive claims.
 */
size_t pack_member_count(const struct pack *p);
const char *pack_member_name(const struct pack *p, size_t i);
uint64_t pack_member_size(const struct pack *p, size_t i);

/**
 * Appends the bytes of the member `name` to out, asking the archive for no
 * more than max + 1 of them. Returns 0, CLERK_ENOTFOUND (no such member),
 * or CLERK_EINVALID (the member is bigger than max bytes, or its data is
 * damaged: a CRC mismatch or bad compressed data); on failure out is
 * unchanged.
 */
int pack_member_read(struct strbuf *out, struct pack *p, const char *name, size_t max) WARN_UNUSED;

/**
 * Compares the bytes of the member `name` with data[0..len) as they are
 * read (bounded memory, no more than len + 1 bytes asked of the archive;
 * none when the archive's own size for the member is not len). Sets *same,
 * and *size (when not NULL) to the member's uncompressed size as the
 * archive claims it. Returns 0, CLERK_ENOTFOUND (no such member: *same is
 * false) or CLERK_EINVALID (its data is damaged); a member that is there
 * but differs is 0 with *same false, never CLERK_ENOTFOUND.
 */
int pack_member_compare(bool *same, uint64_t *size, struct pack *p, const char *name,
			const void *data, size_t len) WARN_UNUSED;

/**
 * Reads and parses the MANIFEST (once; later calls return the same
 * result). Returns 0 with *out borrowed from the pack, CLERK_ENOTFOUND
 * (no MANIFEST member), CLERK_EINVALID (its data is damaged) or
 * CLERK_EPARSE (malformed: the message names the line and the problem);
 * *out is NULL on failure.
 */
int pack_manifest(const struct pack_manifest **out, struct pack *p) WARN_UNUSED;

/* ------------------------------------------------------------------ */
/* verifying */

enum pack_finding_kind {
	PACK_FINDING_NOT_ZIP = 1,  /* the file is not a zip archive libzip can read */
	PACK_FINDING_NO_MANIFEST,  /* there is no MANIFEST member */
	PACK_FINDING_BAD_MANIFEST, /* the MANIFEST is malformed or its data is damaged */
	PACK_FINDING_BAD_NAME,     /* a member name that is not allowed, or that appears twice */
	PACK_FINDING_MISSING,      /* listed in the MANIFEST, not in the archive */
	PACK_FINDING_UNLISTED,     /* in the archive, not listed in the MANIFEST */
	PACK_FINDING_ALTERED,      /* size or SHA-256 differs from the MANIFEST, or data damaged */
	PACK_FINDING_CHAIN,        /* `previous:` is not the previous pack's MANIFEST SHA-256 */
	PACK_FINDING_CHAIN_DATE,   /* the previous pack is dated after this one */
	PACK_FINDING_BAD_PREVIOUS, /* the previous pack is not a zip or has no readable MANIFEST */
	PACK_FINDING_UNSIGNED,     /* sign_verify_pack(): a signature is missing */
	PACK_FINDING_OTHER_KEY,    /* sign_verify_pack(): signed by another key */
	PACK_FINDING_BAD_SIGNATURE, /* sign_verify_pack(): malformed, or does not match the bytes */
};

/** One problem. */
struct pack_finding {
	enum pack_finding_kind kind;
	char *member;  /* the member concerned (owned), or NULL when about the whole pack */
	char *message; /* lowercase sentence without a final period (owned) */
};

/** The outcome of a verification: ok when findings.n == 0. */
struct pack_verification {
	VEC(struct pack_finding) findings; /* in the order found: pack, manifest, members by name, chain */
	size_t members;                    /* entries listed in the MANIFEST (0 when unreadable) */
	char manifest_sha256[SHA256_HEX_LEN + 1]; /* of the MANIFEST member; "" when unreadable */
};

#define PACK_VERIFICATION_INIT { VEC_INIT, 0, "" }

/** Appends a finding (member may be NULL; it is shown escaped) with a printf-like message. */
void pack_finding_add(struct pack_verification *v, enum pack_finding_kind kind, const char *member,
		      const char *fmt, ...) PRINTF_LIKE(4, 5);

/** Frees the findings and re-initialises v. */
void pack_verification_release(struct pack_verification *v);

/**
 * Verifies p, appending findings to out: the MANIFEST is present and well
 * formed; every member name is allowed and unique; every entry of the
 * MANIFEST is in the archive with the listed size and SHA-256 (damaged
 * data counts as altered); every member is listed. With previous (may be
 * NULL): its MANIFEST's SHA-256 equals this pack's `previous:` value and
 * its date is not after this pack's date. Returns 0 (the findings say
 * whether the pack holds); it does not fail on bad data.
 */
int pack_verify(struct pack_verification *out, struct pack *p, struct pack *previous) WARN_UNUSED;

/**
 * pack_open() + pack_verify() on files; previous_path may be NULL. A file
 * that is not a zip archive becomes a finding (PACK_FINDING_NOT_ZIP for
 * path, PACK_FINDING_BAD_PREVIOUS for previous_path). Returns 0, or
 * CLERK_ENOTFOUND / CLERK_EIO when either file cannot be read (the message
 * names it).
 */
int pack_verify_file(struct pack_verification *out, const char *path,
		     const char *previous_path) WARN_UNUSED;

#endif
