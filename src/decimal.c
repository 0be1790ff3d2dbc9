#include "compat.h"
#include "decimal.h"
#include "error.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const int64_t pow10_i64[] = {
	1LL,
	10LL,
	100LL,
	1000LL,
	10000LL,
	100000LL,
	1000000LL,
	10000000LL,
	100000000LL,
	1000000000LL,
	10000000000LL,
	100000000000LL,
	1000000000000LL,
	10000000000000LL,
	100000000000000LL,
	1000000000000000LL,
	10000000000000000LL,
	100000000000000000LL,
	1000000000000000000LL,
};

static void free_big(struct dec *d)
{
	if (d->isbig) {
		mpz_clear(d->u.big);
		free(d->u.big);
		d->isbig = false;
		d->u.small = 0;
	}
}

void dec_clear(struct dec *d)
{
	free_big(d);
	d->u.small = 0;
	d->scale = 0;
}

/* Takes ownership of z's value (z is cleared by the caller afterwards). */
static void set_from_mpz(struct dec *out, const mpz_t z, int32_t scale)
{
	if (mpz_fits_slong_p(z) && sizeof(long) == sizeof(int64_t)) {
		int64_t v = (int64_t)mpz_get_si(z);
		free_big(out);
		out->u.small = v;
	} else {
		if (!out->isbig) {
			out->u.big = xmalloc(sizeof(*out->u.big));
			mpz_init(out->u.big);
			out->isbig = true;
		}
		mpz_set(out->u.big, z);
	}
	out->scale = scale;
}

static void get_mpz(mpz_t out, const struct dec *a)
{
	if (a->isbig)
		mpz_set(out, a->u.big);
	else
		mpz_set_si(out, (long)a->u.small);
}

static void mpz_mul_pow10(mpz_t z, int32_t n)
{
	if (n <= 0)
		return;
	mpz_t p;
	mpz_init(p);
	mpz_ui_pow_ui(p, 10, (unsigned long)n);
	mpz_mul(z, z, p);
	mpz_clear(p);
}

void dec_set(struct dec *out, const struct dec *a)
{
	if (out == a)
		return;
	if (a->isbig) {
		set_from_mpz(out, a->u.big, a->scale);
	} else {
		int64_t v = a->u.small;
		int32_t sc = a->scale;
		free_big(out);
		out->u.small = v;
		out->scale = sc;
	}
}

void dec_set_i64(struct dec *out, int64_t v, int32_t scale)
{
	free_big(out);
	out->u.small = v;
	out->scale = scale;
}

/* Scales a small coefficient up by 10^n; returns false on overflow. */
static bool scale_up_small(int64_t v, int32_t n, int64_t *out)
{
	if (n == 0) {
		*out = v;
		return true;
	}
	if (n > 18)
		return false;
	return !__builtin_mul_overflow(v, pow10_i64[n], out);
}

static void add_big(struct dec *out, const struct dec *a, const struct dec *b, bool sub)
{
	int32_t scale = a->scale > b->scale ? a->scale : b->scale;
	mpz_t x, y;
	mpz_init(x);
	mpz_init(y);
	get_mpz(x, a);
	get_mpz(y, b);
	mpz_mul_pow10(x, scale - a->scale);
	mpz_mul_pow10(y, scale - b->scale);
	if (sub)
		mpz_sub(x, x, y);
	else
		mpz_add(x, x, y);
	set_from_mpz(out, x, scale);
	mpz_clear(x);
	mpz_clear(y);
}

static void add_sub(struct dec *out, const struct dec *a, const struct dec *b, bool sub)
{
	if (!a->isbig && !b->isbig) {
		int32_t scale = a->scale > b->scale ? a->scale : b->scale;
		int64_t x, y, r;
		if (scale_up_small(a->u.small, scale - a->scale, &x) &&
		    scale_up_small(b->u.small, scale - b->scale, &y) &&
		    !(sub ? __builtin_sub_overflow(x, y, &r) : __builtin_add_overflow(x, y, &r))) {
			free_big(out);
			out->u.small = r;
			out->scale = scale;
			return;
		}
	}
	add_big(out, a, b, sub);
}

