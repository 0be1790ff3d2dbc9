/*
 * vec.h - typed growable arrays.
 *
 *   VEC(struct posting) v = VEC_INIT;
 *   VEC_PUSH(&v, p);                       // copies p
 *   struct posting *slot = VEC_GROW(&v);   // new zeroed slot at the end
 *   VEC_FREE(&v);                          // frees the storage, not what elements own
 */
#ifndef CLERK_VEC_H
#define CLERK_VEC_H

#include <string.h>
#include "util/xalloc.h"

#define VEC(type) struct { type *v; size_t n, alloc; }
#define VEC_INIT { NULL, 0, 0 }

/* The one vector type several modules pass around. */
typedef VEC(uint32_t) u32_vec;

/** Makes room for `want` elements of size elsz in *v; returns *v. */
void *vec_reserve_(void **v, size_t *alloc, size_t want, size_t elsz);

#define VEC_RESERVE(vec, want) \
	((want) > (vec)->alloc ? vec_reserve_((void **)&(vec)->v, &(vec)->alloc, (want), sizeof(*(vec)->v)) \
			       : (void *)(vec)->v)

#define VEC_PUSH(vec, item)                                                       \
	do {                                                                      \
		VEC_RESERVE((vec), (vec)->n + 1);                                 \
		(vec)->v[(vec)->n++] = (item);                                    \
	} while (0)

#define VEC_GROW(vec)                                                             \
	(VEC_RESERVE((vec), (vec)->n + 1),                                        \
	 memset(&(vec)->v[(vec)->n], 0, sizeof(*(vec)->v)), &(vec)->v[(vec)->n++])

#define VEC_FREE(vec)                                                             \
	do {                                                                      \
		free((vec)->v);                                                   \
		(vec)->v = NULL;                                                  \
		(vec)->n = (vec)->alloc = 0;                                      \
	} while (0)

#endif
