# a binary file given as the books: starts with a NUL byte
printf '\000\001\002\003PK\003\004 not a journal\n2023-01-01 x\n' >books.journal
