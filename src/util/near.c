/*
 * near.c - how far apart two names are, for "did you mean" (near.h).
 */
#include "compat.h"
#include "util/near.h"
#include "util/utf8.h"

#include <string.h>

void near_release(struct near *nr)
{
	VEC_FREE(&nr->a);
	VEC_FREE(&nr->b);
	VEC_FREE(&nr->rows);
}

/*
 * Appends the code points of s to out, ASCII letters in lower case (a byte
 * that is not valid UTF-8 stands for itself; the loader refuses them anyway).
 */
void near_add_code_points(u32_vec *out, const char *s)
{
	size_t n = strlen(s);
	VEC_RESERVE(out, out->n + n);
	for (size_t i = 0; i < n;) {
		uint32_t cp = (unsigned char)s[i];
		size_t k = cp < 0x80 ? 1 : utf8_decode(s + i, n - i, &cp);
		i += k ? k : 1;
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		out->v[out->n++] = cp;
	}
}

/*
 * The optimal string alignment distance between a[0..n) and b[0..m): the
 * number of insertions, deletions, substitutions and swaps of two adjacent
 * characters that turn one into the other (Damerau-Levenshtein without
 * editing a substring twice). Returns limit + 1 as soon as it is known to
 * be more than limit. Only the band of cells within `limit` of the
 * diagonal is computed (the others are more than limit anyway), so a
 * comparison costs about (2 limit + 1) steps per character.
 */
unsigned near_distance(struct near *nr, const uint32_t *a, size_t n, const uint32_t *b,
			     size_t m, unsigned limit)
{
	const uint32_t far = limit + 1;
	if ((n > m ? n - m : m - n) > limit)
		return far;
	VEC_RESERVE(&nr->rows, 3 * (m + 2));
	uint32_t *r2 = nr->rows.v, *r1 = r2 + m + 2, *r0 = r1 + m + 2; /* rows i-2, i-1, i */
	for (size_t k = 0; k <= m + 1; k++)
		r2[k] = r0[k] = far, r1[k] = k < far ? (uint32_t)k : far;
	for (size_t i = 1; i <= n; i++) {
		size_t lo = i > limit ? i - limit : 1, hi = i + limit < m ? i + limit : m;
		uint32_t best = r0[lo - 1] = lo == 1 && i < far ? (uint32_t)i : far;
		for (size_t k = lo; k <= hi; k++) {
			uint32_t v = r1[k - 1] + (a[i - 1] != b[k - 1]);
			if (r1[k] + 1 < v)
				v = r1[k] + 1;
			if (r0[k - 1] + 1 < v)
				v = r0[k - 1] + 1;
			if (i > 1 && k > 1 && a[i - 1] == b[k - 2] && a[i - 2] == b[k - 1] &&
			    r2[k - 2] + 1 < v)
				v = r2[k - 2] + 1;
			r0[k] = v < far ? v : far;
			if (v < best)
				best = v;
		}
		r0[hi + 1] = far;
		if (best > limit)
			return far;
		uint32_t *t = r2;
		r2 = r1;
		r1 = r0;
		r0 = t;
	}
	return r1[m] > limit ? far : r1[m];
}

const char *near_closest(const char *word, const char *const *names, size_t n, unsigned limit)
{
	struct near nr = NEAR_INIT;
	const char *best = NULL;
	unsigned best_d = limit + 1;
	near_add_code_points(&nr.a, word);
	for (size_t i = 0; i < n; i++) {
		nr.b.n = 0;
		near_add_code_points(&nr.b, names[i]);
		unsigned d = near_distance(&nr, nr.a.v, nr.a.n, nr.b.v, nr.b.n, limit);
		if (d < best_d) { /* the first of equals: names are given in a meaningful order */
			best_d = d;
			best = names[i];
		}
	}
	near_release(&nr);
	return best;
}
