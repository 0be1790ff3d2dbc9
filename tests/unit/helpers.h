/*
 * helpers.h - shared helpers for the Criterion unit tests.
 *
 * Include this first in every tests/unit/test_*.c: it pulls in compat.h
 * (config.h and the feature macros) before any system header.
 *
 * Criterion runs each test in a forked worker and does not fail a test that
 * leaks, so every test body ends with ASSERT_NO_LEAKS(): under
 * AddressSanitizer it runs LeakSanitizer on the spot and fails the test when
 * anything is unreachable; without ASan it does nothing.
 *
 * ParameterizedTest parameters are copied into a freshly started worker
 * process, so a parameter struct must hold its strings in arrays, not as
 * pointers to literals (those point nowhere in the worker).
 */
#ifndef CLERK_TEST_HELPERS_H
#define CLERK_TEST_HELPERS_H

#include "compat.h"

#include <criterion/criterion.h>
#include <ftw.h>

#include "decimal.h"
#include "diag.h"
#include "error.h"
#include "journal.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#if defined(__SANITIZE_ADDRESS__)
#define CLERK_TEST_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CLERK_TEST_LSAN 1
#endif
#endif

#ifdef CLERK_TEST_LSAN
#include <sanitizer/lsan_interface.h>
#define ASSERT_NO_LEAKS()                                                                  \
	cr_assert_eq(__lsan_do_recoverable_leak_check(), 0,                                \
		     "memory leaked (see the LeakSanitizer report on stderr)")
#else
#define ASSERT_NO_LEAKS() ((void)0)
#endif

/* Name given to buffers loaded by load_str(); diagnostics carry it. */
#define TEST_JOURNAL_NAME "test.journal"

/**
 * Loads text into a new journal (named TEST_JOURNAL_NAME) and, when it
 * parsed without errors, runs journal_check() with opts (NULL: defaults),
 * as `clerk check` does. Errors go to d. The caller frees the result with
 * journal_free().
 */
static inline struct journal *load_str_opts(const char *text,
					    const struct journal_check_options *opts,
					    struct diag *d)
{
	struct journal *j = journal_new();
	int rc = journal_load_buffer(j, TEST_JOURNAL_NAME, text, strlen(text), NULL, d);
	if (rc == 0)
		rc = journal_check(j, opts, d);
	(void)rc; /* the errors are in d */
	return j;
}

/** load_str_opts() with the default check options. */
static inline struct journal *load_str(const char *text, struct diag *d)
{
	return load_str_opts(text, NULL, d);
}

/** Returns all diagnostics formatted as `clerk` prints them (caller frees). */
static inline char *diag_to_str(const struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	diag_format(&sb, d);
	return strbuf_detach(&sb, NULL);
}

/**
 * Returns the first diagnostic whose message contains `needle`, or NULL.
 * Borrowed from d.
 */
static inline const struct diag_item *diag_find(const struct diag *d, const char *needle)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->items[i].message, needle))
			return &d->items[i];
	return NULL;
}

/**
 * Returns a's value in plain form with all its stored fractional digits
 * ("-1.50" for -150 at scale 2) (caller frees).
 */
static inline char *dec_to_str(const struct dec *a)
{
	struct strbuf sb = STRBUF_INIT;
	dec_format(&sb, a, a->scale, '.', 0);
	return strbuf_detach(&sb, NULL);
}

/**
 * Sets out from a test literal "[-]DIGITS[.DIGITS]"; the scale is the number
 * of digits after the point. Fails the test when the literal is malformed.
 */
static inline void set_dec(struct dec *out, const char *s)
{
	char digits[128];
	size_t n = 0;
	int32_t scale = 0;
	bool neg = *s == '-', frac = false;
	for (s += neg; *s; s++) {
		if (*s == '.' && !frac) {
			frac = true;
			continue;
		}
		cr_assert_lt(n, sizeof(digits), "test literal too long");
		digits[n++] = *s;
		scale += frac;
	}
	cr_assert_eq(dec_from_digits(out, digits, n, scale, neg), 0, "bad test literal");
}

/** Asserts that a prints as `want` with all stored digits (see dec_to_str). */
#define assert_dec(a, want)                                                                \
	do {                                                                               \
		char *assert_dec_s_ = dec_to_str(a);                                       \
		cr_assert_str_eq(assert_dec_s_, (want), "value is %s, expected %s",        \
				 assert_dec_s_, (want));                                   \
		free(assert_dec_s_);                                                       \
	} while (0)

/*
 * Marks a test that documents a known bug in src/ (see the report in the
 * test's description): it is skipped unless CLERK_TEST_KNOWN_BUGS is set in
 * the environment, and then runs and fails until the bug is fixed.
 */
