#include "compat.h"
#include "terms.h"

#include <string.h>

static bool read_int(const char **p, int *out)
{
	const char *s = *p;
	int v = 0, n = 0;
	while (*s >= '0' && *s <= '9') {
		if (v > 100000)
			return false;
		v = v * 10 + (*s - '0');
		s++;
		n++;
	}
	if (!n)
		return false;
	*p = s;
	*out = v;
	return true;
}

static void skip_sp(const char **p)
{
	while (**p == ' ')
		(*p)++;
}

const char *terms_parse(const char *s, struct terms *out)
{
	const char *p = s;
	static const char usage[] = "payment terms must be 'net DAYS' or 'PERCENT/DAYS net DAYS'";
	out->net_days = 0;
	out->discount_days = 0;
	dec_set_i64(&out->discount_pct, 0, 0);
	skip_sp(&p);
	if (*p >= '0' && *p <= '9') {
		const char *ds = p;
		while ((*p >= '0' && *p <= '9') || *p == '.')
			p++;
		const char *de = p;
		const char *dot = memchr(ds, '.', (size_t)(de - ds));
		size_t nint = dot ? (size_t)(dot - ds) : (size_t)(de - ds);
		char digits[32];
		size_t nd = 0;
		int32_t scale = 0;
		if ((size_t)(de - ds) >= sizeof(digits) || !nint || (dot && (dot + 1 == de || memchr(dot + 1, '.', (size_t)(de - dot - 1)))))
			return usage;
		for (const char *q = ds; q < de; q++)
			if (*q != '.')
				digits[nd++] = *q;
		if (dot)
			scale = (int32_t)(de - dot - 1);
		if (dec_from_digits(&out->discount_pct, digits, nd, scale, false))
			return usage;
		if (*p == '%')
			p++;
		if (*p != '/')
			return usage;
		p++;
		if (!read_int(&p, &out->discount_days))
			return usage;
		skip_sp(&p);
	}
	if (strncmp(p, "net", 3))
		return usage;
	p += 3;
	skip_sp(&p);
	if (!read_int(&p, &out->net_days))
		return usage;
	skip_sp(&p);
	if (*p)
		return usage;
	if (out->discount_days > out->net_days)
		return "the discount period is longer than the net period";
	struct dec hundred = DEC_INIT;
	dec_set_i64(&hundred, 100, 0);
	bool too_big = dec_cmp(&out->discount_pct, &hundred) >= 0;
	dec_clear(&hundred);
	if (too_big)
		return "the discount must be less than 100 %";
	return NULL;
}

void terms_release(struct terms *t)
{
	dec_clear(&t->discount_pct);
}
