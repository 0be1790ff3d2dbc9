# a batch with a misspelt account (the nearest declared one suggested) and an
# account far from every declared one (no suggestion): refused, nothing posted
snapshot_save
