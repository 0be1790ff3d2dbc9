/*
 * decimal.h - exact decimal numbers for money: value = coef * 10^-scale.
 *
 * The coefficient lives in an int64_t while it fits and moves to a GMP mpz
 * as soon as an operation would overflow, so results are always exact.
 * This is the one header (besides tests) that exposes GMP types.
 *
 * Nothing here rounds unless asked to with a named rounding mode; the
 * default mode, DEC_ROUND_NEVER, fails instead of discarding digits.
 *
 * Ownership: a struct dec owns its mpz. Pair dec_init() with dec_clear().
 * Output arguments come first and may alias inputs (GMP convention).
 */
#ifndef CLERK_DECIMAL_H
#define CLERK_DECIMAL_H

#include "compat.h"
#include <gmp.h>
#include "util/strbuf.h"

#define DEC_MAX_SCALE 30

struct dec {
	union {
		int64_t small; /* coefficient while it fits */
		mpz_ptr big;   /* heap coefficient when isbig */
	} u;
	int32_t scale; /* 0 .. DEC_MAX_SCALE */
	bool isbig;
};

#define DEC_INIT { { 0 }, 0, false }

enum dec_round {
	DEC_ROUND_NEVER,     /* fail with CLERK_EINVALID if digits would be lost */
	DEC_ROUND_HALF_EVEN, /* banker's rounding */
	DEC_ROUND_HALF_UP,   /* ties away from zero */
	DEC_ROUND_DOWN,      /* toward zero (truncate) */
};

static inline void dec_init(struct dec *d)
{
	d->u.small = 0;
	d->scale = 0;
	d->isbig = false;
}
void dec_clear(struct dec *d);
void dec_set(struct dec *out, const struct dec *a);
void dec_set_i64(struct dec *out, int64_t v, int32_t scale);
void dec_add(struct dec *out, const struct dec *a, const struct dec *b);
void dec_sub(struct dec *out, const struct dec *a, const struct dec *b);
void dec_neg(struct dec *out, const struct dec *a);
void dec_abs(struct dec *out, const struct dec *a);
/** out = a * b exactly (scales add; fails only if the scale exceeds the limit). */
int dec_mul(struct dec *out, const struct dec *a, const struct dec *b) WARN_UNUSED;
int dec_cmp(const struct dec *a, const struct dec *b);
int dec_sgn(const struct dec *a);
static inline bool dec_is_zero(const struct dec *a)
{
	return dec_sgn(a) == 0;
}
/** Removes trailing fractional zeros (1.500 -> 1.5). */
void dec_trim(struct dec *out, const struct dec *a);
/** Number of fractional digits actually needed (scale after trimming). */
int32_t dec_needed_scale(const struct dec *a);
/**
 * out = a expressed with exactly `scale` fractional digits. Adding digits is
 * exact; removing non-zero digits uses mode, and with DEC_ROUND_NEVER fails
 * with CLERK_EINVALID (out unchanged).
 */
int dec_rescale(struct dec *out, const struct dec *a, int32_t scale, enum dec_round mode) WARN_UNUSED;
/**
 * Sets out from a rational, rounded to `scale` digits with mode
 * (DEC_ROUND_NEVER fails when q is not exactly representable).
 */
int dec_set_mpq(struct dec *out, const mpq_t q, int32_t scale, enum dec_round mode) WARN_UNUSED;
void dec_get_mpq(mpq_t out, const struct dec *a);
/**
 * Sets out from ASCII digits (no sign, no marks): the value is
 * digits * 10^-scale, negated when neg. Returns 0, or CLERK_EPARSE on empty
 * input or a non-digit, or when scale is out of range.
 */
int dec_from_digits(struct dec *out, const char *digits, size_t n, int32_t scale, bool neg) WARN_UNUSED;

/* What dec_parse_xs() found wrong. */
enum dec_xs_error {
	DEC_XS_OK,
	DEC_XS_BAD,      /* not [+-]digits[.digits] (one part may be empty, not both) */
	DEC_XS_NEGATIVE, /* a '-' where it is not allowed */
	DEC_XS_DIGITS,   /* more than 64 significant digits */
	DEC_XS_SCALE,    /* more than DEC_MAX_SCALE decimals */
};
/**
 * Parses the xs:decimal s[0..n) of an XML document ([+]digits[.digits],
 * '-' too when allow_minus; no exponent, no blanks; leading zeros
 * ignored) into out. The readers of camt and e-invoices map the result to
 * their own messages.
 */
enum dec_xs_error dec_parse_xs(struct dec *out, const char *s, size_t n, bool allow_minus) WARN_UNUSED;
/**
 * Appends the value with at least min_scale fractional digits (more if the
 * value needs them: never rounds), using decimal mark `mark` and, when
 * group is not 0, `group` between thousands.
 */
void dec_format(struct strbuf *out, const struct dec *a, int32_t min_scale, char mark, char group);
/** Plain form: '.', no grouping, the digits the value needs (at least min_scale). */
void dec_format_plain(struct strbuf *out, const struct dec *a, int32_t min_scale);

#endif
