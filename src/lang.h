/*
 * lang.h - the languages of the documents a customer reads (statements,
 * reminders, invoices): the wording from the translators' tables in lang/
 * (turned into C at build time by scripts/lang-gen.sh: no file is read at
 * run time), and dates and amounts written the language's way
 * (formats/languages.md).
 *
 * A party's language is the `lang:` tag on its account, else on its control
 * account (the one with `role: receivable` or `role: payable`), else on the
 * receivable control account, else English.
 */
#ifndef CLERK_LANG_H
#define CLERK_LANG_H

#include "compat.h"
#include "date.h"
#include "decimal.h"
#include "journal.h"
#include "lang_table.h"
#include "util/strbuf.h"

/** The language of code ("en", "de", "lv"), or -1. */
int lang_parse(const char *code);
/** The code of l ("en"). */
const char *lang_code(enum lang l);
/** The known code nearest to an unknown one ("de" for "deu"), or NULL. */
const char *lang_near(const char *code);
/** The language of party account a (see above); a need not be a party. */
enum lang lang_of_account(const struct journal *j, uint32_t a);

/** The text of key k in l, as the table has it (with its {1}, {2}). */
const char *lang_text(enum lang l, enum lang_key k);
/**
 * Appends the text of key k with {1}..{n} replaced by args[0..n) (a
 * placeholder beyond n, or an unknown one, is kept as written). With html,
 * the text is escaped and the arguments are inserted as given (the caller
 * escapes them).
 */
void lang_fill(struct strbuf *out, enum lang l, enum lang_key k, const char *const *args, size_t n, bool html);

/** A date: en 2026-12-05 (ISO 8601), de and lv 05.12.2026. */
void lang_date(struct strbuf *out, enum lang l, clerk_date d);
/** A number with scale decimals: en 1,234.56, de 1.234,56, lv 1 234,56. */
void lang_number(struct strbuf *out, enum lang l, const struct dec *v, int32_t scale);

#endif
