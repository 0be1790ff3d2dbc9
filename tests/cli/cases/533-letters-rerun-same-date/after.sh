cmp books.journal books.before && ls posted | cmp - posted.before && echo "books unchanged"
