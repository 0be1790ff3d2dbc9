/*
 * banned.h - functions that must not be used in Clerk (git's banned.h).
 * Parsing input goes through util/strparse.h; formatting through strbuf.
 */
#ifndef CLERK_BANNED_H
#define CLERK_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef sscanf
#define sscanf(...) BANNED(sscanf)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef localtime
#define localtime(x) BANNED(localtime)
#undef mktemp
#define mktemp(x) BANNED(mktemp)
#undef strtod
#define strtod(x, y) BANNED(strtod)
#undef atof
#define atof(x) BANNED(atof)

#endif
