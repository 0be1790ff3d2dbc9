#include "compat.h"
#include "fault.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * CLERK_FAULT=NAME kills the process at the first fault_point(NAME);
 * CLERK_FAULT=NAME#N at the Nth (a run commits twice, writes many files).
 */
/* True when CLERK_FAULT names this point and this is the hit it asks for. */
static bool hit(const char *name)
{
#ifdef CLERK_FAULT_INJECTION
	static unsigned long hits;
	const char *want = getenv("CLERK_FAULT");
	if (!want)
		return false;
	const char *hash = strchr(want, '#');
	size_t n = hash ? (size_t)(hash - want) : strlen(want);
	if (strlen(name) != n || memcmp(want, name, n))
		return false;
	unsigned long nth = hash ? strtoul(hash + 1, NULL, 10) : 1;
	return ++hits == nth;
#else
	(void)name;
	return false;
#endif
}

void fault_point(const char *name)
{
	if (hit(name))
		kill(getpid(), SIGKILL);
}

bool fault_error(const char *name)
{
	return hit(name);
}
