/*
 * fault.h - named crash points for durability tests.
 *
 * fault_point("post:after-posted-rename") kills the process with SIGKILL
 * when the environment variable CLERK_FAULT names that point. Tests use it
 * to prove that a kill at any step leaves the books before or after a
 * commit, never in between. Built in unless configured with
 * --disable-fault-injection.
 */
#ifndef CLERK_FAULT_H
#define CLERK_FAULT_H

#include "compat.h"

void fault_point(const char *name);
/**
 * True when CLERK_FAULT names this point (NAME or NAME#N, as above): the
 * caller then fails as if the system call had (`write:enospc` makes a file
 * write fail with ENOSPC, a full disk).
 */
bool fault_error(const char *name);

#endif
