/*
 * near.h - edit distances between names, for "did you mean" suggestions
 * (reserved tags and accounts in clerk check, commands on the command line).
 *
 * Names are compared as Unicode code points with ASCII letters folded to
 * lower case. The distance is the optimal string alignment distance
 * (insertions, deletions, substitutions and swaps of two adjacent
 * characters).
 */
#ifndef CLERK_UTIL_NEAR_H
#define CLERK_UTIL_NEAR_H

#include "util/vec.h"

#include <stddef.h>
#include <stdint.h>

/* Scratch space for edit distances: two names as code points, the table's rows. */
struct near {
	u32_vec a, b, rows;
};

#define NEAR_INIT { VEC_INIT, VEC_INIT, VEC_INIT }

void near_release(struct near *nr);

/** Appends the code points of s to out, ASCII letters in lower case. */
void near_add_code_points(u32_vec *out, const char *s);

/**
 * The distance between a[0..n) and b[0..m), or limit + 1 as soon as it is
 * known to be more than limit (only a band around the diagonal is computed).
 */
unsigned near_distance(struct near *nr, const uint32_t *a, size_t n, const uint32_t *b, size_t m,
		       unsigned limit);

/**
 * The name of names[0..n) nearest to word, at most limit edits away (the
 * first of equals), or NULL. Borrowed from names.
 */
const char *near_closest(const char *word, const char *const *names, size_t n, unsigned limit);

#endif
