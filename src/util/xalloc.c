#include "compat.h"
#include "util/xalloc.h"
#include "util/vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void NORETURN die_oom(size_t n)
{
	fprintf(stderr, "clerk: fatal: out of memory allocating %zu bytes\n", n);
	abort();
}

size_t st_mult(size_t nmemb, size_t size)
{
	size_t r;
	if (__builtin_mul_overflow(nmemb, size, &r))
		die_oom(SIZE_MAX);
	return r;
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die_oom(st_mult(nmemb, size));
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom(n);
	return q;
}

char *xmemdupz(const void *s, size_t n)
{
	char *p = xmalloc(n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xmemdupz(s, strlen(s));
}

void *vec_reserve_(void **v, size_t *alloc, size_t want, size_t elsz)
{
	size_t na = *alloc ? *alloc : 8;
	while (na < want)
		na = na + na / 2 + 8;
	*v = xrealloc(*v, st_mult(na, elsz));
	*alloc = na;
	return *v;
}
