# the 43 public sample e-invoices of the shared corpus (../shared/einvoice-corpus,
# CATALOG.md), received into books with one vendor per valid seller VAT id of the
# catalogue (books.journal, made from catalog.csv) and every currency declared:
# none is refused (they are all valid); they are posted, or held (sellers without
# VAT id, new IBANs, credit notes for bills not in the books, two sellers under one
# VAT id) or duplicates (samples that share a seller and a number)
corpus=${SHARED:-$top_srcdir/../shared}/einvoice-corpus/files
[ -d "$corpus" ] || { echo "no shared corpus at $corpus"; exit 77; }
mkdir docs
cp "$corpus"/*.xml docs/