void dec_add(struct dec *out, const struct dec *a, const struct dec *b)
{
	add_sub(out, a, b, false);
}

void dec_sub(struct dec *out, const struct dec *a, const struct dec *b)
{
	add_sub(out, a, b, true);
}

void dec_neg(struct dec *out, const struct dec *a)
{
	if (!a->isbig && a->u.small != INT64_MIN) {
		int64_t v = -a->u.small;
		int32_t s = a->scale;
		free_big(out);
		out->u.small = v;
		out->scale = s;
		return;
	}
	mpz_t x;
	mpz_init(x);
	get_mpz(x, a);
	mpz_neg(x, x);
	set_from_mpz(out, x, a->scale);
	mpz_clear(x);
}

void dec_abs(struct dec *out, const struct dec *a)
{
	if (dec_sgn(a) < 0)
		dec_neg(out, a);
	else
		dec_set(out, a);
}

int dec_mul(struct dec *out, const struct dec *a, const struct dec *b)
{
	int32_t scale = a->scale + b->scale;
	if (scale > DEC_MAX_SCALE)
		return clerk_error_set(CLERK_EINVALID, "product has more than %d decimal places",
				       DEC_MAX_SCALE);
	int64_t r;
	if (!a->isbig && !b->isbig && !__builtin_mul_overflow(a->u.small, b->u.small, &r)) {
		free_big(out);
		out->u.small = r;
		out->scale = scale;
		return 0;
	}
	mpz_t x, y;
	mpz_init(x);
	mpz_init(y);
	get_mpz(x, a);
	get_mpz(y, b);
	mpz_mul(x, x, y);
	set_from_mpz(out, x, scale);
	mpz_clear(x);
	mpz_clear(y);
	return 0;
}

int dec_sgn(const struct dec *a)
{
	if (a->isbig)
		return mpz_sgn(a->u.big);
	return (a->u.small > 0) - (a->u.small < 0);
}

int dec_cmp(const struct dec *a, const struct dec *b)
{
	if (!a->isbig && !b->isbig) {
		if (a->scale == b->scale)
			return (a->u.small > b->u.small) - (a->u.small < b->u.small);
		int32_t scale = a->scale > b->scale ? a->scale : b->scale;
		int64_t x, y;
		if (scale_up_small(a->u.small, scale - a->scale, &x) &&
		    scale_up_small(b->u.small, scale - b->scale, &y))
			return (x > y) - (x < y);
	}
	struct dec d = DEC_INIT;
	dec_sub(&d, a, b);
	int s = dec_sgn(&d);
	dec_clear(&d);
	return s;
}

int32_t dec_needed_scale(const struct dec *a)
{
	int32_t s = a->scale;
	if (!a->isbig) {
		int64_t v = a->u.small;
		while (s > 0 && v % 10 == 0) {
			v /= 10;
			s--;
		}
		return s;
	}
	mpz_t x;
	mpz_init_set(x, a->u.big);
	while (s > 0 && mpz_divisible_ui_p(x, 10)) {
		mpz_divexact_ui(x, x, 10);
		s--;
	}
	mpz_clear(x);
	return s;
}

void dec_trim(struct dec *out, const struct dec *a)
{
	int32_t s = dec_needed_scale(a);
	if (dec_rescale(out, a, s, DEC_ROUND_NEVER))
		BUG("trimming lost digits");
}

/*
 * Divides x by d (d > 0) into q, rounding with mode. Returns false, with q
 * the truncated quotient, when mode is DEC_ROUND_NEVER and the division is
 * inexact.
 */
static bool div_round(mpz_t q, const mpz_t x, const mpz_t d, enum dec_round mode)
{
	mpz_t r;
	bool ok = true, away = false;
	mpz_init(r);
	mpz_tdiv_qr(q, r, x, d); /* truncates toward zero; r has x's sign */
	if (mpz_sgn(r) != 0) {
		/* compare 2|r| with d: below, at or above one half */
		mpz_abs(r, r);
		mpz_mul_2exp(r, r, 1);
		int cmp = mpz_cmp(r, d);
		switch (mode) {
		case DEC_ROUND_NEVER:
			ok = false;
			break;
		case DEC_ROUND_DOWN:
			break;
		case DEC_ROUND_HALF_UP:
			away = cmp >= 0;
			break;
		case DEC_ROUND_HALF_EVEN:
			away = cmp > 0 || (cmp == 0 && mpz_odd_p(q));
			break;
		}
	}
	if (away) {
		if (mpz_sgn(x) < 0)
			mpz_sub_ui(q, q, 1);
		else
			mpz_add_ui(q, q, 1);
	}
	mpz_clear(r);
	return ok;
}