#define KNOWN_BUG(why)                                                                     \
	do {                                                                               \
		if (!getenv("CLERK_TEST_KNOWN_BUGS"))                                      \
			cr_skip_test("known bug in src/ (set CLERK_TEST_KNOWN_BUGS=1 to run): %s", \
				     (why));                                               \
	} while (0)

/*
 * Asserts that d holds no diagnostics, printing them when it does.
 */
#define assert_no_diag(d)                                                                  \
	do {                                                                               \
		char *assert_no_diag_s_ = diag_to_str(d);                                  \
		bool assert_no_diag_ok_ = (d)->n == 0;                                     \
		if (!assert_no_diag_ok_)                                                   \
			cr_log_error("unexpected diagnostics:\n%s", assert_no_diag_s_);    \
		free(assert_no_diag_s_);                                                   \
		cr_assert(assert_no_diag_ok_, "expected no diagnostics");                  \
	} while (0)

/*
 * Asserts that the diagnostic with a message containing `needle` exists and
 * sits at line:col (col 0: any column).
 */
#define assert_diag_at(d, needle, ln, cl)                                                  \
	do {                                                                               \
		const struct diag_item *assert_diag_it_ = diag_find((d), (needle));        \
		if (!assert_diag_it_) {                                                    \
			char *assert_diag_s_ = diag_to_str(d);                             \
			cr_log_error("diagnostics:\n%s", assert_diag_s_);                  \
			free(assert_diag_s_);                                              \
		}                                                                          \
		cr_assert_not_null(assert_diag_it_, "no diagnostic contains \"%s\"", (needle)); \
		cr_assert_eq(assert_diag_it_->line, (uint32_t)(ln),                        \
			     "\"%s\": line %u, expected %u", (needle),                     \
			     (unsigned)assert_diag_it_->line, (unsigned)(ln));             \
		if ((cl) != 0)                                                             \
			cr_assert_eq(assert_diag_it_->col, (uint32_t)(cl),                 \
				     "\"%s\": column %u, expected %u", (needle),           \
				     (unsigned)assert_diag_it_->col, (unsigned)(cl));      \
	} while (0)

/* ------------------------------------------------------------------ */
/* temporary directories */

/*
 * The current test's temporary directory, a fresh /tmp/clerk-unit-XXXXXX.
 * A test that needs one names the fixture:
 *
 *   Test(suite, name, TMPDIR_FIXTURE)
 *
 * Criterion runs .fini even when the test fails, so nothing is left behind.
 */
static char *tdir MAYBE_UNUSED;

#define TMPDIR_FIXTURE .init = tmpdir_setup, .fini = tmpdir_teardown

static inline void tmpdir_setup(void)
{
	char tmpl[] = "/tmp/clerk-unit-XXXXXX";
	const char *dir = mkdtemp(tmpl);
	cr_assert_not_null(dir, "mkdtemp: %s", strerror(errno));
	tdir = xstrdup(dir);
}

static inline int tmpdir_remove_one(const char *path, const struct stat *st, int type,
				    struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

/* Removes tdir and everything in it (symbolic links are removed, not followed). */
static inline void tmpdir_teardown(void)
{
	if (!tdir)
		return;
	if (nftw(tdir, tmpdir_remove_one, 16, FTW_DEPTH | FTW_PHYS))
		cr_log_warn("cannot remove %s: %s", tdir, strerror(errno));
	free(tdir);
	tdir = NULL;
}

/** Returns "<tdir>/rel" (caller frees). */
static inline char *tpath(const char *rel)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/%s", tdir, rel);
	return strbuf_detach(&sb, NULL);
}

/** Writes text to <tdir>/rel, creating the directories on the way. */
static inline void write_file(const char *rel, const char *text)
{
	char *path = tpath(rel);
	for (char *s = strchr(path + strlen(tdir) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		cr_assert(mkdir(path, 0700) == 0 || errno == EEXIST, "mkdir %s: %s", path,
			  strerror(errno));
		*s = '/';
	}
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "cannot create %s: %s", path, strerror(errno));
	size_t n = strlen(text);
	cr_assert_eq(fwrite(text, 1, n, f), n, "cannot write %s", path);
	cr_assert_eq(fclose(f), 0, "cannot write %s", path);
	free(path);
}

/** Returns the contents of path (caller frees), failing the test when unreadable. */
static inline char *read_file(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	cr_assert_eq(strbuf_read_file(&sb, path, 0), 0, "cannot read %s: %s", path,
		     strerror(errno));
	return strbuf_detach(&sb, NULL);
}

#endif