/* Rounds x / 10^n to an integer with mode; returns false if NEVER and inexact. */
static bool div_pow10_round(mpz_t q, const mpz_t x, int32_t n, enum dec_round mode)
{
	mpz_t p;
	mpz_init(p);
	mpz_ui_pow_ui(p, 10, (unsigned long)n);
	bool ok = div_round(q, x, p, mode);
	mpz_clear(p);
	return ok;
}

int dec_rescale(struct dec *out, const struct dec *a, int32_t scale, enum dec_round mode)
{
	if (scale < 0 || scale > DEC_MAX_SCALE)
		return clerk_error_set(CLERK_EINVALID, "scale %d out of range", (int)scale);
	if (scale >= a->scale) {
		int64_t v;
		if (!a->isbig && scale_up_small(a->u.small, scale - a->scale, &v)) {
			free_big(out);
			out->u.small = v;
			out->scale = scale;
			return 0;
		}
		mpz_t x;
		mpz_init(x);
		get_mpz(x, a);
		mpz_mul_pow10(x, scale - a->scale);
		set_from_mpz(out, x, scale);
		mpz_clear(x);
		return 0;
	}
	mpz_t x, q;
	mpz_init(x);
	mpz_init(q);
	get_mpz(x, a);
	if (!div_pow10_round(q, x, a->scale - scale, mode)) {
		mpz_clear(x);
		mpz_clear(q);
		return clerk_error_set(CLERK_EINVALID, "rounding to %d decimal places would lose digits",
				       (int)scale);
	}
	set_from_mpz(out, q, scale);
	mpz_clear(x);
	mpz_clear(q);
	return 0;
}

void dec_get_mpq(mpq_t out, const struct dec *a)
{
	mpz_t num, den;
	mpz_init(num);
	mpz_init(den);
	get_mpz(num, a);
	mpz_ui_pow_ui(den, 10, (unsigned long)a->scale);
	mpq_set_num(out, num);
	mpq_set_den(out, den);
	mpq_canonicalize(out);
	mpz_clear(num);
	mpz_clear(den);
}

int dec_set_mpq(struct dec *out, const mpq_t q, int32_t scale, enum dec_round mode)
{
	if (scale < 0 || scale > DEC_MAX_SCALE)
		return clerk_error_set(CLERK_EINVALID, "scale %d out of range", (int)scale);
	mpz_t num, quo;
	int error = 0;
	mpz_init(num);
	mpz_init(quo);
	mpz_ui_pow_ui(num, 10, (unsigned long)scale);
	mpz_mul(num, mpq_numref(q), num);
	if (div_round(quo, num, mpq_denref(q), mode))
		set_from_mpz(out, quo, scale);
	else
		error = clerk_error_set(CLERK_EINVALID, "value is not exact at %d decimal places",
					(int)scale);
	mpz_clear(num);
	mpz_clear(quo);
	return error;
}

enum dec_xs_error dec_parse_xs(struct dec *out, const char *s, size_t n, bool allow_minus)
{
	char digits[64];
	size_t nd = 0, i = 0;
	int32_t scale = 0;
	bool point = false, neg = false, any = false;
	if (n && s[0] == '-' && !allow_minus)
		return DEC_XS_NEGATIVE;
	if (n && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i++;
	}
	for (; i < n; i++) {
		char c = s[i];
		if (c == '.' && !point) {
			point = true;
			continue;
		}
		if (c < '0' || c > '9')
			return DEC_XS_BAD;
		any = true;
		if (nd == 0 && c == '0' && !point)
			continue; /* leading zeros (ABN AMRO pads amounts with them) */
		if (nd == sizeof(digits))
			return DEC_XS_DIGITS;
		digits[nd++] = c;
		scale += point;
	}
	if (!any)
		return DEC_XS_BAD;
	if (scale > DEC_MAX_SCALE)
		return DEC_XS_SCALE;
	if (nd == 0) {
		dec_set_i64(out, 0, scale);
		return DEC_XS_OK;
	}
	return dec_from_digits(out, digits, nd, scale, neg) ? DEC_XS_BAD : DEC_XS_OK;
}

int dec_from_digits(struct dec *out, const char *digits, size_t n, int32_t scale, bool neg)
{
	if (!n)
		return clerk_error_set(CLERK_EPARSE, "expected digits");
	if (scale < 0 || scale > DEC_MAX_SCALE)
		return clerk_error_set(CLERK_EPARSE, "too many decimal places (at most %d)",
				       DEC_MAX_SCALE);
	if (n <= 18) {
		int64_t v = 0;
		for (size_t i = 0; i < n; i++) {
			if (digits[i] < '0' || digits[i] > '9')
				return clerk_error_set(CLERK_EPARSE, "expected a digit");
			v = v * 10 + (digits[i] - '0');
		}
		free_big(out);
		out->u.small = neg ? -v : v;
		out->scale = scale;
		return 0;
	}
	char *tmp = xmemdupz(digits, n);
	mpz_t x;
	mpz_init(x);
	for (size_t i = 0; i < n; i++)
		if (tmp[i] < '0' || tmp[i] > '9') {
			free(tmp);
			mpz_clear(x);
			return clerk_error_set(CLERK_EPARSE, "expected a digit");
		}
	mpz_set_str(x, tmp, 10);
	if (neg)
		mpz_neg(x, x);
	set_from_mpz(out, x, scale);
	mpz_clear(x);
	free(tmp);
	return 0;
}

void dec_format(struct strbuf *out, const struct dec *a, int32_t min_scale, char mark, char group)
{
	char small_buf[24];
	char *digits;
	char *heap = NULL;
	bool neg;
	int32_t scale = a->scale;

	if (a->isbig) {
		heap = mpz_get_str(NULL, 10, a->u.big);
		neg = heap[0] == '-';
		digits = heap + neg;
	} else {
		uint64_t u = a->u.small < 0 ? (uint64_t)0 - (uint64_t)a->u.small : (uint64_t)a->u.small;
		char *p = small_buf + sizeof(small_buf);
		*--p = '\0';
		do {
			*--p = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		neg = a->u.small < 0;
		digits = p;
	}
	size_t nd = strlen(digits);
	/* integer part has nd - scale digits (at least one, "0") */
	size_t nint = nd > (size_t)scale ? nd - (size_t)scale : 0;
	if (neg)
		strbuf_addch(out, '-');
	if (!nint) {
		strbuf_addch(out, '0');
	} else {
		for (size_t i = 0; i < nint; i++) {
			if (group && i && (nint - i) % 3 == 0)
				strbuf_addch(out, group);
			strbuf_addch(out, digits[i]);
		}
	}
	int32_t needed = dec_needed_scale(a);
	int32_t shown = needed > min_scale ? needed : min_scale;
	if (shown > 0) {
		strbuf_addch(out, mark);
		/* the stored fraction is `scale` digits: leading zeros when nd < scale */
		int32_t lead = (size_t)scale > nd ? scale - (int32_t)nd : 0;
		int32_t from_stored = shown < scale ? shown : scale;
		int32_t z = lead < from_stored ? lead : from_stored;
		strbuf_addchars(out, '0', (size_t)z);
		if (from_stored > z)
			strbuf_add(out, digits + nint, (size_t)(from_stored - z));
		if (shown > scale)
			strbuf_addchars(out, '0', (size_t)(shown - scale));
	}
	if (heap) {
		void (*freefn)(void *, size_t);
		mp_get_memory_functions(NULL, NULL, &freefn);
		freefn(heap, strlen(heap) + 1);
	}
}

void dec_format_plain(struct strbuf *out, const struct dec *a, int32_t min_scale)
{
	dec_format(out, a, min_scale, '.', 0);
}
